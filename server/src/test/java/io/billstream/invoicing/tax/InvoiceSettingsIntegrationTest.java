package io.billstream.invoicing.tax;

import java.math.RoundingMode;
import java.util.List;

import io.billstream.invoicing.domain.tax.InvoiceSettings;
import io.billstream.platform.money.TenantRounding;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The invoice settings over HTTP, as {@link InvoiceSettingsService#current()} and {@link TenantRounding} then read them. */
class InvoiceSettingsIntegrationTest extends BillingIntegrationTest {

    private static final String EVERYTHING = """
            {"tax_mode":"external","number_prefix":"ACME-2","email_invoices":false,"rounding_mode":"half_even",
             "seller":{"name":"Acme GmbH","email":"billing@acme.test","address_lines":["Hauptstr. 1","10115 Berlin"],
                       "tax_id":"DE123456789"}}""";

    @Autowired
    InvoiceSettingsService service;

    @Autowired
    TenantRounding rounding;

    String tenantId;
    String key;

    @BeforeEach
    void tenant() {
        TenantFixture tenant = newTenant();
        tenantId = tenant.id();
        key = tenant.adminKey();
    }

    private static void assertRefused(ApiResponse response, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    @Test
    void a_new_tenant_has_the_defaults() {
        JsonNode settings = ok(api.get("/v1/invoice-settings", key));

        assertThat(settings.get("object").asString()).isEqualTo("invoice_settings");
        assertThat(settings.get("tax_mode").asString()).isEqualTo("rates");
        assertThat(settings.get("number_prefix").asString()).isEqualTo("INV");
        assertThat(settings.get("email_invoices").asBoolean()).isTrue();
        assertThat(settings.get("rounding_mode").asString()).isEqualTo("half_up");
        assertThat(settings.get("seller").get("name").isNull()).isTrue();
        assertThat(settings.get("seller").get("address_lines")).isEmpty();
        assertThat(settings.get("updated_at").isNull()).isTrue();
        assertThat(TenantContext.callAs(tenantId, service::current)).isEqualTo(InvoiceSettings.DEFAULTS);
        assertThat(TenantContext.callAs(tenantId, rounding::current)).isEqualTo(RoundingMode.HALF_UP);
    }

    @Test
    void every_setting_round_trips() {
        JsonNode patched = ok(api.patch("/v1/invoice-settings", key, EVERYTHING));

        assertThat(patched.get("tax_mode").asString()).isEqualTo("external");
        assertThat(patched.get("number_prefix").asString()).isEqualTo("ACME-2");
        assertThat(patched.get("email_invoices").asBoolean()).isFalse();
        assertThat(patched.get("rounding_mode").asString()).isEqualTo("half_even");
        assertThat(patched.get("seller").get("name").asString()).isEqualTo("Acme GmbH");
        assertThat(patched.get("seller").get("email").asString()).isEqualTo("billing@acme.test");
        assertThat(patched.get("seller").get("address_lines").toString()).isEqualTo("[\"Hauptstr. 1\",\"10115 Berlin\"]");
        assertThat(patched.get("seller").get("tax_id").asString()).isEqualTo("DE123456789");
        assertThat(patched.get("updated_at").isNull()).isFalse();
        assertThat(ok(api.get("/v1/invoice-settings", key))).isEqualTo(patched);
        assertThat(TenantContext.callAs(tenantId, service::current)).isEqualTo(new InvoiceSettings("external", "ACME-2", false,
                RoundingMode.HALF_EVEN, new InvoiceSettings.Seller("Acme GmbH", "billing@acme.test",
                        List.of("Hauptstr. 1", "10115 Berlin"), "DE123456789")));
        assertThat(TenantContext.callAs(tenantId, rounding::current)).isEqualTo(RoundingMode.HALF_EVEN);
    }

    @Test
    void fields_left_out_are_kept_null_restores_the_default_and_the_seller_is_replaced_whole() {
        ok(api.patch("/v1/invoice-settings", key, EVERYTHING));

        JsonNode prefixOnly = ok(api.patch("/v1/invoice-settings", key, "{\"number_prefix\":\"B\"}"));
        assertThat(prefixOnly.get("number_prefix").asString()).isEqualTo("B");
        assertThat(prefixOnly.get("rounding_mode").asString()).isEqualTo("half_even");
        assertThat(prefixOnly.get("seller").get("tax_id").asString()).isEqualTo("DE123456789");

        JsonNode seller = ok(api.patch("/v1/invoice-settings", key, "{\"seller\":{\"name\":\"Acme AG\"}}"));
        assertThat(seller.get("seller").get("name").asString()).isEqualTo("Acme AG");
        assertThat(seller.get("seller").get("tax_id").isNull()).isTrue();
        assertThat(seller.get("seller").get("address_lines")).isEmpty();

        JsonNode defaults = ok(api.patch("/v1/invoice-settings", key,
                "{\"tax_mode\":null,\"number_prefix\":null,\"email_invoices\":null,\"rounding_mode\":null,\"seller\":null}"));
        assertThat(defaults.get("tax_mode").asString()).isEqualTo("rates");
        assertThat(defaults.get("number_prefix").asString()).isEqualTo("INV");
        assertThat(defaults.get("email_invoices").asBoolean()).isTrue();
        assertThat(defaults.get("rounding_mode").asString()).isEqualTo("half_up");
        assertThat(defaults.get("seller").get("name").isNull()).isTrue();
        assertThat(TenantContext.callAs(tenantId, rounding::current)).isEqualTo(RoundingMode.HALF_UP);
    }

    @Test
    void invalid_settings_are_refused_naming_the_field_and_change_nothing() {
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"number_prefix\":\"inv\"}"), "parameter_invalid", "number_prefix");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"number_prefix\":\"ABCDEFGHIJK\"}"), "parameter_invalid", "number_prefix");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"number_prefix\":\"\"}"), "parameter_invalid", "number_prefix");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"tax_mode\":\"exempt\"}"), "parameter_invalid", "tax_mode");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"rounding_mode\":\"up\"}"), "parameter_invalid", "rounding_mode");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"email_invoices\":\"no\"}"), "parameter_invalid", "email_invoices");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"seller\":{\"email\":\"not an address\"}}"),
                "parameter_invalid", "seller.email");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"seller\":{\"address_lines\":[\"ok\",3]}}"),
                "parameter_invalid", "seller.address_lines[1]");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"seller\":{\"vat\":\"DE1\"}}"), "parameter_unknown", "seller.vat");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"seller\":\"Acme\"}"), "parameter_invalid", "seller");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"currency\":\"USD\"}"), "parameter_unknown", "currency");
        assertRefused(api.patch("/v1/invoice-settings", key, "{\"rounding_mode\":\"half_even\",\"number_prefix\":\"x\"}"),
                "parameter_invalid", "number_prefix");

        JsonNode settings = ok(api.get("/v1/invoice-settings", key));
        assertThat(settings.get("updated_at").isNull()).isTrue();
        assertThat(settings.get("rounding_mode").asString()).isEqualTo("half_up");
    }

    @Test
    void changes_are_audited_and_stay_in_their_tenant() {
        ok(api.patch("/v1/invoice-settings", key, "{\"rounding_mode\":\"half_down\"}"));
        ok(api.patch("/v1/invoice-settings", key, "{\"rounding_mode\":\"half_down\"}"));
        TenantFixture other = newTenant();

        JsonNode records = ok(api.get("/v1/audit-logs?action=invoice_settings.update", key)).get("data");

        assertThat(records).as("the second PATCH changed nothing").hasSize(1);
        assertThat(records.get(0).get("resource_id").asString()).isEqualTo(tenantId);
        assertThat(records.get(0).get("changes").get("rounding_mode").get("to").asString()).isEqualTo("half_down");
        assertThat(ok(api.get("/v1/invoice-settings", other.adminKey())).get("rounding_mode").asString()).isEqualTo("half_up");
        assertThat(TenantContext.callAs(other.id(), rounding::current)).isEqualTo(RoundingMode.HALF_UP);
        assertThat(TenantContext.callAs(tenantId, rounding::current)).isEqualTo(RoundingMode.HALF_DOWN);
    }

    @Test
    void reading_needs_billing_read_and_writing_billing_write() {
        String reader = apiKey(key, "billing:read");

        assertThat(api.get("/v1/invoice-settings", reader).status()).isEqualTo(200);
        assertThat(api.patch("/v1/invoice-settings", reader, "{\"number_prefix\":\"X\"}").status()).isEqualTo(403);
    }
}
