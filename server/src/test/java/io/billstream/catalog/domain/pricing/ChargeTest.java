package io.billstream.catalog.domain.pricing;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.units;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChargeTest {

    private final StandardPricing oneEach = new StandardPricing(d("1"));

    @Test
    void a_minimum_raises_a_smaller_amount_and_reports_the_difference() {
        Charge charge = new Charge(oneEach, d("25"));

        PriceEvaluation evaluation = charge.evaluate(units("10"));

        assertThat(evaluation.amount()).isEqualTo(d("25"));
        assertThat(evaluation.minimumAdjustment()).isEqualTo(d("15"));
        assertThat(evaluation.breakdown()).singleElement().extracting(PriceComponent::amount).isEqualTo(d("10"));
    }

    @Test
    void a_minimum_does_not_apply_when_usage_exceeds_it() {
        Charge charge = new Charge(oneEach, d("25"));

        PriceEvaluation evaluation = charge.evaluate(units("30"));

        assertThat(evaluation.amount()).isEqualTo(d("30"));
        assertThat(evaluation.minimumAdjustment()).isEqualByComparingTo("0");
    }

    @Test
    void usage_exactly_at_the_minimum_is_not_adjusted() {
        Charge charge = new Charge(oneEach, d("25"));

        PriceEvaluation evaluation = charge.evaluate(units("25"));

        assertThat(evaluation.amount()).isEqualTo(d("25"));
        assertThat(evaluation.minimumAdjustment()).isEqualByComparingTo("0");
    }

    @Test
    void the_minimum_applies_at_zero_usage_because_it_is_a_commitment() {
        Charge charge = new Charge(oneEach, d("25"));

        PriceEvaluation evaluation = charge.evaluate(units("0"));

        assertThat(evaluation.amount()).isEqualTo(d("25"));
        assertThat(evaluation.minimumAdjustment()).isEqualTo(d("25"));
    }

    @Test
    void the_minimum_applies_to_a_tiered_model_whose_breakdown_is_empty() {
        Charge charge = new Charge(new GraduatedPricing(PricingFixtures.threeTiers()), d("9.99"));

        PriceEvaluation evaluation = charge.evaluate(units("0"));

        assertThat(evaluation.breakdown()).isEmpty();
        assertThat(evaluation.amount()).isEqualTo(d("9.99"));
    }

    @Test
    void without_a_minimum_the_charge_bills_what_the_model_priced() {
        Charge charge = Charge.of(oneEach);

        PriceEvaluation evaluation = charge.evaluate(units("0"));

        assertThat(evaluation).isEqualTo(oneEach.evaluate(units("0")));
    }

    @Test
    void a_negative_minimum_is_refused_naming_min_amount() {
        assertThatThrownBy(() -> new Charge(oneEach, d("-1"))).extracting("field").isEqualTo("min_amount");
    }
}
