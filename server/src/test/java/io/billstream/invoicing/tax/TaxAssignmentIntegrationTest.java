package io.billstream.invoicing.tax;

import java.time.Instant;
import java.util.List;

import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Customer and plan tax assignments over HTTP, and what {@link TaxPolicy} makes of them for invoicing:
 * customer rates before the plan's before the tenant's defaults, active rates only, and the tax mode.
 */
class TaxAssignmentIntegrationTest extends BillingIntegrationTest {

    @Autowired
    TaxPolicy policy;

    String tenantId;
    String key;
    String customerId;
    String planId;

    @BeforeEach
    void tenant() {
        TenantFixture tenant = newTenant();
        tenantId = tenant.id();
        key = tenant.adminKey();
        customerId = createCustomer(key, "{\"external_id\":\"acme\",\"name\":\"Acme\"}").field("id");
        planId = createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":1000}""").get("id").asString();
    }

    private String rate(String name, String percentage, boolean inclusive, boolean isDefault) {
        return created(api.post("/v1/tax-rates", key, "{\"name\":\"" + name + "\",\"percentage\":\"" + percentage + "\",\"inclusive\":"
                + inclusive + ",\"is_default\":" + isDefault + "}")).get("id").asString();
    }

    private JsonNode putCustomer(String customer, String json) {
        return ok(api.send("PUT", "/v1/customers/" + customer + "/tax-settings", key, json));
    }

    private JsonNode putPlan(String plan, String json) {
        return ok(api.send("PUT", "/v1/plans/" + plan + "/tax-rates", key, json));
    }

    private List<String> ratesFor(String customer, String plan) {
        return TenantContext.callAs(tenantId, () -> policy.ratesFor(customer, plan)).stream().map(TaxRate::id).toList();
    }

    private String taxMode(String customer) {
        return TenantContext.callAs(tenantId, () -> policy.taxMode(customer));
    }

    private static void assertRefused(ApiResponse response, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    @Test
    void a_customer_without_settings_follows_the_tenant() {
        JsonNode settings = ok(api.get("/v1/customers/" + customerId + "/tax-settings", key));

        assertThat(settings.get("object").asString()).isEqualTo("customer_tax_settings");
        assertThat(settings.get("customer_id").asString()).isEqualTo(customerId);
        assertThat(settings.get("tax_mode").isNull()).isTrue();
        assertThat(settings.get("effective_tax_mode").asString()).isEqualTo("rates");
        assertThat(settings.get("tax_rate_ids")).isEmpty();
        assertThat(ratesFor(customerId, planId)).isEmpty();
    }

    @Test
    void customer_settings_round_trip_by_external_id_in_order() {
        String state = rate("State", "6", false, false);
        String city = rate("City", "2.5", false, false);

        JsonNode put = putCustomer("acme", "{\"tax_mode\":\"rates\",\"tax_rate_ids\":[\"" + city + "\",\"" + state + "\"]}");

        assertThat(put.get("customer_id").asString()).isEqualTo(customerId);
        assertThat(put.get("tax_mode").asString()).isEqualTo("rates");
        assertThat(put.get("tax_rate_ids").toString()).isEqualTo("[\"" + city + "\",\"" + state + "\"]");
        assertThat(ok(api.get("/v1/customers/" + customerId + "/tax-settings", key))).isEqualTo(put);
        assertThat(ratesFor(customerId, null)).containsExactly(city, state);
        // Replaced whole: a PUT without tax_rate_ids leaves none.
        JsonNode cleared = putCustomer(customerId, "{\"tax_mode\":null}");
        assertThat(cleared.get("tax_rate_ids")).isEmpty();
        assertThat(cleared.get("tax_mode").isNull()).isTrue();
    }

    @Test
    void plan_rates_round_trip_by_code() {
        String vat = rate("VAT", "20", true, false);

        JsonNode put = putPlan("pro", "{\"tax_rate_ids\":[\"" + vat + "\"]}");

        assertThat(put.get("object").asString()).isEqualTo("plan_tax_rates");
        assertThat(put.get("plan_id").asString()).isEqualTo(planId);
        assertThat(put.get("tax_rate_ids").get(0).asString()).isEqualTo(vat);
        assertThat(ok(api.get("/v1/plans/" + planId + "/tax-rates", key))).isEqualTo(put);
        assertThat(putPlan("pro", "{\"tax_rate_ids\":[]}").get("tax_rate_ids")).isEmpty();
    }

    @Test
    void customer_rates_come_before_the_plans_which_come_before_the_tenant_defaults() {
        // given a default, a plan rate and a customer rate
        String tenantDefault = rate("Default VAT", "20", true, true);
        String otherDefault = rate("Default levy", "1", false, true);
        rate("Not a default", "7", false, false);
        String planRate = rate("Plan rate", "10", false, false);
        String customerRate = rate("Customer rate", "5", false, false);

        // then with nothing assigned, the tenant's defaults apply, oldest first
        assertThat(ratesFor(customerId, planId)).containsExactly(tenantDefault, otherDefault);

        // when the plan names a rate, its lines get that one
        putPlan("pro", "{\"tax_rate_ids\":[\"" + planRate + "\"]}");
        assertThat(ratesFor(customerId, planId)).containsExactly(planRate);
        assertThat(ratesFor(customerId, null)).as("a manual line has no plan").containsExactly(tenantDefault, otherDefault);

        // when the customer names one, it wins over the plan's
        putCustomer(customerId, "{\"tax_rate_ids\":[\"" + customerRate + "\"]}");
        assertThat(ratesFor(customerId, planId)).containsExactly(customerRate);
        assertThat(ratesFor(customerId, null)).containsExactly(customerRate);

        // when the customer's rate is deactivated, the plan's applies again; then the defaults
        ok(api.patch("/v1/tax-rates/" + customerRate, key, "{\"active\":false}"));
        assertThat(ratesFor(customerId, planId)).containsExactly(planRate);
        ok(api.patch("/v1/tax-rates/" + planRate, key, "{\"active\":false}"));
        assertThat(ratesFor(customerId, planId)).containsExactly(tenantDefault, otherDefault);
        ok(api.patch("/v1/tax-rates/" + otherDefault, key, "{\"active\":false}"));
        assertThat(ratesFor(customerId, planId)).containsExactly(tenantDefault);
        ok(api.patch("/v1/tax-rates/" + tenantDefault, key, "{\"is_default\":false}"));
        assertThat(ratesFor(customerId, planId)).isEmpty();

        // and a reactivated rate applies again, where it was assigned
        ok(api.patch("/v1/tax-rates/" + customerRate, key, "{\"active\":true}"));
        assertThat(ratesFor(customerId, planId)).containsExactly(customerRate);
        // another customer of the same plan gets the plan's rates, not the first customer's
        String other = createCustomer(key, "{\"name\":\"Other\"}").field("id");
        ok(api.patch("/v1/tax-rates/" + planRate, key, "{\"active\":true}"));
        assertThat(ratesFor(other, planId)).containsExactly(planRate);
    }

    @Test
    void the_tax_mode_is_the_customers_own_else_the_tenants() {
        String other = createCustomer(key, "{\"name\":\"Other\"}").field("id");
        assertThat(taxMode(customerId)).isEqualTo("rates");

        putCustomer(customerId, "{\"tax_mode\":\"exempt\"}");
        assertThat(taxMode(customerId)).isEqualTo("exempt");
        assertThat(taxMode(other)).isEqualTo("rates");

        ok(api.patch("/v1/invoice-settings", key, "{\"tax_mode\":\"external\"}"));
        assertThat(taxMode(customerId)).as("an exempt customer stays exempt").isEqualTo("exempt");
        assertThat(taxMode(other)).isEqualTo("external");
        assertThat(ok(api.get("/v1/customers/" + other + "/tax-settings", key)).get("effective_tax_mode").asString()).isEqualTo("external");

        putCustomer(customerId, "{\"tax_mode\":\"rates\"}");
        assertThat(taxMode(customerId)).as("a customer may keep rates under an external tenant").isEqualTo("rates");
        putCustomer(other, "{\"tax_mode\":\"external\"}");
        ok(api.patch("/v1/invoice-settings", key, "{\"tax_mode\":\"rates\"}"));
        assertThat(taxMode(other)).isEqualTo("external");

        JsonNode reset = putCustomer(customerId, "{}");
        assertThat(reset.get("tax_mode").isNull()).isTrue();
        assertThat(taxMode(customerId)).as("null follows the tenant again").isEqualTo("rates");
    }

    @Test
    void invalid_assignments_are_refused_naming_the_field() {
        String active = rate("Active", "5", false, false);
        String inactive = rate("Inactive", "6", false, false);
        ok(api.patch("/v1/tax-rates/" + inactive, key, "{\"active\":false}"));
        String path = "/v1/customers/" + customerId + "/tax-settings";

        assertRefused(api.send("PUT", path, key, "{\"tax_rate_ids\":[\"txr_nope\"]}"), "parameter_invalid", "tax_rate_ids[0]");
        assertRefused(api.send("PUT", path, key, "{\"tax_rate_ids\":[\"" + active + "\",\"" + inactive + "\"]}"),
                "parameter_invalid", "tax_rate_ids[1]");
        assertRefused(api.send("PUT", path, key, "{\"tax_rate_ids\":[\"" + active + "\",\"" + active + "\"]}"),
                "parameter_invalid", "tax_rate_ids[1]");
        assertRefused(api.send("PUT", path, key, "{\"tax_mode\":\"exempt\",\"tax_rate_ids\":[\"" + active + "\"]}"),
                "parameter_invalid", "tax_rate_ids");
        assertRefused(api.send("PUT", path, key, "{\"tax_mode\":\"none\"}"), "parameter_invalid", "tax_mode");
        assertRefused(api.send("PUT", path, key, "{\"tax_mode\":\"rates\",\"rates\":[]}"), "parameter_unknown", "rates");
        assertRefused(api.send("PUT", "/v1/plans/pro/tax-rates", key, "{\"tax_rate_ids\":[\"" + inactive + "\"]}"),
                "parameter_invalid", "tax_rate_ids[0]");
        assertRefused(api.send("PUT", "/v1/plans/pro/tax-rates", key, "{\"tax_rate_ids\":\"" + active + "\"}"),
                "parameter_invalid", "tax_rate_ids");
        assertThat(api.send("PUT", "/v1/customers/cus_missing/tax-settings", key, "{}").status()).isEqualTo(404);
        assertThat(api.get("/v1/plans/missing/tax-rates", key).status()).isEqualTo(404);

        // nothing was assigned
        assertThat(ok(api.get(path, key)).get("tax_rate_ids")).isEmpty();
        assertThat(ok(api.get(path, key)).get("tax_mode").isNull()).isTrue();
        assertThat(ok(api.get("/v1/plans/pro/tax-rates", key)).get("tax_rate_ids")).isEmpty();
    }

    @Test
    void manual_lines_name_rates_by_id_and_are_refused_unknown_or_inactive_ones() {
        String vat = rate("VAT", "20", true, false);
        String levy = rate("Levy", "1", false, false);
        String inactive = rate("Old", "19", true, false);
        ok(api.patch("/v1/tax-rates/" + inactive, key, "{\"active\":false}"));

        List<TaxRate> rates = TenantContext.callAs(tenantId, () -> policy.ratesById(List.of(levy, vat), "lines[0].tax_rate_ids"));

        assertThat(rates).extracting(TaxRate::id).containsExactly(levy, vat);
        assertThat(rates.get(1).inclusive()).isTrue();
        assertThat(rates.get(1).percentage()).isEqualByComparingTo("20");
        for (List<String> refused : List.of(List.of(vat, "txr_nope"), List.of(inactive), List.of(vat, vat))) {
            assertThatThrownBy(() -> TenantContext.runAs(tenantId, () -> policy.ratesById(refused, "lines[2].tax_rate_ids")))
                    .as("%s", refused)
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("lines[2].tax_rate_ids"));
        }
        assertThat(TenantContext.callAs(tenantId, () -> policy.ratesById(List.of(), "tax_rate_ids"))).isEmpty();
    }

    @Test
    void another_tenant_can_neither_see_nor_assign_the_rates() {
        String vat = rate("VAT", "20", true, true);
        putCustomer(customerId, "{\"tax_rate_ids\":[\"" + vat + "\"]}");
        TenantFixture other = newTenant();
        String otherCustomer = createCustomer(other.adminKey(), "{\"name\":\"Theirs\"}").field("id");
        createPlan(other.adminKey(), "{\"code\":\"pro\",\"name\":\"Pro\",\"interval\":\"month\",\"currency\":\"USD\",\"amount_minor\":1000}");

        assertRefused(api.send("PUT", "/v1/customers/" + otherCustomer + "/tax-settings", other.adminKey(),
                "{\"tax_rate_ids\":[\"" + vat + "\"]}"), "parameter_invalid", "tax_rate_ids[0]");
        assertRefused(api.send("PUT", "/v1/plans/pro/tax-rates", other.adminKey(), "{\"tax_rate_ids\":[\"" + vat + "\"]}"),
                "parameter_invalid", "tax_rate_ids[0]");
        assertThat(api.get("/v1/customers/" + customerId + "/tax-settings", other.adminKey()).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/v1/customers/" + customerId + "/tax-settings", other.adminKey(), "{}").status()).isEqualTo(404);
        assertThatThrownBy(() -> TenantContext.runAs(other.id(), () -> policy.ratesById(List.of(vat), "tax_rate_ids")))
                .isInstanceOf(InvalidValueException.class);
        // The first tenant's default and assignments do not reach the other tenant's customers.
        assertThat(TenantContext.callAs(other.id(), () -> policy.ratesFor(otherCustomer, null))).isEmpty();
        assertThat(TenantContext.callAs(other.id(), () -> policy.ratesFor(customerId, null))).isEmpty();
        assertThat(ratesFor(customerId, null)).containsExactly(vat);
    }

    @Test
    void assignment_changes_are_audited() {
        String vat = rate("VAT", "20", true, false);
        putCustomer(customerId, "{\"tax_mode\":\"rates\",\"tax_rate_ids\":[\"" + vat + "\"]}");
        putCustomer(customerId, "{\"tax_mode\":\"rates\",\"tax_rate_ids\":[\"" + vat + "\"]}");
        putPlan(planId, "{\"tax_rate_ids\":[\"" + vat + "\"]}");

        JsonNode customerRecords = ok(api.get("/v1/audit-logs?resource_id=" + customerId + "&action=customer_tax_settings.update", key))
                .get("data");
        JsonNode planRecords = ok(api.get("/v1/audit-logs?resource_id=" + planId + "&action=plan_tax_rates.update", key)).get("data");

        assertThat(customerRecords).as("the second PUT changed nothing").hasSize(1);
        assertThat(customerRecords.get(0).get("changes").get("tax_mode").get("to").asString()).isEqualTo("rates");
        assertThat(planRecords).hasSize(1);
        assertThat(planRecords.get(0).get("changes").get("tax_rate_ids").get("to").get(0).asString()).isEqualTo(vat);
    }

    @Test
    void deleting_a_test_clock_deletes_its_customers_tax_settings() {
        String vat = rate("VAT", "20", true, false);
        String clock = createClock(key, Instant.parse("2026-06-01T00:00:00Z"));
        String onClock = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        putCustomer(onClock, "{\"tax_mode\":\"rates\",\"tax_rate_ids\":[\"" + vat + "\"]}");
        putCustomer(customerId, "{\"tax_mode\":\"exempt\"}");

        ok(api.delete("/v1/test-clocks/" + clock, key));

        assertThat(api.get("/v1/customers/" + onClock, key).status()).isEqualTo(404);
        assertThat(taxMode(customerId)).as("other customers keep theirs").isEqualTo("exempt");
    }
}
