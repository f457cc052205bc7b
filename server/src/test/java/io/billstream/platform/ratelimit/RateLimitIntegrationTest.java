package io.billstream.platform.ratelimit;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitIntegrationTest extends IntegrationTest {

    @Test
    void everyResponseSaysWhichPolicyAppliesAndWhatIsLeft() {
        TenantFixture tenant = newTenant();

        ApiResponse first = api.get("/v1/customers", tenant.adminKey());
        ApiResponse second = api.get("/v1/customers", tenant.adminKey());

        assertThat(first.status()).isEqualTo(200);
        // The installation's default: 100 requests a second, per credential.
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"rest\";q=100;w=1");
        assertThat(first.header("RateLimit")).isEqualTo("\"rest\";r=99;t=1");
        assertThat(second.header("RateLimit")).matches("\"rest\";r=9[89];t=1");
    }

    @Test
    void anEmptyBucketIsA429WithRetryAfter() {
        TenantFixture tenant = newTenant();
        limit(tenant.id(), null, "{\"quota\":3,\"window_seconds\":60}");

        for (int remaining = 2; remaining >= 0; remaining--) {
            ApiResponse allowed = api.get("/v1/customers", tenant.adminKey());
            assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
            assertThat(allowed.header("RateLimit-Policy")).isEqualTo("\"rest\";q=3;w=60");
            assertThat(allowed.header("RateLimit")).startsWith("\"rest\";r=" + remaining + ";t=");
        }
        ApiResponse refused = api.get("/v1/customers", tenant.adminKey());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.field("code")).isEqualTo("rate_limited");
        // One request comes back every 20 s (3 a minute); the bucket is full again within a minute.
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(19L, 20L);
        assertThat(refused.header("RateLimit")).matches("\"rest\";r=0;t=(59|60)");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"rest\";q=3;w=60");
    }

    @Test
    void ingestionAndTheRestHaveSeparateBuckets() {
        TenantFixture tenant = newTenant();
        limit(tenant.id(), "{\"quota\":2,\"window_seconds\":60}", "{\"quota\":2,\"window_seconds\":60}");
        String event = "{\"transaction_id\":\"tx-%d\",\"customer\":\"nobody\",\"metric_code\":\"api_calls\",\"properties\":{}}";

        ApiResponse firstEvent = api.post("/v1/events", tenant.adminKey(), event.formatted(1));
        api.post("/v1/events", tenant.adminKey(), event.formatted(2));
        ApiResponse thirdEvent = api.post("/v1/events", tenant.adminKey(), event.formatted(3));
        ApiResponse read = api.get("/v1/customers", tenant.adminKey());

        assertThat(firstEvent.status()).as(firstEvent.toString()).isNotEqualTo(429);
        assertThat(firstEvent.header("RateLimit-Policy")).isEqualTo("\"ingestion\";q=2;w=60");
        assertThat(firstEvent.header("RateLimit")).startsWith("\"ingestion\";r=1;");
        assertThat(thirdEvent.status()).isEqualTo(429);
        assertThat(thirdEvent.header("RateLimit-Policy")).isEqualTo("\"ingestion\";q=2;w=60");
        // The rest bucket was untouched by ingestion.
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("RateLimit")).startsWith("\"rest\";r=1;");
    }

    @Test
    void eachCredentialHasItsOwnBucket() {
        TenantFixture tenant = newTenant();
        String otherKey = apiKey(tenant.adminKey(), "billing:read");
        limit(tenant.id(), null, "{\"quota\":1,\"window_seconds\":60}");

        assertThat(api.get("/v1/customers", tenant.adminKey()).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers", tenant.adminKey()).status()).isEqualTo(429);
        ApiResponse other = api.get("/v1/customers", otherKey);

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("RateLimit")).startsWith("\"rest\";r=0;");
    }

    @Test
    void theOperatorSetsATenantsLimitsAndTheTenantReadsThem() {
        TenantFixture tenant = newTenant();
        TenantFixture bystander = newTenant();

        ApiResponse set = limit(tenant.id(), "{\"quota\":5000,\"window_seconds\":1}", "{\"quota\":20,\"window_seconds\":10}");
        ApiResponse own = api.get("/v1/rate-limits", tenant.adminKey());
        ApiResponse others = api.get("/v1/rate-limits", bystander.adminKey());

        assertThat(set.json().get("rest").get("source").asString()).isEqualTo("tenant");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("object").asString()).isEqualTo("rate_limits");
        assertThat(own.json().get("ingestion").get("quota").asLong()).isEqualTo(5000);
        assertThat(own.json().get("rest").get("quota").asLong()).isEqualTo(20);
        assertThat(own.json().get("rest").get("window_seconds").asLong()).isEqualTo(10);
        assertThat(own.header("RateLimit-Policy")).isEqualTo("\"rest\";q=20;w=10");
        assertThat(others.json().get("rest").get("quota").asLong()).isEqualTo(100);
        assertThat(others.json().get("rest").get("source").asString()).isEqualTo("installation");
        assertThat(others.header("RateLimit-Policy")).isEqualTo("\"rest\";q=100;w=1");

        ApiResponse reset = limit(tenant.id(), null, null);
        assertThat(reset.json().get("rest").get("source").asString()).isEqualTo("installation");
        assertThat(api.get("/v1/customers", tenant.adminKey()).header("RateLimit-Policy")).isEqualTo("\"rest\";q=100;w=1");
    }

    @Test
    void onlyTheOperatorSetsLimitsAndTheyAreValidated() {
        TenantFixture tenant = newTenant();

        ApiResponse byTenant = api.send("PUT", "/v1/tenants/" + tenant.id() + "/rate-limits", tenant.adminKey(),
                "{\"rest\":{\"quota\":100000}}");
        ApiResponse zero = api.send("PUT", "/v1/tenants/" + tenant.id() + "/rate-limits", OPERATOR_KEY,
                "{\"rest\":{\"quota\":0,\"window_seconds\":1}}");
        ApiResponse badWindow = api.send("PUT", "/v1/tenants/" + tenant.id() + "/rate-limits", OPERATOR_KEY,
                "{\"ingestion\":{\"quota\":10,\"window_seconds\":0}}");
        ApiResponse missing = api.send("PUT", "/v1/tenants/ten_missing/rate-limits", OPERATOR_KEY, "{}");

        assertThat(byTenant.status()).isEqualTo(403);
        assertThat(byTenant.field("code")).isEqualTo("operator_only");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.field("param")).isEqualTo("rest.quota");
        assertThat(badWindow.status()).isEqualTo(400);
        assertThat(badWindow.field("param")).isEqualTo("ingestion.window_seconds");
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void providerCallbacksAreLimitedPerClientAddress() {
        ApiResponse callback = api.post("/v1/providers/sandbox/callbacks", null, "{}");

        assertThat(callback.header("RateLimit-Policy")).isEqualTo("\"callbacks\";q=100;w=1");
        assertThat(callback.header("RateLimit")).startsWith("\"callbacks\";r=");
    }

    private ApiResponse limit(String tenantId, String ingestion, String rest) {
        ApiResponse response = api.send("PUT", "/v1/tenants/" + tenantId + "/rate-limits", OPERATOR_KEY,
                "{\"ingestion\":" + ingestion + ",\"rest\":" + rest + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }
}
