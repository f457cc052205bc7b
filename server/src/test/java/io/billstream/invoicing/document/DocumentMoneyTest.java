package io.billstream.invoicing.document;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentMoneyTest {

    @Test
    void amounts_have_the_currencys_own_decimals_and_thousands_separators() {
        assertThat(DocumentMoney.format(123450, "USD")).isEqualTo("USD 1,234.50");
        assertThat(DocumentMoney.format(5, "USD")).isEqualTo("USD 0.05");
        assertThat(DocumentMoney.format(1234567, "JPY")).isEqualTo("JPY 1,234,567");
        assertThat(DocumentMoney.format(12345, "KWD")).isEqualTo("KWD 12.345");
        assertThat(DocumentMoney.format(0, "EUR")).isEqualTo("EUR 0.00");
    }

    @Test
    void negative_amounts_carry_the_sign_before_the_digits() {
        assertThat(DocumentMoney.format(-100050, "USD")).isEqualTo("USD -1,000.50");
        assertThat(DocumentMoney.format(Long.MIN_VALUE, "JPY")).isEqualTo("JPY -9,223,372,036,854,775,808");
    }

    @Test
    void exact_unit_prices_keep_every_decimal_beyond_the_currencys() {
        assertThat(DocumentMoney.formatExact("0.0025", "USD")).isEqualTo("USD 0.0025");
        assertThat(DocumentMoney.formatExact("10", "USD")).isEqualTo("USD 10.00");
        assertThat(DocumentMoney.formatExact("1500.500000", "USD")).isEqualTo("USD 1,500.50");
        assertThat(DocumentMoney.formatExact("0.5", "JPY")).isEqualTo("JPY 0.5");
        assertThat(DocumentMoney.formatExact("3", "KWD")).isEqualTo("KWD 3.000");
    }

    @Test
    void quantities_lose_trailing_zeros_but_not_their_decimals() {
        assertThat(DocumentMoney.quantity("1500.000")).isEqualTo("1,500");
        assertThat(DocumentMoney.quantity("2.50")).isEqualTo("2.5");
        assertThat(DocumentMoney.quantity("1E+3")).isEqualTo("1,000");
        assertThat(DocumentMoney.quantity("0")).isEqualTo("0");
    }
}
