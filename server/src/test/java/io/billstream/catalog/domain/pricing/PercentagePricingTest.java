package io.billstream.catalog.domain.pricing;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.events;
import static io.billstream.catalog.domain.pricing.PricingFixtures.units;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PercentagePricingTest {

    private static PriceComponent.Events fees(PriceEvaluation evaluation) {
        return (PriceComponent.Events) evaluation.breakdown().getFirst();
    }

    @Test
    void without_per_event_options_the_fee_is_the_rate_times_the_sum() {
        PercentagePricing rate = PercentagePricing.of(d("2.5"));

        PriceEvaluation evaluation = rate.evaluate(events("100", "200.50"));

        assertThat(evaluation.amount()).isEqualTo(d("7.5125"));
        assertThat(evaluation.amount()).isEqualByComparingTo(d("300.50").multiply(d("0.025")));
    }

    @Test
    void no_events_cost_nothing() {
        PriceEvaluation evaluation = PercentagePricing.of(d("2.5")).evaluate(events());

        assertThat(evaluation.amount()).isEqualByComparingTo("0");
        assertThat(fees(evaluation).events()).isZero();
    }

    @Test
    void the_fixed_fee_is_charged_on_every_event() {
        PercentagePricing card = new PercentagePricing(d("2.9"), d("0.30"), 0, null, null);

        PriceEvaluation evaluation = card.evaluate(events("10", "20"));

        // (0.29 + 0.30) + (0.58 + 0.30)
        assertThat(evaluation.amount()).isEqualTo(d("1.47"));
        assertThat(fees(evaluation).rateAmount()).isEqualTo(d("0.87"));
        assertThat(fees(evaluation).fixedFees()).isEqualTo(d("0.6"));
    }

    @Test
    void the_first_free_events_pay_neither_rate_nor_fixed_fee() {
        PercentagePricing twoFree = new PercentagePricing(d("2.5"), d("0.10"), 2, null, null);

        PriceEvaluation evaluation = twoFree.evaluate(events("1000", "1000", "100"));

        // only the third event: 2.50 + 0.10
        assertThat(evaluation.amount()).isEqualTo(d("2.6"));
        assertThat(fees(evaluation).freeEvents()).isEqualTo(2);
        assertThat(fees(evaluation).billableAmount()).isEqualTo(d("100"));
    }

    @Test
    void fewer_events_than_free_events_cost_nothing() {
        PercentagePricing fiveFree = new PercentagePricing(d("2.5"), d("0.10"), 5, d("0.50"), null);

        PriceEvaluation evaluation = fiveFree.evaluate(events("100", "100"));

        assertThat(evaluation.amount()).isEqualByComparingTo("0");
        assertThat(fees(evaluation).freeEvents()).isEqualTo(2);
    }

    @Test
    void a_fee_below_the_per_event_minimum_is_raised_to_it() {
        PercentagePricing withMinimum = new PercentagePricing(d("2.5"), null, 0, d("0.50"), null);

        PriceEvaluation evaluation = withMinimum.evaluate(events("10"));

        assertThat(evaluation.amount()).isEqualTo(d("0.5"));
        assertThat(fees(evaluation).perEventMinimumAdjustment()).isEqualTo(d("0.25"));
    }

    @Test
    void a_fee_above_the_per_event_maximum_is_capped_at_it() {
        PercentagePricing withMaximum = new PercentagePricing(d("2.5"), null, 0, null, d("10"));

        PriceEvaluation evaluation = withMaximum.evaluate(events("1000"));

        assertThat(evaluation.amount()).isEqualTo(d("10"));
        assertThat(fees(evaluation).perEventMaximumAdjustment()).isEqualTo(d("-15"));
    }

    @Test
    void a_fee_exactly_at_a_per_event_bound_is_not_adjusted() {
        PercentagePricing bounded = new PercentagePricing(d("2.5"), null, 0, d("0.50"), d("10"));

        PriceEvaluation evaluation = bounded.evaluate(events("20", "400"));

        assertThat(evaluation.amount()).isEqualTo(d("10.5"));
        assertThat(fees(evaluation).perEventMinimumAdjustment()).isEqualByComparingTo("0");
        assertThat(fees(evaluation).perEventMaximumAdjustment()).isEqualByComparingTo("0");
    }

    @Test
    void per_event_bounds_apply_to_each_event_not_to_the_total() {
        PercentagePricing bounded = new PercentagePricing(d("2.5"), null, 0, d("0.50"), d("10"));

        PriceEvaluation evaluation = bounded.evaluate(events("10", "1000"));

        // 0.25 raised to 0.50, 25 capped at 10; the total 25.25 alone would have been capped at 10
        assertThat(evaluation.amount()).isEqualTo(d("10.5"));
    }

    @Test
    void the_fixed_fee_counts_towards_the_per_event_bounds() {
        PercentagePricing bounded = new PercentagePricing(d("2"), d("0.30"), 0, d("0.50"), null);

        PriceEvaluation evaluation = bounded.evaluate(events("15"));

        // 0.30 + 0.30 = 0.60 is above the minimum
        assertThat(evaluation.amount()).isEqualTo(d("0.6"));
    }

    @Test
    void fractions_of_a_cent_are_kept_exactly() {
        PriceEvaluation evaluation = PercentagePricing.of(d("2.5")).evaluate(events("0.01"));

        assertThat(evaluation.amount()).isEqualTo(d("0.00025"));
    }

    @Test
    void usage_counted_without_event_amounts_is_refused_naming_event_amounts() {
        PercentagePricing rate = PercentagePricing.of(d("2.5"));

        assertThatThrownBy(() -> rate.evaluate(units("300")))
                .isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo("event_amounts");
    }
}
