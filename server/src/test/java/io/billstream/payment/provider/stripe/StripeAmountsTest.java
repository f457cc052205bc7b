package io.billstream.payment.provider.stripe;

import io.billstream.payment.provider.stripe.StripeAmounts.UnsupportedAmountException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeAmountsTest {

    @ParameterizedTest(name = "{1} {0} minor -> {2}")
    @CsvSource({
            "1999, USD, 1999",
            "1999, eur, 1999",
            "500, JPY, 500",
            "500, KRW, 500",
            "12340, KWD, 12340",
            // ISO exponent 0, but Stripe two-decimal for backwards compatibility: 5 ISK is 500.
            "5, ISK, 500",
            "5, UGX, 500",
            // Two-decimal on both sides; whole units are Stripe's rule for payouts only.
            "1050, HUF, 1050",
            "1050, TWD, 1050",
            // The JDK gives MGA two decimals, Stripe none.
            "120000, MGA, 1200",
    })
    void amounts_are_scaled_to_stripes_unit(long amountMinor, String currency, long expected) {
        assertThat(StripeAmounts.toStripe(amountMinor, currency)).isEqualTo(expected);
    }

    @Test
    void a_fraction_of_a_unit_stripe_counts_whole_is_refused_not_rounded() {
        assertThatThrownBy(() -> StripeAmounts.toStripe(120050, "MGA")).isInstanceOf(UnsupportedAmountException.class)
                .hasMessageContaining("MGA");
    }

    @Test
    void a_three_decimal_amount_must_end_in_zero() {
        assertThatThrownBy(() -> StripeAmounts.toStripe(12345, "BHD")).isInstanceOf(UnsupportedAmountException.class)
                .hasMessageContaining("multiples of 10");
    }
}
