package io.billstream.platform.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyIntegrationTest extends IntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Test
    void a_retry_with_the_same_key_and_body_replays_the_first_response_without_a_second_customer() {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();
        String body = "{\"external_id\":\"idem-1\",\"name\":\"Once\"}";

        ApiResponse first = api.post("/v1/customers", tenant.adminKey(), body, "Idempotency-Key", key);
        ApiResponse retry = api.post("/v1/customers", tenant.adminKey(), body, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Request-Id")).isNotEqualTo(first.header("Request-Id"));
        assertThat(api.get("/v1/customers", tenant.adminKey()).json().get("data")).hasSize(1);
        assertThat(api.get("/v1/billing-events?type=customer.created", tenant.adminKey()).json().get("data")).hasSize(1);
    }

    @Test
    void the_same_key_with_another_body_is_422() {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();
        api.post("/v1/customers", tenant.adminKey(), "{\"name\":\"First\"}", "Idempotency-Key", key);

        ApiResponse reused = api.post("/v1/customers", tenant.adminKey(), "{\"name\":\"Second\"}", "Idempotency-Key", key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.field("code")).isEqualTo("idempotency_key_reused");
        assertThat(reused.field("param")).isEqualTo("Idempotency-Key");
        assertThat(api.get("/v1/customers", tenant.adminKey()).json().get("data")).hasSize(1);
    }

    @Test
    void the_same_key_on_another_endpoint_is_422() {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();
        api.post("/v1/customers", tenant.adminKey(), "{}", "Idempotency-Key", key);

        ApiResponse reused = api.post("/v1/api-keys", tenant.adminKey(), "{}", "Idempotency-Key", key);

        assertThat(reused.status()).isEqualTo(422);
    }

    @Test
    void a_request_while_the_first_with_its_key_is_in_flight_is_409() throws Exception {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();
        // Hold the lock an in-flight request holds for the length of its transaction.
        try (Connection inFlight = ownerDataSource.getConnection()) {
            inFlight.setAutoCommit(false);
            try (PreparedStatement lock = inFlight.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, IdempotencyFilter.lockName(tenant.id(), key));
                lock.execute();
            }

            ApiResponse concurrent = api.post("/v1/customers", tenant.adminKey(), "{\"name\":\"x\"}", "Idempotency-Key", key);

            assertThat(concurrent.status()).isEqualTo(409);
            assertThat(concurrent.field("code")).isEqualTo("idempotency_request_in_progress");
            inFlight.rollback();
        }
        assertThat(api.post("/v1/customers", tenant.adminKey(), "{\"name\":\"x\"}", "Idempotency-Key", key).status()).isEqualTo(201);
    }

    @Test
    void concurrent_requests_with_one_key_create_one_customer() throws Exception {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();
        String body = "{\"external_id\":\"race\"}";
        List<Callable<ApiResponse>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(() -> api.post("/v1/customers", tenant.adminKey(), body, "Idempotency-Key", key));
        }

        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<ApiResponse> result : pool.invokeAll(attempts)) {
                statuses.add(result.get().status());
            }
        }

        assertThat(statuses).allMatch(status -> status == 201 || status == 409);
        assertThat(statuses).contains(201);
        assertThat(api.get("/v1/customers", tenant.adminKey()).json().get("data")).hasSize(1);
    }

    @Test
    void a_failed_request_stores_nothing_so_its_key_can_be_used_again() {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();

        ApiResponse invalid = api.post("/v1/customers", tenant.adminKey(), "{\"currency\":\"XYZ\"}", "Idempotency-Key", key);
        ApiResponse corrected = api.post("/v1/customers", tenant.adminKey(), "{\"currency\":\"EUR\"}", "Idempotency-Key", key);

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(corrected.status()).isEqualTo(201);
        assertThat(corrected.field("currency")).isEqualTo("EUR");
    }

    @Test
    void keys_are_scoped_to_the_tenant() {
        var a = newTenant();
        var b = newTenant();
        String key = UUID.randomUUID().toString();

        ApiResponse inA = api.post("/v1/customers", a.adminKey(), "{\"name\":\"A\"}", "Idempotency-Key", key);
        ApiResponse inB = api.post("/v1/customers", b.adminKey(), "{\"name\":\"B\"}", "Idempotency-Key", key);

        assertThat(inA.status()).isEqualTo(201);
        assertThat(inB.status()).isEqualTo(201);
        assertThat(inB.field("id")).isNotEqualTo(inA.field("id"));
    }

    @Test
    void one_time_secrets_are_not_kept_in_the_stored_response() {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();

        ApiResponse created = api.post("/v1/api-keys", tenant.adminKey(), "{\"name\":\"ci\"}", "Idempotency-Key", key);
        ApiResponse replayed = api.post("/v1/api-keys", tenant.adminKey(), "{\"name\":\"ci\"}", "Idempotency-Key", key);

        assertThat(created.field("secret")).startsWith("sk_");
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.field("id")).isEqualTo(created.field("id"));
        assertThat(replayed.json().get("secret").isNull()).isTrue();
        String stored = org.springframework.jdbc.core.simple.JdbcClient.create(ownerDataSource)
                .sql("SELECT convert_from(response_body, 'UTF8') FROM idempotency_keys WHERE key = :key")
                .param("key", key).query(String.class).single();
        assertThat(stored).doesNotContain(created.field("secret"));
    }

    @Test
    void one_time_secrets_are_not_kept_in_a_stored_xml_response_either() {
        var tenant = newTenant();
        String key = UUID.randomUUID().toString();

        ApiResponse created = api.post("/v1/oauth-clients", tenant.adminKey(), "{}", "Idempotency-Key", key, "Accept", "application/xml");
        ApiResponse replayed = api.post("/v1/oauth-clients", tenant.adminKey(), "{}", "Idempotency-Key", key, "Accept", "application/xml");

        assertThat(created.body()).containsPattern("<client_secret>ocs_\\w+</client_secret>");
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).contains("<client_secret/>").doesNotContain("ocs_");
    }

    @Test
    void an_overlong_key_is_400() {
        var tenant = newTenant();

        ApiResponse response = api.post("/v1/customers", tenant.adminKey(), "{}", "Idempotency-Key", "k".repeat(256));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.field("param")).isEqualTo("Idempotency-Key");
    }
}
