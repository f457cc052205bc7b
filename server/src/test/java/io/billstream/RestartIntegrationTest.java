package io.billstream;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.billstream.support.Api;
import io.billstream.support.ApiResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping and starting the server loses nothing: data, credentials and the token signing key survive. */
class RestartIntegrationTest {

    private static final String KEY = "sk_restart_test_0123456789abcdef";

    @Test
    void a_restarted_server_keeps_its_data_api_keys_and_signing_key() {
        Path dataDirectory = Path.of("target", "it-restart", UUID.randomUUID().toString(), "postgres");
        String customerId;
        String customerBody;
        String accessToken;

        try (ConfigurableApplicationContext first = start(dataDirectory)) {
            Api api = api(first);
            ApiResponse created = api.post("/v1/customers", KEY, "{\"external_id\":\"survivor\",\"name\":\"Before restart\"}");
            assertThat(created.status()).isEqualTo(201);
            customerId = created.field("id");
            customerBody = created.body();
            ApiResponse client = api.post("/v1/oauth-clients", KEY, "{\"name\":\"long-lived\"}");
            accessToken = token(api, client.field("client_id"), client.field("client_secret"));
        }

        try (ConfigurableApplicationContext second = start(dataDirectory)) {
            Api api = api(second);
            ApiResponse customer = api.get("/v1/customers/" + customerId, KEY);
            assertThat(customer.status()).as("the bootstrap API key still works").isEqualTo(200);
            assertThat(customer.body()).isEqualTo(customerBody);
            assertThat(api.get("/v1/customers/survivor", accessToken).status())
                    .as("a token issued before the restart is still accepted").isEqualTo(200);
            ApiResponse next = api.post("/v1/customers", KEY, "{\"name\":\"After restart\"}");
            assertThat(next.status()).isEqualTo(201);
            var events = api.get("/v1/billing-events?order=asc", KEY).json().get("data");
            assertThat(events).hasSize(2);
            assertThat(events.get(1).get("sequence").asLong()).as("the event sequence continues").isEqualTo(2);
            assertThat(api.get("/v1/tenants", KEY).json().get("data")).as("no second bootstrap").hasSize(1);
        }
    }

    @Test
    void a_transition_due_while_every_server_was_down_runs_when_one_starts() throws InterruptedException {
        Path dataDirectory = Path.of("target", "it-restart", UUID.randomUUID().toString(), "postgres");
        String subscriptionId;
        Instant startAt;
        try (ConfigurableApplicationContext first = start(dataDirectory)) {
            Api api = api(first);
            assertThat(api.post("/v1/plans", KEY, "{\"code\":\"daily\",\"name\":\"Daily\",\"interval\":\"day\","
                    + "\"currency\":\"USD\",\"amount_minor\":100}").status()).isEqualTo(201);
            String customer = api.post("/v1/customers", KEY, "{}").field("id");
            startAt = Instant.ofEpochMilli(System.currentTimeMillis()).plusSeconds(4);
            ApiResponse pending = api.post("/v1/subscriptions", KEY, "{\"customer_id\":\"" + customer
                    + "\",\"plan_code\":\"daily\",\"start_at\":\"" + startAt + "\"}");
            assertThat(pending.json().get("status").asString()).isEqualTo("pending");
            subscriptionId = pending.field("id");
        }
        while (Instant.ofEpochMilli(System.currentTimeMillis()).isBefore(startAt.plusSeconds(1))) {
            Thread.sleep(200);
        }
        try (ConfigurableApplicationContext second = start(dataDirectory)) {
            Api api = api(second);
            String status = "pending";
            for (int i = 0; i < 100 && status.equals("pending"); i++) {
                Thread.sleep(100);
                status = api.get("/v1/subscriptions/" + subscriptionId, KEY).json().get("status").asString();
            }
            assertThat(status).as("the missed start ran on startup").isEqualTo("active");
            ApiResponse subscription = api.get("/v1/subscriptions/" + subscriptionId, KEY);
            assertThat(Instant.parse(subscription.json().get("current_period_start").asString()))
                    .as("the period starts when it was due, not when the server came back").isEqualTo(startAt);
            var activations = api.get("/v1/billing-events?type=subscription.activated", KEY).json().get("data");
            assertThat(activations).hasSize(1);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDirectory) {
        return new SpringApplicationBuilder(BillstreamApplication.class).run(
                "--server.port=0",
                "--billstream.db.embedded.data-directory=" + dataDirectory,
                "--billstream.db.embedded.settings.fsync=off",
                "--billstream.bootstrap-api-key=" + KEY);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    private static String token(Api api, String clientId, String secret) {
        ApiResponse response = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
        assertThat(response.status()).isEqualTo(200);
        return response.field("access_token");
    }
}
