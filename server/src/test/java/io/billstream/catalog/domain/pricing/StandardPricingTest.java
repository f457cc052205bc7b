package io.billstream.catalog.domain.pricing;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.units;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardPricingTest {

    @Test
    void zero_units_cost_nothing() {
        StandardPricing price = new StandardPricing(d("0.002"));

        PriceEvaluation evaluation = price.evaluate(units("0"));

        assertThat(evaluation.amount()).isEqualByComparingTo("0");
        assertThat(evaluation.breakdown()).containsExactly(new PriceComponent.Units(d("0"), d("0.002")));
    }

    @Test
    void every_unit_costs_the_unit_price() {
        StandardPricing price = new StandardPricing(d("0.002"));

        PriceEvaluation evaluation = price.evaluate(units("150"));

        assertThat(evaluation.amount()).isEqualByComparingTo("0.3");
        assertThat(evaluation.breakdown()).singleElement().extracting(PriceComponent::amount).isEqualTo(d("0.3"));
        assertThat(evaluation.minimumAdjustment()).isEqualByComparingTo("0");
    }

    @Test
    void fractional_units_are_priced_exactly() {
        StandardPricing perGigabyte = new StandardPricing(d("0.023"));

        PriceEvaluation evaluation = perGigabyte.evaluate(units("100.5"));

        assertThat(evaluation.amount()).isEqualTo(d("2.3115"));
    }

    @Test
    void a_twelve_decimal_unit_price_times_a_million_is_exact() {
        StandardPricing perCall = new StandardPricing(d("0.000000000001"));

        PriceEvaluation evaluation = perCall.evaluate(units("1000000"));

        assertThat(evaluation.amount()).isEqualTo(d("0.000001"));
    }

    @Test
    void large_quantities_keep_every_digit() {
        StandardPricing perToken = new StandardPricing(d("0.000000000007"));

        PriceEvaluation evaluation = perToken.evaluate(units("123456789123.456"));

        assertThat(evaluation.amount()).isEqualTo(d("0.864197523864192"));
    }

    @Test
    void a_negative_unit_price_is_refused_naming_unit_price() {
        assertThatThrownBy(() -> new StandardPricing(d("-0.01")))
                .isInstanceOf(io.billstream.platform.domain.InvalidValueException.class)
                .extracting("field").isEqualTo("unit_price");
    }

    @Test
    void a_unit_price_with_more_than_twelve_decimal_places_is_refused_naming_unit_price() {
        assertThatThrownBy(() -> new StandardPricing(d("0.0000000000001")))
                .hasMessageContaining("12 decimal places")
                .extracting("field").isEqualTo("unit_price");
    }

    @Test
    void trailing_zeros_do_not_count_as_decimal_places() {
        StandardPricing price = new StandardPricing(d("0.10000000000000000"));

        assertThat(price.unitPrice()).isEqualTo(d("0.1"));
    }

    @Test
    void a_missing_unit_price_is_refused_naming_unit_price() {
        assertThatThrownBy(() -> new StandardPricing(null)).extracting("field").isEqualTo("unit_price");
    }
}
