package io.billstream.catalog.domain.pricing;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.threeTiers;
import static io.billstream.catalog.domain.pricing.PricingFixtures.tier;
import static io.billstream.catalog.domain.pricing.PricingFixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

class GraduatedPricingTest {

    private final GraduatedPricing pricing = new GraduatedPricing(threeTiers());

    @Test
    void zero_units_enter_no_tier_and_cost_nothing() {
        PriceEvaluation evaluation = pricing.evaluate(units("0"));

        assertThat(evaluation.amount()).isEqualByComparingTo("0");
        assertThat(evaluation.breakdown()).isEmpty();
    }

    @Test
    void units_inside_the_first_tier_are_priced_at_its_price() {
        PriceEvaluation evaluation = pricing.evaluate(units("50"));

        assertThat(evaluation.amount()).isEqualTo(d("5"));
        assertThat(evaluation.breakdown()).containsExactly(new PriceComponent.TierUnits(1, threeTiers().get(0), d("50")));
    }

    @Test
    void units_exactly_on_a_tier_edge_stay_in_the_lower_tier() {
        PriceEvaluation evaluation = pricing.evaluate(units("100"));

        assertThat(evaluation.amount()).isEqualTo(d("10"));
        assertThat(evaluation.breakdown()).singleElement()
                .isEqualTo(new PriceComponent.TierUnits(1, threeTiers().get(0), d("100")));
    }

    @Test
    void one_unit_past_an_edge_enters_the_next_tier_and_pays_its_flat_fee() {
        PriceEvaluation evaluation = pricing.evaluate(units("101"));

        // 100 × 0.10 + (1 × 0.05 + 5)
        assertThat(evaluation.amount()).isEqualTo(d("15.05"));
        assertThat(evaluation.breakdown()).extracting(PriceComponent::amount).containsExactly(d("10"), d("5.05"));
    }

    @Test
    void fractional_units_past_an_edge_are_priced_exactly_in_the_next_tier() {
        PriceEvaluation evaluation = pricing.evaluate(units("100.5"));

        // 100 × 0.10 + (0.5 × 0.05 + 5)
        assertThat(evaluation.amount()).isEqualTo(d("15.025"));
        assertThat(((PriceComponent.TierUnits) evaluation.breakdown().get(1)).units()).isEqualTo(d("0.5"));
    }

    @Test
    void usage_across_every_tier_prices_each_part_at_its_own_tier() {
        PriceEvaluation evaluation = pricing.evaluate(units("1500"));

        // 100 × 0.10 + (900 × 0.05 + 5) + 500 × 0.01
        assertThat(evaluation.amount()).isEqualTo(d("65"));
        assertThat(evaluation.breakdown()).extracting(c -> ((PriceComponent.TierUnits) c).units())
                .containsExactly(d("100"), d("900"), d("500"));
    }

    @Test
    void usage_exactly_on_the_last_bounded_edge_does_not_enter_the_unbounded_tier() {
        PriceEvaluation evaluation = pricing.evaluate(units("1000"));

        assertThat(evaluation.amount()).isEqualTo(d("60"));
        assertThat(evaluation.breakdown()).hasSize(2);
    }

    @Test
    void each_tier_entered_charges_its_flat_fee_once() {
        GraduatedPricing withFees = new GraduatedPricing(List.of(
                tier("0", "10", "1", "2"),
                tier("10", "20", "1", "3"),
                tier("20", null, "1", "4")));

        PriceEvaluation oneUnit = withFees.evaluate(units("1"));
        PriceEvaluation fifteenUnits = withFees.evaluate(units("15"));

        assertThat(oneUnit.amount()).isEqualTo(d("3"));
        assertThat(fifteenUnits.amount()).isEqualTo(d("20"));
    }

    @Test
    void a_flat_fee_only_tier_charges_the_fee_for_any_usage_in_it() {
        GraduatedPricing platformFee = new GraduatedPricing(List.of(
                tier("0", "1000", "0", "49"),
                tier("1000", null, "0.02")));

        assertThat(platformFee.evaluate(units("0.001")).amount()).isEqualTo(d("49"));
        assertThat(platformFee.evaluate(units("1001")).amount()).isEqualTo(d("49.02"));
    }
}
