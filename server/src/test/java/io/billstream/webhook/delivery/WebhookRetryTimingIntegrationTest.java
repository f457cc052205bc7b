package io.billstream.webhook.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.billstream.platform.crypto.SecretBox;
import io.billstream.support.Api;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries over days: a server of its own whose clock the test moves forward (so its own database
 * directory beside the shared one), delivering to a receiver on 127.0.0.1.
 */
// The same logging levels as the shared server (IntegrationTest): whichever context starts first
// configures logging for the JVM, and OperationsIntegrationTest reads the access log.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "logging.level.billstream.access=debug")
class WebhookRetryTimingIntegrationTest {

    private static final Path DATA_DIRECTORY = Path.of("target", "it-postgres", "webhook-clock-" + UUID.randomUUID());
    private static final Receiver RECEIVER = new Receiver();
    private static final MovableClock CLOCK = new MovableClock();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("billstream.db.embedded.data-directory", DATA_DIRECTORY::toString);
        registry.add("billstream.db.embedded.settings.fsync", () -> "off");
        registry.add("billstream.bootstrap-api-key", () -> IntegrationTest.OPERATOR_KEY);
        registry.add("billstream.webhooks.poll-interval", () -> "PT0.05S");
    }

    /** The real time plus however far the test has moved it. */
    static final class MovableClock extends Clock {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
        private final Clock base = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

        void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public Instant instant() {
            return base.instant().plus(offset.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TestConfiguration
    static class MovableTime {

        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    SecretBox secretBox;

    Api api;
    WebhookFixtures fixtures;
    String tenantId;
    String key;
    String path;

    @BeforeEach
    void tenant() {
        api = new Api(port);
        fixtures = new WebhookFixtures(ownerDataSource, secretBox);
        ApiResponse created = api.post("/v1/tenants", IntegrationTest.OPERATOR_KEY,
                "{\"name\":\"Hooks\",\"slug\":\"hooks-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        tenantId = created.json().get("tenant").get("id").asString();
        key = created.json().get("admin_key").get("secret").asString();
        fixtures.allowPrivateUrls(tenantId);
        path = "/clock/" + UUID.randomUUID();
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aReceiverDownForADayGetsEveryEventOnceItIsBack() {
        String endpoint = fixtures.endpoint(tenantId, RECEIVER.url(path), List.of("customer.created"), false, null, null, CLOCK.instant()).id();
        RECEIVER.answer(request -> request.path().equals(path) ? Receiver.Answer.status(503) : Receiver.Answer.ok());
        for (int i = 0; i < 5; i++) {
            customer("down-" + i);
        }
        WebhookDeliveryIntegrationTest.await(() -> RECEIVER.received(path).size() >= 5, "the first attempts");

        // A day of failures, an hour at a time, each step giving the workers time to send what fell due.
        for (int hour = 0; hour < 24; hour++) {
            CLOCK.advance(Duration.ofHours(1));
            pause(250);
        }
        List<JsonNode> down = deliveries(endpoint);
        assertThat(down).hasSize(5).allMatch(d -> d.get("status").asString().equals("pending"));
        // Five seconds, five minutes, half an hour, two and five hours, ten hours: six attempts or more each by now.
        assertThat(down).allMatch(d -> d.get("attempts").asInt() >= 6, "six attempts each: " + down);

        RECEIVER.answer(request -> Receiver.Answer.ok());
        CLOCK.advance(Duration.ofHours(12));
        WebhookDeliveryIntegrationTest.await(() -> deliveries(endpoint).stream().allMatch(d -> d.get("status").asString().equals("succeeded")),
                "every delivery to succeed");
        pause(500);

        List<Receiver.Request> requests = RECEIVER.received(path);
        Map<String, Long> successesById = requests.stream().filter(r -> r.answeredStatus() == 200)
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
        Set<String> eventIds = deliveries(endpoint).stream().map(d -> d.get("event_id").asString()).collect(Collectors.toSet());
        assertThat(successesById.keySet()).isEqualTo(eventIds);
        assertThat(successesById.values()).allMatch(count -> count == 1);
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabledWithAnEventAndAnEmail() {
        fixtures.notificationEmail(tenantId, "ops@example.com");
        String endpoint = fixtures.endpoint(tenantId, RECEIVER.url(path), List.of("customer.created"), false, null, null, CLOCK.instant()).id();
        RECEIVER.answer(request -> request.path().equals(path) ? Receiver.Answer.status(500) : Receiver.Answer.ok());
        try {
            customer("failing-0");
            WebhookDeliveryIntegrationTest.await(() -> RECEIVER.received(path).size() == 1, "the first failure");
            assertThat(fixtures.endpointRow(endpoint).get("failing_since")).isNotNull();

            // New events keep failing every half day; after five days of it the endpoint is turned off.
            for (int step = 1; step <= 9; step++) {
                CLOCK.advance(Duration.ofHours(12));
                int before = RECEIVER.received(path).size();
                customer("failing-" + step);
                WebhookDeliveryIntegrationTest.await(() -> RECEIVER.received(path).size() > before, "the new event's failure");
                pause(200);
                assertThat(fixtures.endpointRow(endpoint).get("enabled")).as("still enabled after %d half days", step).isEqualTo(true);
            }
            CLOCK.advance(Duration.ofHours(13));
            customer("failing-last");
            WebhookDeliveryIntegrationTest.await(() -> Boolean.FALSE.equals(fixtures.endpointRow(endpoint).get("enabled")),
                    "the endpoint to be disabled");

            assertThat(fixtures.endpointRow(endpoint).get("disabled_reason")).isEqualTo("failing");
            JsonNode events = api.get("/v1/billing-events?type=webhook_endpoint.disabled", key).json();
            assertThat(events.get("data")).hasSize(1);
            assertThat(events.get("data").get(0).get("data").get("object").get("id").asString()).isEqualTo(endpoint);
            List<Map<String, Object>> notifications = fixtures.notifications(tenantId);
            assertThat(notifications).hasSize(1);
            assertThat(notifications.getFirst()).containsEntry("kind", "webhook_endpoint.disabled")
                    .containsEntry("recipient", "ops@example.com").containsEntry("related_object_id", endpoint);
            assertThat((String) notifications.getFirst().get("text_body")).contains(endpoint).contains("five days");

            // Disabled: the next event makes no delivery.
            int deliveriesBefore = deliveries(endpoint).size();
            customer("after-disable");
            pause(600);
            assertThat(deliveries(endpoint)).hasSize(deliveriesBefore);
        } finally {
            RECEIVER.answer(request -> Receiver.Answer.ok());
        }
    }

    private void customer(String externalId) {
        ApiResponse created = api.post("/v1/customers", key, "{\"external_id\":\"" + externalId + "\",\"currency\":\"USD\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private List<JsonNode> deliveries(String endpoint) {
        JsonNode page = api.get("/v1/webhook-endpoints/" + endpoint + "/deliveries?limit=100", key).json();
        List<JsonNode> list = new java.util.ArrayList<>();
        page.get("data").forEach(list::add);
        return list;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
