package io.billstream.invoicing.tax;

import java.util.ArrayList;
import java.util.List;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating, listing and changing tax rates over HTTP; every refusal names the field at fault. */
class TaxRateIntegrationTest extends BillingIntegrationTest {

    private static final String VAT = """
            {"name":"VAT","description":"German VAT","percentage":"19","country":"DE","inclusive":true}""";

    String key;

    @BeforeEach
    void tenant() {
        key = newTenant().adminKey();
    }

    private JsonNode createRate(String json) {
        return created(api.post("/v1/tax-rates", key, json));
    }

    private static void assertRefused(ApiResponse response, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    private void assertCreateRefused(String json, String code, String param) {
        assertRefused(api.post("/v1/tax-rates", key, json), code, param);
        assertThat(ok(api.get("/v1/tax-rates", key)).get("data")).as("nothing created by " + json).isEmpty();
    }

    @Test
    void a_rate_is_created_and_read_back() {
        ApiResponse response = api.post("/v1/tax-rates", key, """
                {"name":"NY sales tax","percentage":"8.8750","country":"US","region":"NY","inclusive":false}""");

        JsonNode rate = created(response);
        String id = rate.get("id").asString();
        assertThat(id).startsWith("txr_");
        assertThat(response.header("Location")).endsWith("/v1/tax-rates/" + id);
        assertThat(rate.get("object").asString()).isEqualTo("tax_rate");
        assertThat(rate.get("name").asString()).isEqualTo("NY sales tax");
        assertThat(rate.get("percentage").asString()).isEqualTo("8.875");
        assertThat(rate.get("country").asString()).isEqualTo("US");
        assertThat(rate.get("region").asString()).isEqualTo("NY");
        assertThat(rate.get("inclusive").asBoolean()).isFalse();
        assertThat(rate.get("is_default").asBoolean()).isFalse();
        assertThat(rate.get("active").asBoolean()).isTrue();
        assertThat(rate.get("description").isNull()).isTrue();
        assertThat(ok(api.get("/v1/tax-rates/" + id, key))).isEqualTo(rate);
    }

    @Test
    void a_percentage_sent_as_a_json_number_is_read_exactly() {
        JsonNode rate = createRate("""
                {"name":"TVA","percentage":19.6,"inclusive":true,"is_default":true}""");

        assertThat(rate.get("percentage").asString()).isEqualTo("19.6");
        assertThat(rate.get("is_default").asBoolean()).isTrue();
        assertThat(createRate("{\"name\":\"Full\",\"percentage\":100,\"inclusive\":false}").get("percentage").asString()).isEqualTo("100");
    }

    @Test
    void invalid_rates_are_refused_naming_the_field() {
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"0\",\"inclusive\":true}", "parameter_invalid", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"101\",\"inclusive\":true}", "parameter_invalid", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"100.0001\",\"inclusive\":true}", "parameter_invalid", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"8.87501\",\"inclusive\":true}", "parameter_invalid", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":8.87501,\"inclusive\":true}", "parameter_invalid", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"-5\",\"inclusive\":true}", "parameter_invalid", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"twenty\",\"inclusive\":true}", "parameter_invalid", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"20\",\"country\":\"de\",\"inclusive\":true}", "parameter_invalid", "country");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"20\",\"country\":\"DEU\",\"inclusive\":true}", "parameter_invalid", "country");
        assertCreateRefused("{\"name\":\"" + "x".repeat(101) + "\",\"percentage\":\"20\",\"inclusive\":true}", "parameter_invalid", "name");
        assertCreateRefused("{\"name\":\" \",\"percentage\":\"20\",\"inclusive\":true}", "parameter_invalid", "name");
        assertCreateRefused("{\"percentage\":\"20\",\"inclusive\":true}", "parameter_missing", "name");
        assertCreateRefused("{\"name\":\"VAT\",\"inclusive\":true}", "parameter_missing", "percentage");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"20\"}", "parameter_missing", "inclusive");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"20\",\"inclusive\":\"yes\"}", "parameter_invalid", "inclusive");
        assertCreateRefused("{\"name\":\"VAT\",\"percentage\":\"20\",\"inclusive\":true,\"rate\":20}", "parameter_unknown", "rate");
    }

    @Test
    void rates_list_newest_first_by_page_and_filter_on_active() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createRate("{\"name\":\"r" + i + "\",\"percentage\":\"" + (i + 1) + "\",\"inclusive\":false}").get("id").asString());
        }
        ok(api.patch("/v1/tax-rates/" + ids.get(1), key, "{\"active\":false}"));

        JsonNode first = ok(api.get("/v1/tax-rates?limit=2", key));
        JsonNode second = ok(api.get("/v1/tax-rates?limit=2&cursor=" + first.get("next_cursor").asString(), key));
        JsonNode last = ok(api.get("/v1/tax-rates?limit=2&cursor=" + second.get("next_cursor").asString(), key));

        assertThat(first.get("object").asString()).isEqualTo("list");
        assertThat(ids(first)).containsExactly(ids.get(4), ids.get(3));
        assertThat(ids(second)).containsExactly(ids.get(2), ids.get(1));
        assertThat(ids(last)).containsExactly(ids.get(0));
        assertThat(last.get("has_more").asBoolean()).isFalse();
        assertThat(ids(ok(api.get("/v1/tax-rates?active=true", key)))).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(0));
        assertThat(ids(ok(api.get("/v1/tax-rates?active=false", key)))).containsExactly(ids.get(1));
        assertRefused(api.get("/v1/tax-rates?active=maybe", key), "parameter_invalid", "active");
    }

    @Test
    void name_description_active_and_default_change() {
        String id = createRate(VAT).get("id").asString();

        JsonNode changed = ok(api.patch("/v1/tax-rates/" + id, key, """
                {"name":"MwSt","description":null,"active":false,"is_default":true}"""));

        assertThat(changed.get("name").asString()).isEqualTo("MwSt");
        assertThat(changed.get("description").isNull()).isTrue();
        assertThat(changed.get("active").asBoolean()).isFalse();
        assertThat(changed.get("is_default").asBoolean()).isTrue();
        assertThat(changed.get("percentage").asString()).isEqualTo("19");
        assertThat(changed.get("inclusive").asBoolean()).isTrue();
        assertThat(instant(changed.get("updated_at"))).isAfter(instant(changed.get("created_at")));
        assertThat(ok(api.get("/v1/tax-rates/" + id, key))).isEqualTo(changed);
        JsonNode kept = ok(api.patch("/v1/tax-rates/" + id, key, "{\"description\":\"back\"}"));
        assertThat(kept.get("name").asString()).as("fields left out are kept").isEqualTo("MwSt");
        assertThat(kept.get("description").asString()).isEqualTo("back");
    }

    @Test
    void percentage_and_inclusive_cannot_change() {
        String id = createRate(VAT).get("id").asString();

        assertRefused(api.patch("/v1/tax-rates/" + id, key, "{\"percentage\":\"20\"}"), "parameter_invalid", "percentage");
        assertRefused(api.patch("/v1/tax-rates/" + id, key, "{\"name\":\"x\",\"inclusive\":false}"), "parameter_invalid", "inclusive");
        assertRefused(api.patch("/v1/tax-rates/" + id, key, "{\"country\":\"FR\"}"), "parameter_invalid", "country");
        assertRefused(api.patch("/v1/tax-rates/" + id, key, "{\"name\":null}"), "parameter_invalid", "name");
        assertRefused(api.patch("/v1/tax-rates/" + id, key, "{\"active\":null}"), "parameter_invalid", "active");
        assertRefused(api.patch("/v1/tax-rates/" + id, key, "{\"colour\":\"red\"}"), "parameter_unknown", "colour");

        JsonNode unchanged = ok(api.get("/v1/tax-rates/" + id, key));
        assertThat(unchanged.get("percentage").asString()).isEqualTo("19");
        assertThat(unchanged.get("inclusive").asBoolean()).isTrue();
        assertThat(unchanged.get("name").asString()).isEqualTo("VAT");
    }

    @Test
    void every_change_is_audited() {
        String id = createRate(VAT).get("id").asString();
        ok(api.patch("/v1/tax-rates/" + id, key, "{\"active\":false}"));
        ok(api.patch("/v1/tax-rates/" + id, key, "{\"active\":false}"));

        JsonNode records = ok(api.get("/v1/audit-logs?resource_id=" + id, key)).get("data");

        assertThat(records).as("a change that changes nothing is not recorded").hasSize(2);
        assertThat(records.get(0).get("action").asString()).isEqualTo("tax_rate.update");
        assertThat(records.get(0).get("changes").get("active").get("to").asBoolean()).isFalse();
        assertThat(records.get(1).get("action").asString()).isEqualTo("tax_rate.create");
    }

    @Test
    void another_tenant_can_neither_see_nor_change_a_rate() {
        String id = createRate(VAT).get("id").asString();
        String other = newTenant().adminKey();

        assertThat(api.get("/v1/tax-rates/" + id, other).status()).isEqualTo(404);
        assertThat(api.patch("/v1/tax-rates/" + id, other, "{\"active\":false}").status()).isEqualTo(404);
        assertThat(ok(api.get("/v1/tax-rates", other)).get("data")).isEmpty();
        assertThat(ok(api.get("/v1/tax-rates/" + id, key)).get("active").asBoolean()).isTrue();
    }

    @Test
    void reading_needs_billing_read_and_writing_billing_write() {
        String id = createRate(VAT).get("id").asString();
        String reader = apiKey(key, "billing:read");
        String writer = apiKey(key, "billing:write");

        assertThat(api.get("/v1/tax-rates/" + id, reader).status()).isEqualTo(200);
        assertThat(api.post("/v1/tax-rates", reader, VAT).status()).isEqualTo(403);
        assertThat(api.patch("/v1/tax-rates/" + id, reader, "{\"active\":false}").status()).isEqualTo(403);
        assertThat(api.get("/v1/tax-rates", writer).status()).isEqualTo(403);
        assertThat(api.post("/v1/tax-rates", writer, VAT).status()).isEqualTo(201);
    }

    @Test
    void a_rate_reads_as_xml_with_its_own_root() {
        String id = createRate(VAT).get("id").asString();

        ApiResponse xml = api.get("/v1/tax-rates/" + id, key, "Accept", "application/xml");

        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.body()).startsWith("<tax_rate>").contains("<percentage>19</percentage>", "<is_default>false</is_default>");
    }

    @Test
    void an_unknown_rate_is_404() {
        ApiResponse response = api.get("/v1/tax-rates/txr_missing", key);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.field("code")).isEqualTo("resource_missing");
    }

    private static java.time.Instant instant(JsonNode node) {
        return java.time.Instant.parse(node.asString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(rate -> ids.add(rate.get("id").asString()));
        return ids;
    }
}
