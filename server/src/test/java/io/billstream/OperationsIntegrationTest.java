package io.billstream;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class OperationsIntegrationTest extends IntegrationTest {

    @Test
    void openapi_31_document_describes_the_endpoints_and_both_auth_schemes() {
        ApiResponse document = api.get("/v1/openapi.json", null);

        assertThat(document.status()).isEqualTo(200);
        JsonNode openapi = document.json();
        assertThat(openapi.get("openapi").asString()).startsWith("3.1");
        JsonNode schemes = openapi.get("components").get("securitySchemes");
        assertThat(schemes.get("apiKey").get("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.get("oauth2").get("flows").get("clientCredentials").get("tokenUrl").asString()).isEqualTo("/oauth2/token");
        assertThat(openapi.get("paths").propertyNames()).contains("/v1/customers", "/v1/customers/{id}", "/v1/billing-events",
                "/v1/audit-logs", "/v1/api-keys", "/v1/oauth-clients", "/v1/tenants");
    }

    @Test
    void interactive_api_page_is_served_at_docs() {
        ApiResponse docs = api.get("/docs", null);
        ApiResponse page = api.get("/swagger-ui/index.html", null);

        assertThat(docs.status()).isEqualTo(302);
        assertThat(docs.header("Location")).contains("swagger-ui");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("swagger");
    }

    @Test
    void health_probes_and_metrics_are_up() {
        assertThat(api.get("/actuator/health/liveness", null).field("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).field("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        ApiResponse metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void every_response_carries_a_request_id() {
        var tenant = newTenant();

        for (ApiResponse response : new ApiResponse[] {
                api.get("/v1/customers", tenant.adminKey()), api.get("/v1/customers", null),
                api.get("/v1/customers/cus_missing", tenant.adminKey()), api.get("/actuator/health", null)}) {
            assertThat(response.header("Request-Id")).as(response.toString()).matches("req_[0-9A-Z]{26}");
        }
    }

    @Test
    void log_lines_carry_the_request_id(CapturedOutput output) {
        var tenant = newTenant();

        ApiResponse response = api.get("/v1/customers?limit=1", tenant.adminKey());

        String requestId = response.header("Request-Id");
        assertThat(output.getOut()).containsPattern("\\[" + requestId + "\\] .*GET /v1/customers -> 200");
    }
}
