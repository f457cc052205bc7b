package io.billstream.customer.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerDetailsTest {

    private static CustomerDetails details(String externalId, String email, String currency, String timezone) {
        return new CustomerDetails(externalId, "Name", email, null, List.of(), currency, timezone, null, Map.of());
    }

    @Test
    void defaults_are_utc_no_preferences_and_no_metadata() {
        CustomerDetails details = new CustomerDetails(null, null, null, null, null, null, null, null, null);

        assertThat(details.timezone()).isEqualTo("UTC");
        assertThat(details.preferences()).isEqualTo(BillingPreferences.DEFAULT);
        assertThat(details.metadata()).isEmpty();
        assertThat(details.taxIds()).isEmpty();
    }

    @Test
    void text_is_trimmed_and_blank_means_absent() {
        CustomerDetails details = new CustomerDetails("  ext-1 ", "   ", null, null, null, null, null, null, null);

        assertThat(details.externalId()).isEqualTo("ext-1");
        assertThat(details.name()).isNull();
    }

    @Test
    void external_id_may_not_look_like_a_billstream_id() {
        assertThatThrownBy(() -> details("cus_123", null, null, null))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("external_id");
    }

    @Test
    void external_id_may_not_contain_a_slash_because_it_is_used_in_paths() {
        assertThatThrownBy(() -> details("a/b", null, null, null)).extracting("field").isEqualTo("external_id");
    }

    @Test
    void currency_must_be_iso_4217_and_is_upper_cased() {
        assertThat(details(null, null, "jpy", null).currency()).isEqualTo("JPY");
        assertThat(details(null, null, "KWD", null).currency()).isEqualTo("KWD");
        assertThatThrownBy(() -> details(null, null, "ABC", null)).extracting("field").isEqualTo("currency");
        assertThatThrownBy(() -> details(null, null, "EURO", null)).extracting("field").isEqualTo("currency");
    }

    @Test
    void timezone_must_be_an_iana_region() {
        assertThat(details(null, null, null, "America/New_York").timezone()).isEqualTo("America/New_York");
        assertThatThrownBy(() -> details(null, null, null, "Mars/Olympus")).extracting("field").isEqualTo("timezone");
        assertThatThrownBy(() -> details(null, null, null, "+02:00")).extracting("field").isEqualTo("timezone");
    }

    @Test
    void email_must_look_like_an_address() {
        assertThat(details(null, "ada@example.test", null, null).email()).isEqualTo("ada@example.test");
        assertThatThrownBy(() -> details(null, "ada@", null, null)).extracting("field").isEqualTo("email");
        assertThatThrownBy(() -> details(null, "ada example@x.test", null, null)).extracting("field").isEqualTo("email");
    }

    @Test
    void metadata_is_limited_to_50_keys_of_40_chars_and_values_of_500_chars() {
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, "v");
        }

        assertThatThrownBy(() -> new CustomerDetails(null, null, null, null, null, null, null, null, tooMany))
                .extracting("field").isEqualTo("metadata");
        assertThatThrownBy(() -> new CustomerDetails(null, null, null, null, null, null, null, null, Map.of("k".repeat(41), "v")))
                .extracting("field").isEqualTo("metadata");
        assertThatThrownBy(() -> new CustomerDetails(null, null, null, null, null, null, null, null, Map.of("k", "v".repeat(501))))
                .extracting("field").isEqualTo("metadata.k");
    }

    @Test
    void at_most_ten_tax_ids() {
        List<TaxId> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> new TaxId("eu_vat", "DE" + i)).toList();

        assertThatThrownBy(() -> new CustomerDetails(null, null, null, null, eleven, null, null, null, null))
                .extracting("field").isEqualTo("tax_ids");
    }

    @Test
    void billing_address_needs_a_known_country() {
        assertThat(new BillingAddress("1 Main St", null, "Paris", null, "75001", "fr").country()).isEqualTo("FR");
        assertThatThrownBy(() -> new BillingAddress("1 Main St", null, null, null, null, null))
                .extracting("field").isEqualTo("billing_address.country");
        assertThatThrownBy(() -> new BillingAddress(null, null, null, null, null, "XX"))
                .extracting("field").isEqualTo("billing_address.country");
    }

    @Test
    void payment_terms_and_grace_period_are_0_to_365_days_and_providers_are_known() {
        assertThatThrownBy(() -> new BillingPreferences(366, 0, null))
                .extracting("field").isEqualTo("billing_preferences.invoice_grace_period_days");
        assertThatThrownBy(() -> new BillingPreferences(0, -1, null))
                .extracting("field").isEqualTo("billing_preferences.net_payment_terms_days");
        assertThatThrownBy(() -> new BillingPreferences(0, 0, "paypal"))
                .extracting("field").isEqualTo("billing_preferences.preferred_payment_provider");
        assertThat(new BillingPreferences(365, 365, "manual").netPaymentTermsDays()).isEqualTo(365);
    }

    @Test
    void tax_id_type_names_country_and_scheme() {
        assertThat(new TaxId("gb_vat", " GB123 ").value()).isEqualTo("GB123");
        assertThatThrownBy(() -> new TaxId("VAT", "1")).extracting("field").isEqualTo("tax_ids.type");
        assertThatThrownBy(() -> new TaxId("eu_vat", " ")).extracting("field").isEqualTo("tax_ids.value");
    }
}
