package io.billstream.platform.money;

import java.util.Currency;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurrenciesTest {

    @Test
    void an_upper_case_iso_code_is_its_currency() {
        assertThat(Currencies.parse("USD", "currency")).isEqualTo(Currency.getInstance("USD"));
        assertThat(Currencies.parse("KWD", "currency").getDefaultFractionDigits()).isEqualTo(3);
    }

    @Test
    void a_lower_case_code_is_refused_naming_the_field() {
        assertThatThrownBy(() -> Currencies.parse("usd", "price.currency"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("upper-case")
                .extracting("field").isEqualTo("price.currency");
    }

    @Test
    void a_code_of_the_wrong_length_is_refused() {
        assertThatThrownBy(() -> Currencies.parse("US", "currency")).extracting("field").isEqualTo("currency");
        assertThatThrownBy(() -> Currencies.parse("EURO", "currency")).extracting("field").isEqualTo("currency");
    }

    @Test
    void a_code_iso_4217_does_not_know_is_refused() {
        assertThatThrownBy(() -> Currencies.parse("ABC", "currency"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("ISO 4217");
    }

    @Test
    void a_currency_without_a_minor_unit_is_refused() {
        assertThatThrownBy(() -> Currencies.parse("XAU", "currency"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("minor unit");
    }

    @Test
    void a_missing_code_is_refused() {
        assertThatThrownBy(() -> Currencies.parse(null, "currency")).extracting("field").isEqualTo("currency");
        assertThatThrownBy(() -> Currencies.parse("", "currency")).extracting("field").isEqualTo("currency");
    }
}
