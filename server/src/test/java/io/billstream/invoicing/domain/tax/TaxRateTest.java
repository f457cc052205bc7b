package io.billstream.invoicing.domain.tax;

import java.math.BigDecimal;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaxRateTest {

    private static TaxRate rate(String name, String percentage, String country) {
        return new TaxRate("txr_1", name, percentage == null ? null : new BigDecimal(percentage), country, null, false);
    }

    private static void assertRefused(Runnable creation, String field) {
        assertThatThrownBy(creation::run).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void a_valid_rate_keeps_its_percentage_without_trailing_zeros() {
        TaxRate rate = rate("  NY sales tax ", "8.8750", "US");

        assertThat(rate.percentage()).isEqualTo(new BigDecimal("8.875"));
        assertThat(rate.name()).isEqualTo("NY sales tax");
        assertThat(rate(" VAT", "100", null).percentage().toPlainString()).isEqualTo("100");
    }

    @Test
    void the_percentage_must_be_above_zero_and_at_most_one_hundred() {
        assertRefused(() -> rate("VAT", "0", null), "percentage");
        assertRefused(() -> rate("VAT", "-5", null), "percentage");
        assertRefused(() -> rate("VAT", "100.0001", null), "percentage");
        assertRefused(() -> rate("VAT", "101", null), "percentage");
        assertRefused(() -> rate("VAT", null, null), "percentage");
        assertThat(rate("VAT", "0.0001", null).percentage()).isEqualTo(new BigDecimal("0.0001"));
    }

    @Test
    void the_percentage_has_at_most_four_decimals() {
        assertRefused(() -> rate("VAT", "8.87501", null), "percentage");
        assertThat(rate("VAT", "8.87500", null).percentage()).isEqualTo(new BigDecimal("8.875"));
    }

    @Test
    void the_name_is_one_to_one_hundred_characters() {
        assertRefused(() -> rate(" ", "20", null), "name");
        assertRefused(() -> rate(null, "20", null), "name");
        assertRefused(() -> rate("x".repeat(101), "20", null), "name");
        assertThat(rate("x".repeat(100), "20", null).name()).hasSize(100);
    }

    @Test
    void the_country_is_an_upper_case_iso_code() {
        assertRefused(() -> rate("VAT", "20", "de"), "country");
        assertRefused(() -> rate("VAT", "20", "DEU"), "country");
        assertRefused(() -> rate("VAT", "20", "ZZ"), "country");
        assertThat(rate("VAT", "20", "DE").country()).isEqualTo("DE");
    }
}
