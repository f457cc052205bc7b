package io.billstream.catalog.domain.pricing;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.threeTiers;
import static io.billstream.catalog.domain.pricing.PricingFixtures.tier;
import static io.billstream.catalog.domain.pricing.PricingFixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

class VolumePricingTest {

    private final VolumePricing pricing = new VolumePricing(threeTiers());

    @Test
    void zero_units_cost_nothing_not_even_the_first_tiers_flat_fee() {
        VolumePricing withFirstTierFee = new VolumePricing(List.of(tier("0", "10", "1", "9"), tier("10", null, "0.5")));

        PriceEvaluation evaluation = withFirstTierFee.evaluate(units("0"));

        assertThat(evaluation.amount()).isEqualByComparingTo("0");
        assertThat(evaluation.breakdown()).isEmpty();
    }

    @Test
    void all_units_are_priced_at_the_tier_the_total_falls_in() {
        PriceEvaluation evaluation = pricing.evaluate(units("500"));

        // 500 × 0.05 + 5
        assertThat(evaluation.amount()).isEqualTo(d("30"));
        assertThat(evaluation.breakdown()).containsExactly(new PriceComponent.TierUnits(2, threeTiers().get(1), d("500")));
    }

    @Test
    void a_total_exactly_on_a_tier_edge_stays_in_the_lower_tier() {
        PriceEvaluation evaluation = pricing.evaluate(units("100"));

        assertThat(evaluation.amount()).isEqualTo(d("10"));
        assertThat(evaluation.breakdown()).singleElement()
                .extracting(c -> ((PriceComponent.TierUnits) c).tierNumber()).isEqualTo(1);
    }

    @Test
    void one_unit_past_an_edge_moves_every_unit_to_the_next_tier() {
        PriceEvaluation evaluation = pricing.evaluate(units("101"));

        // 101 × 0.05 + 5
        assertThat(evaluation.amount()).isEqualTo(d("10.05"));
    }

    @Test
    void a_fractional_total_just_past_an_edge_falls_in_the_next_tier() {
        PriceEvaluation evaluation = pricing.evaluate(units("100.5"));

        // 100.5 × 0.05 + 5
        assertThat(evaluation.amount()).isEqualTo(d("10.025"));
    }

    @Test
    void the_flat_fee_of_the_tier_the_total_falls_in_is_added_once() {
        PriceEvaluation evaluation = pricing.evaluate(units("1000"));

        // 1000 × 0.05 + 5, the fee of tier 2 only
        assertThat(evaluation.amount()).isEqualTo(d("55"));
    }

    @Test
    void a_total_in_the_unbounded_last_tier_is_priced_at_its_price() {
        PriceEvaluation evaluation = pricing.evaluate(units("1000.1"));

        assertThat(evaluation.amount()).isEqualTo(d("10.001"));
        assertThat(evaluation.breakdown()).singleElement()
                .extracting(c -> ((PriceComponent.TierUnits) c).tierNumber()).isEqualTo(3);
    }
}
