package io.billstream.platform.web;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 4xx problem that names the field and the reason; never a 5xx. */
class RequestValidationIntegrationTest extends IntegrationTest {

    @Test
    void malformed_json_is_400_invalid_json() {
        var tenant = newTenant();

        ApiResponse response = api.post("/v1/customers", tenant.adminKey(), "{\"name\": ");

        assertProblem(response, 400, "invalid_json", null);
    }

    @Test
    void wrong_types_are_400_naming_the_field() {
        var tenant = newTenant();
        Map<String, String> cases = Map.of(
                "{\"name\": 42}", "name",
                "{\"metadata\": [\"a\"]}", "metadata",
                "{\"billing_preferences\": {\"net_payment_terms_days\": \"thirty\"}}", "billing_preferences.net_payment_terms_days",
                "{\"tax_ids\": {\"type\": \"eu_vat\"}}", "tax_ids",
                "{\"metadata\": {\"plan\": 3}}", "metadata.plan");

        cases.forEach((body, field) -> assertProblem(api.post("/v1/customers", tenant.adminKey(), body), 400, "parameter_invalid", field));
    }

    @Test
    void unknown_fields_are_400_naming_the_field() {
        var tenant = newTenant();

        assertProblem(api.post("/v1/customers", tenant.adminKey(), "{\"nmae\": \"typo\"}"), 400, "parameter_unknown", "nmae");
        assertProblem(api.post("/v1/customers", tenant.adminKey(), "{\"billing_address\": {\"country\": \"DE\", \"zip\": \"1\"}}"),
                400, "parameter_unknown", "billing_address.zip");
        String id = createCustomer(tenant.adminKey(), "{}").field("id");
        assertProblem(api.patch("/v1/customers/" + id, tenant.adminKey(), "{\"plan\": \"gold\"}"), 400, "parameter_unknown", "plan");
        assertProblem(api.patch("/v1/customers/" + id, tenant.adminKey(), "{\"billing_preferences\": {\"net_terms\": 3}}"),
                400, "parameter_unknown", "billing_preferences.net_terms");
    }

    @Test
    void invalid_values_are_400_naming_the_field_and_the_reason() {
        var tenant = newTenant();
        Map<String, String> cases = Map.of(
                "{\"email\": \"not-an-email\"}", "email",
                "{\"currency\": \"EURO\"}", "currency",
                "{\"timezone\": \"Mars/Olympus\"}", "timezone",
                "{\"billing_address\": {\"line1\": \"x\"}}", "billing_address.country",
                "{\"external_id\": \"cus_123\"}", "external_id",
                "{\"billing_preferences\": {\"net_payment_terms_days\": -1}}", "billing_preferences.net_payment_terms_days",
                "{\"tax_ids\": [{\"type\": \"VAT\", \"value\": \"1\"}]}", "tax_ids.type");

        cases.forEach((body, field) -> {
            ApiResponse response = api.post("/v1/customers", tenant.adminKey(), body);
            assertProblem(response, 400, "parameter_invalid", field);
            assertThat(response.field("detail")).as(body).isNotBlank();
        });
        assertThat(api.get("/v1/customers", tenant.adminKey()).json().get("data")).as("nothing half-written").isEmpty();
    }

    @Test
    void non_object_bodies_and_wrong_content_types_are_4xx() {
        var tenant = newTenant();

        assertProblem(api.post("/v1/customers", tenant.adminKey(), "[1,2]"), 400, "invalid_body", null);
        assertProblem(api.post("/v1/customers", tenant.adminKey(), "\"text\""), 400, "invalid_body", null);
        ApiResponse noBody = api.send("POST", "/v1/customers", tenant.adminKey(), null, "Content-Type", "application/json");
        assertThat(noBody.status()).isEqualTo(400);
        ApiResponse form = api.send("POST", "/v1/customers", tenant.adminKey(), null, "Content-Type", "text/plain");
        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void oversized_bodies_are_413_with_or_without_content_length() {
        var tenant = newTenant();
        String huge = "{\"name\":\"" + "a".repeat(1_100_000) + "\"}";

        ApiResponse declared = api.post("/v1/customers", tenant.adminKey(), huge);
        ApiResponse chunked = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/customers"))
                .header("Authorization", "Bearer " + tenant.adminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())))
                .build());
        ApiResponse chunkedIdempotent = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/customers"))
                .header("Authorization", "Bearer " + tenant.adminKey())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "big")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())))
                .build());

        for (ApiResponse response : List.of(declared, chunked, chunkedIdempotent)) {
            assertProblem(response, 413, "request_too_large", null);
        }
        assertThat(api.get("/v1/customers", tenant.adminKey()).json().get("data")).isEmpty();
    }

    @Test
    void unknown_routes_methods_and_query_values_are_4xx() {
        var tenant = newTenant();

        assertProblem(api.get("/v1/no-such-thing", tenant.adminKey()), 404, "route_missing", null);
        assertProblem(api.send("PUT", "/v1/customers", tenant.adminKey(), "{}"), 405, "method_not_allowed", null);
        assertProblem(api.get("/v1/customers?status=deleted", tenant.adminKey()), 400, "parameter_invalid", "status");
        assertProblem(api.get("/v1/customers?created_from=yesterday", tenant.adminKey()), 400, "parameter_invalid", "created_from");
        assertProblem(api.get("/v1/billing-events?order=sideways", tenant.adminKey()), 400, "parameter_invalid", "order");
    }

    @Test
    void several_invalid_fields_are_all_listed() {
        var tenant = newTenant();

        ApiResponse response = api.post("/v1/oauth-clients", tenant.adminKey(), "{\"name\":\"\",\"access_token_ttl_seconds\":5}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors")).hasSize(2);
        assertThat(response.field("param")).isEqualTo("access_token_ttl_seconds");
    }

    @Test
    void responses_are_xml_when_the_client_asks_for_it() {
        var tenant = newTenant();
        String id = createCustomer(tenant.adminKey(), "{\"name\":\"Xml Ltd\",\"metadata\":{\"tier\":\"gold\"}}").field("id");

        ApiResponse one = api.get("/v1/customers/" + id, tenant.adminKey(), "Accept", "application/xml");
        ApiResponse list = api.get("/v1/customers", tenant.adminKey(), "Accept", "application/xml");
        ApiResponse error = api.get("/v1/customers/cus_missing", tenant.adminKey(), "Accept", "application/xml");
        ApiResponse json = api.get("/v1/customers/" + id, tenant.adminKey(), "Accept", "*/*");

        assertThat(one.contentType()).startsWith("application/xml");
        assertThat(one.body()).contains("<id>" + id + "</id>").contains("<name>Xml Ltd</name>").contains("<tier>gold</tier>");
        assertThat(list.body()).startsWith("<list>").contains("<has_more>false</has_more>").contains("<item>");
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.contentType()).startsWith("application/problem+xml");
        assertThat(error.body()).contains("<code>resource_missing</code>");
        assertThat(json.contentType()).startsWith("application/json");
    }

    private static void assertProblem(ApiResponse response, int status, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
        assertThat(response.field("request_id")).isEqualTo(response.header("Request-Id"));
        assertThat(response.field("type")).isEqualTo("urn:billstream:problem:" + code);
    }
}
