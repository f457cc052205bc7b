package io.billstream.invoicing.domain.tax;

import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;

import io.billstream.invoicing.domain.tax.InvoiceSettings.Seller;
import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvoiceSettingsTest {

    private static void assertRefused(Runnable creation, String field) {
        assertThatThrownBy(creation::run).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private static InvoiceSettings withPrefix(String prefix) {
        return new InvoiceSettings("rates", prefix, true, RoundingMode.HALF_UP, Seller.NONE);
    }

    @Test
    void the_defaults_tax_by_rates_number_inv_email_invoices_and_round_half_up() {
        assertThat(InvoiceSettings.DEFAULTS).isEqualTo(new InvoiceSettings("rates", "INV", true, RoundingMode.HALF_UP,
                new Seller(null, null, List.of(), null)));
    }

    @Test
    void the_number_prefix_is_one_to_ten_upper_case_letters_digits_or_dashes() {
        assertThat(withPrefix("ACME-2026").numberPrefix()).isEqualTo("ACME-2026");
        assertRefused(() -> withPrefix(""), "number_prefix");
        assertRefused(() -> withPrefix("inv"), "number_prefix");
        assertRefused(() -> withPrefix("ABCDEFGHIJK"), "number_prefix");
        assertRefused(() -> withPrefix("IN V"), "number_prefix");
        assertRefused(() -> withPrefix(null), "number_prefix");
    }

    @Test
    void a_tenant_taxes_by_rates_or_externally_never_exempt() {
        assertThat(new InvoiceSettings("external", "INV", true, RoundingMode.HALF_UP, null).taxMode()).isEqualTo("external");
        assertRefused(() -> new InvoiceSettings("exempt", "INV", true, RoundingMode.HALF_UP, null), "tax_mode");
        assertRefused(() -> new InvoiceSettings(null, "INV", true, RoundingMode.HALF_UP, null), "tax_mode");
    }

    @Test
    void only_the_half_modes_round_invoices() {
        assertRefused(() -> new InvoiceSettings("rates", "INV", true, RoundingMode.CEILING, null), "rounding_mode");
    }

    @Test
    void the_sellers_text_is_trimmed_blank_is_absent_and_each_field_is_checked() {
        Seller seller = new Seller("  Acme ", " ", Arrays.asList(" Main St 1 "), "");

        assertThat(seller).isEqualTo(new Seller("Acme", null, List.of("Main St 1"), null));
        assertRefused(() -> new Seller(null, "billing at acme", null, null), "seller.email");
        assertRefused(() -> new Seller(null, null, List.of("1", "2", "3", "4", "5", "6", "7"), null), "seller.address_lines");
        assertRefused(() -> new Seller(null, null, List.of("ok", " "), null), "seller.address_lines[1]");
        assertRefused(() -> new Seller("x".repeat(201), null, null, null), "seller.name");
        assertRefused(() -> new Seller(null, null, null, "x".repeat(65)), "seller.tax_id");
    }
}
