package io.billstream.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency KWD = Currency.getInstance("KWD");

    @Test
    void minor_units_follow_the_currencys_own_exponent() {
        Money dollars = new Money(1250, USD);
        Money yen = new Money(1250, JPY);
        Money dinars = new Money(1250, KWD);

        assertThat(dollars.toMajor()).isEqualTo(new BigDecimal("12.50"));
        assertThat(yen.toMajor()).isEqualTo(new BigDecimal("1250"));
        assertThat(dinars.toMajor()).isEqualTo(new BigDecimal("1.250"));
    }

    @Test
    void of_major_rounds_once_to_cents_with_the_named_mode() {
        BigDecimal halfCent = new BigDecimal("0.125");

        assertThat(Money.ofMajor(halfCent, USD, RoundingMode.HALF_UP).amountMinor()).isEqualTo(13);
        assertThat(Money.ofMajor(halfCent, USD, RoundingMode.HALF_EVEN).amountMinor()).isEqualTo(12);
        assertThat(Money.ofMajor(new BigDecimal("0.124999999999"), USD, RoundingMode.HALF_UP).amountMinor()).isEqualTo(12);
    }

    @Test
    void of_major_rounds_yen_to_whole_yen() {
        Money yen = Money.ofMajor(new BigDecimal("12.5"), JPY, RoundingMode.HALF_UP);

        assertThat(yen.amountMinor()).isEqualTo(13);
        assertThat(yen.toMajor()).isEqualTo(new BigDecimal("13"));
    }

    @Test
    void of_major_rounds_dinars_to_three_places() {
        Money dinars = Money.ofMajor(new BigDecimal("1.0005"), KWD, RoundingMode.HALF_UP);

        assertThat(dinars.amountMinor()).isEqualTo(1001);
    }

    @Test
    void half_up_rounds_a_negative_half_away_from_zero() {
        Money credit = Money.ofMajor(new BigDecimal("-0.125"), USD, RoundingMode.HALF_UP);

        assertThat(credit.amountMinor()).isEqualTo(-13);
    }

    @Test
    void an_amount_that_needs_rounding_is_refused_when_rounding_is_unnecessary() {
        assertThat(Money.ofMajor(new BigDecimal("12.5"), USD, RoundingMode.UNNECESSARY).amountMinor()).isEqualTo(1250);
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("12.345"), USD, RoundingMode.UNNECESSARY))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void an_amount_too_large_for_minor_units_is_refused() {
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1e18"), USD, RoundingMode.HALF_UP))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void plus_minus_and_negate_stay_exact() {
        Money a = new Money(1050, USD);
        Money b = new Money(299, USD);

        assertThat(a.plus(b)).isEqualTo(new Money(1349, USD));
        assertThat(b.minus(a)).isEqualTo(new Money(-751, USD));
        assertThat(b.minus(a).isNegative()).isTrue();
        assertThat(a.negate()).isEqualTo(new Money(-1050, USD));
        assertThat(a.isNegative()).isFalse();
        assertThat(Money.zero(USD).isZero()).isTrue();
    }

    @Test
    void currencies_are_never_mixed() {
        Money dollars = new Money(100, USD);
        Money yen = new Money(100, JPY);

        assertThatThrownBy(() -> dollars.plus(yen)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JPY");
        assertThatThrownBy(() -> dollars.minus(yen)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overflow_is_an_error_not_a_wrap_around() {
        Money max = new Money(Long.MAX_VALUE, USD);

        assertThatThrownBy(() -> max.plus(new Money(1, USD))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> new Money(Long.MIN_VALUE, USD).negate()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void a_currency_without_a_minor_unit_cannot_be_money() {
        Currency gold = Currency.getInstance("XAU");

        assertThatThrownBy(() -> new Money(1, gold)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.ofMajor(BigDecimal.ONE, gold, RoundingMode.HALF_UP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void it_prints_with_the_currencys_decimal_places() {
        assertThat(new Money(5, USD)).hasToString("0.05 USD");
        assertThat(new Money(-1001, KWD)).hasToString("-1.001 KWD");
    }
}
