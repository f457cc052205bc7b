package io.billstream.webhook;

import javax.sql.DataSource;

import io.billstream.platform.crypto.SecretBox;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookEndpointIntegrationTest extends IntegrationTest {

    /** A public address, written literally so the tests need no DNS. */
    private static final String PUBLIC_URL = "https://93.184.215.14/billing/hooks";

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    SecretBox secrets;

    @Test
    void an_endpoint_is_created_with_defaults_and_its_secret_is_shown_once_and_stored_sealed() {
        var tenant = newTenant();
        createCustomer(tenant.adminKey(), "{\"name\":\"Before the endpoint\"}");
        long lastSequence = api.get("/v1/billing-events?limit=1", tenant.adminKey()).json().get("data").get(0).get("sequence").asLong();

        ApiResponse created = api.post("/v1/webhook-endpoints", tenant.adminKey(),
                "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"invoice.*\",\"payment.succeeded\"],\"description\":\"CRM\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        String secret = body.get("secret").asString();
        assertThat(id).startsWith("we_");
        assertThat(created.header("Location")).endsWith("/v1/webhook-endpoints/" + id);
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSizeGreaterThanOrEqualTo(24);
        assertThat(body.get("object").asString()).isEqualTo("webhook_endpoint");
        assertThat(body.get("enabled").asBoolean()).isTrue();
        assertThat(body.get("format").asString()).isEqualTo("json");
        assertThat(body.get("verify_tls").asBoolean()).isTrue();
        assertThat(body.get("development").asBoolean()).isFalse();
        assertThat(body.get("ordered").asBoolean()).isFalse();
        assertThat(body.get("api_version").asString()).isEqualTo("2026-11-01");
        assertThat(body.get("field_mapping").isNull()).isTrue();

        ApiResponse fetched = api.get("/v1/webhook-endpoints/" + id, tenant.adminKey());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().has("secret")).as("never shown again").isFalse();
        assertThat(fetched.json().get("description").asString()).isEqualTo("CRM");
        ApiResponse listed = api.get("/v1/webhook-endpoints", tenant.adminKey());
        assertThat(listed.json().get("data")).hasSize(1);
        assertThat(listed.json().get("data").get(0).has("secret")).isFalse();

        var row = JdbcClient.create(ownerDataSource)
                .sql("SELECT secret_ciphertext, dispatched_through_sequence FROM webhook_endpoints WHERE id = :id").param("id", id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)}).single();
        assertThat((String) row[0]).startsWith("v1.").doesNotContain(secret.substring(6));
        assertThat(secrets.open((String) row[0])).isEqualTo(secret);
        assertThat((long) row[1]).as("receives events from now on").isEqualTo(lastSequence);

        JsonNode audit = api.get("/v1/audit-logs?resource_id=" + id, tenant.adminKey()).json().get("data");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("action").asString()).isEqualTo("webhook_endpoint.create");
        assertThat(audit.toString()).doesNotContain(secret).doesNotContain(secret.substring(6));
    }

    @Test
    void rotating_the_secret_shows_a_new_one_once_and_keeps_the_previous_one_signing_for_the_overlap() {
        var tenant = newTenant();
        ApiResponse created = createEndpoint(tenant.adminKey(), "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"]}");
        String id = created.field("id");
        String first = created.field("secret");

        ApiResponse rotated = api.post("/v1/webhook-endpoints/" + id + "/rotate-secret", tenant.adminKey(), "{\"expires_in_seconds\":3600}");

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String second = rotated.field("secret");
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        java.time.Instant expires = java.time.Instant.parse(rotated.field("previous_secret_expires_at"));
        assertThat(expires).isBetween(java.time.Instant.now().plusSeconds(3500), java.time.Instant.now().plusSeconds(3700));
        var row = JdbcClient.create(ownerDataSource)
                .sql("SELECT secret_ciphertext, previous_secret_ciphertext FROM webhook_endpoints WHERE id = :id").param("id", id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        assertThat(secrets.open(row[0])).isEqualTo(second);
        assertThat(secrets.open(row[1])).isEqualTo(first);
        assertThat(api.get("/v1/webhook-endpoints/" + id, tenant.adminKey()).json().has("secret")).isFalse();

        ApiResponse defaulted = api.post("/v1/webhook-endpoints/" + id + "/rotate-secret", tenant.adminKey(), null);
        assertThat(defaulted.status()).as(defaulted.toString()).isEqualTo(200);
        assertThat(java.time.Instant.parse(defaulted.field("previous_secret_expires_at")))
                .isAfter(java.time.Instant.now().plusSeconds(86_000));
        ApiResponse immediate = api.post("/v1/webhook-endpoints/" + id + "/rotate-secret", tenant.adminKey(), "{\"expires_in_seconds\":0}");
        assertThat(immediate.json().get("previous_secret_expires_at").isNull()).isTrue();
        ApiResponse tooLong = api.post("/v1/webhook-endpoints/" + id + "/rotate-secret", tenant.adminKey(),
                "{\"expires_in_seconds\":604801}");
        assertProblem(tooLong, 400, "expires_in_seconds");
        assertThat(api.get("/v1/audit-logs?resource_id=" + id, tenant.adminKey()).body())
                .doesNotContain(first.substring(6)).doesNotContain(second.substring(6));
    }

    @Test
    void invalid_settings_are_refused_naming_the_field() {
        var tenant = newTenant();
        String key = tenant.adminKey();

        assertProblem(post(key, "{\"event_types\":[\"*\"]}"), 400, "url");
        assertProblem(post(key, "{\"url\":\"ftp://93.184.215.14/x\",\"event_types\":[\"*\"]}"), 400, "url");
        assertProblem(post(key, "{\"url\":\"http://93.184.215.14/x\",\"event_types\":[\"*\"]}"), 400, "url");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\"}"), 400, "event_types");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"invoice.paid\",\"Invoice\"]}"), 400, "event_types[1]");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"invoice*\"]}"), 400, "event_types[0]");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"],\"format\":\"yaml\"}"), 400, "format");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"],\"verify_tls\":false}"), 400, "verify_tls");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"],\"api_version\":\"2020-01-01\"}"), 400, "api_version");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"],"
                + "\"field_mapping\":{\"amount\":{\"path\":\"$.data[\"}}}"), 400, "field_mapping.amount.path");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"],"
                + "\"field_mapping\":{\"at\":{\"path\":\"$.occurred_at\",\"transform\":{\"type\":\"date\",\"pattern\":\"yyyy{\"}}}}"),
                400, "field_mapping.at.transform.pattern");
        assertProblem(post(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"],\"colour\":\"red\"}"), 400, "colour");
        assertThat(api.get("/v1/webhook-endpoints", key).json().get("data")).isEmpty();

        ApiResponse development = post(key, "{\"url\":\"http://93.184.215.14:8080/x\",\"event_types\":[\"*\"],"
                + "\"development\":true,\"verify_tls\":false,\"format\":\"xml\",\"ordered\":true}");
        assertThat(development.status()).as(development.toString()).isEqualTo(201);
        assertThat(development.json().get("verify_tls").asBoolean()).isFalse();
        assertThat(development.json().get("ordered").asBoolean()).isTrue();
        String id = development.field("id");
        assertProblem(api.patch("/v1/webhook-endpoints/" + id, key, "{\"development\":false}"), 400, "url");
        assertProblem(api.patch("/v1/webhook-endpoints/" + id, key, "{\"url\":\"" + PUBLIC_URL + "\",\"development\":false}"),
                400, "verify_tls");
        assertProblem(api.patch("/v1/webhook-endpoints/" + id, key, "{\"enabled\":null}"), 400, "enabled");
        assertProblem(api.patch("/v1/webhook-endpoints/" + id, key, "{\"secret\":\"whsec_mine\"}"), 400, "secret");
    }

    @Test
    void internal_destinations_are_refused_until_the_tenant_allows_private_urls() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        for (String url : new String[] {"https://127.0.0.1/x", "https://10.1.2.3/x", "https://169.254.169.254/latest/meta-data",
                "https://[::1]/x", "https://[fd00::1]/x", "https://192.168.1.10/x", "https://localhost/x"}) {
            ApiResponse refused = post(key, "{\"url\":\"" + url + "\",\"event_types\":[\"*\"]}");
            assertProblem(refused, 400, "url");
            assertThat(refused.field("code")).as(url).isEqualTo("url_not_allowed");
        }
        String id = createEndpoint(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"]}").field("id");
        ApiResponse changed = api.patch("/v1/webhook-endpoints/" + id, key, "{\"url\":\"https://172.16.0.5/x\"}");
        assertThat(changed.field("code")).isEqualTo("url_not_allowed");
        assertThat(api.get("/v1/webhook-endpoints/" + id, key).field("url")).isEqualTo(PUBLIC_URL);

        ApiResponse settings = api.patch("/v1/webhook-settings", key, "{\"allow_private_urls\":true}");
        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        assertThat(settings.json().get("allow_private_urls").asBoolean()).isTrue();

        ApiResponse allowed = post(key, "{\"url\":\"http://localhost:9/hooks\",\"event_types\":[\"*\"],\"development\":true}");
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(201);
        assertThat(api.patch("/v1/webhook-endpoints/" + id, key, "{\"url\":\"https://172.16.0.5/x\"}").status()).isEqualTo(200);
        // Another tenant's opt-in is its own.
        var other = newTenant();
        assertThat(post(other.adminKey(), "{\"url\":\"https://10.1.2.3/x\",\"event_types\":[\"*\"]}").field("code")).isEqualTo("url_not_allowed");
    }

    @Test
    void webhook_settings_need_admin_and_validate_the_notification_email() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        ApiResponse initial = api.get("/v1/webhook-settings", key);
        assertThat(initial.json().get("allow_private_urls").asBoolean()).isFalse();
        assertThat(initial.json().get("notification_email").isNull()).isTrue();

        assertProblem(api.patch("/v1/webhook-settings", key, "{\"notification_email\":\"not-an-address\"}"), 400, "notification_email");
        assertProblem(api.patch("/v1/webhook-settings", key, "{\"allow_private_urls\":\"yes\"}"), 400, "allow_private_urls");
        ApiResponse set = api.patch("/v1/webhook-settings", key, "{\"notification_email\":\"ops@example.com\"}");
        assertThat(set.field("notification_email")).isEqualTo("ops@example.com");
        assertThat(api.get("/v1/webhook-settings", key).field("notification_email")).isEqualTo("ops@example.com");
        assertThat(api.patch("/v1/webhook-settings", key, "{\"notification_email\":null}").json().get("notification_email").isNull()).isTrue();

        String writer = apiKey(key, "webhooks:write", "events:read");
        assertThat(api.get("/v1/webhook-settings", writer).status()).isEqualTo(403);
        assertThat(api.patch("/v1/webhook-settings", writer, "{\"allow_private_urls\":true}").status()).isEqualTo(403);
    }

    @Test
    void patching_changes_fields_and_re_enabling_clears_why_the_endpoint_was_disabled() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        String id = createEndpoint(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"],\"metadata\":{\"team\":\"crm\",\"x\":\"1\"}}")
                .field("id");

        ApiResponse patched = api.patch("/v1/webhook-endpoints/" + id, key,
                "{\"event_types\":[\"invoice.paid\"],\"description\":\"Invoices\",\"metadata\":{\"x\":null,\"y\":\"2\"},"
                        + "\"field_mapping\":{\"invoice\":\"$.data.object.id\"}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("event_types").toString()).isEqualTo("[\"invoice.paid\"]");
        assertThat(patched.json().get("metadata").toString()).isEqualTo("{\"team\":\"crm\",\"y\":\"2\"}");
        assertThat(patched.json().get("field_mapping").get("invoice").asString()).isEqualTo("$.data.object.id");
        assertThat(patched.json().has("secret")).isFalse();

        ApiResponse disabled = api.patch("/v1/webhook-endpoints/" + id, key, "{\"enabled\":false}");
        assertThat(disabled.field("disabled_reason")).isEqualTo("manual");
        assertThat(disabled.field("disabled_at")).isNotNull();
        // The delivery engine disables a failing endpoint the same way, with its own reason.
        JdbcClient.create(ownerDataSource).sql("UPDATE webhook_endpoints SET disabled_reason = 'failing', "
                + "failing_since = now() - interval '5 days' WHERE id = :id").param("id", id).update();

        // Fan-out stands still while the endpoint is disabled (the delivery workers poll every 100 ms)...
        long positionWhenDisabled = fanOutPosition(id);
        createCustomer(key, "{\"name\":\"Written while the endpoint is disabled\"}");
        sleepQuietly(600);
        assertThat(fanOutPosition(id)).isEqualTo(positionWhenDisabled);

        ApiResponse enabled = api.patch("/v1/webhook-endpoints/" + id, key, "{\"enabled\":true}");
        // ...and resumes from the tenant's latest event: what happened meanwhile is for a replay.
        assertThat(fanOutPosition(id)).isEqualTo(JdbcClient.create(ownerDataSource)
                .sql("SELECT last_sequence FROM tenant_event_sequences WHERE tenant_id = :tenant").param("tenant", tenant.id())
                .query(Long.class).single()).isGreaterThan(positionWhenDisabled);
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().get("disabled_reason").isNull()).isTrue();
        assertThat(enabled.json().get("disabled_at").isNull()).isTrue();
        assertThat(enabled.json().get("failing_since").isNull()).isTrue();
        assertThat(api.patch("/v1/webhook-endpoints/" + id, key, "{\"field_mapping\":null}").json().get("field_mapping").isNull()).isTrue();

        ApiResponse deleted = api.delete("/v1/webhook-endpoints/" + id, key);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(api.get("/v1/webhook-endpoints/" + id, key).status()).isEqualTo(404);
        JsonNode audit = api.get("/v1/audit-logs?resource_id=" + id, key).json().get("data");
        assertThat(audit).extracting(r -> r.get("action").asString()).containsExactly("webhook_endpoint.delete",
                "webhook_endpoint.update", "webhook_endpoint.update", "webhook_endpoint.update", "webhook_endpoint.update",
                "webhook_endpoint.create");
    }

    @Test
    void endpoints_need_the_webhook_scopes_and_stay_within_their_tenant() {
        var tenant = newTenant();
        String id = createEndpoint(tenant.adminKey(), "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"]}").field("id");
        String reader = apiKey(tenant.adminKey(), "events:read");
        String billing = apiKey(tenant.adminKey(), "billing:write", "billing:read");

        assertThat(api.get("/v1/webhook-endpoints/" + id, reader).status()).isEqualTo(200);
        assertThat(post(reader, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"*\"]}").status()).isEqualTo(403);
        assertThat(api.delete("/v1/webhook-endpoints/" + id, reader).status()).isEqualTo(403);
        assertThat(api.get("/v1/webhook-endpoints", billing).status()).isEqualTo(403);
        var other = newTenant();
        assertThat(api.get("/v1/webhook-endpoints/" + id, other.adminKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/webhook-endpoints", other.adminKey()).json().get("data")).isEmpty();
    }

    private ApiResponse post(String key, String json) {
        return api.post("/v1/webhook-endpoints", key, json);
    }

    private ApiResponse createEndpoint(String key, String json) {
        ApiResponse created = post(key, json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private long fanOutPosition(String endpointId) {
        return JdbcClient.create(ownerDataSource).sql("SELECT dispatched_through_sequence FROM webhook_endpoints WHERE id = :id")
                .param("id", endpointId).query(Long.class).single();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertProblem(ApiResponse response, int status, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }
}
