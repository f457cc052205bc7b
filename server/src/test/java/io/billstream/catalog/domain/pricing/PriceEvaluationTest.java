package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceEvaluationTest {

    private static PriceEvaluation costing(String amount) {
        return PriceEvaluation.of(List.of(new PriceComponent.Units(BigDecimal.ONE, d(amount))));
    }

    @Test
    void rounding_to_cents_is_half_up() {
        assertThat(costing("0.125").rounded(Currency.getInstance("USD")).amountMinor()).isEqualTo(13);
        assertThat(costing("0.124999999999").rounded(Currency.getInstance("USD")).amountMinor()).isEqualTo(12);
    }

    @Test
    void rounding_to_yen_is_half_up_to_whole_yen() {
        assertThat(costing("12.5").rounded(Currency.getInstance("JPY")).amountMinor()).isEqualTo(13);
    }

    @Test
    void rounding_to_dinars_keeps_three_places() {
        assertThat(costing("1.0005").rounded(Currency.getInstance("KWD")).amountMinor()).isEqualTo(1001);
    }

    @Test
    void an_amount_that_is_not_the_breakdown_plus_the_minimum_is_refused() {
        List<PriceComponent> breakdown = List.of(new PriceComponent.Units(d("2"), d("5")));

        assertThatThrownBy(() -> new PriceEvaluation(d("11"), breakdown, d("0"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PriceEvaluation(d("11"), breakdown, d("1")).amount()).isEqualTo(d("11"));
    }

    @Test
    void a_negative_minimum_adjustment_is_refused() {
        List<PriceComponent> breakdown = List.of(new PriceComponent.Units(d("2"), d("5")));

        assertThatThrownBy(() -> new PriceEvaluation(d("9"), breakdown, d("-1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
