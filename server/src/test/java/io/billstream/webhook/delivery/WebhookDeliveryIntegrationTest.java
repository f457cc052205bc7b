package io.billstream.webhook.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.billstream.platform.crypto.SecretBox;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhook delivery on the shared server, in real time, to a receiver on 127.0.0.1. */
class WebhookDeliveryIntegrationTest extends BillingIntegrationTest {

    private static final Receiver RECEIVER = new Receiver();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    SecretBox secretBox;

    @Autowired
    Clock clock;

    WebhookFixtures fixtures;
    TenantFixture tenant;
    String path;

    @BeforeEach
    void tenantAllowingLocalReceivers() {
        fixtures = new WebhookFixtures(ownerDataSource, secretBox);
        tenant = newTenant();
        fixtures.allowPrivateUrls(tenant.id());
        path = "/hooks/" + UUID.randomUUID();
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aDeliveryIsSignedPerStandardWebhooksAndTamperingIsDetectedByTheReferenceVerifier() throws Exception {
        WebhookFixtures.Endpoint endpoint = endpoint(List.of("customer.*"), false);

        String customer = createCustomer(tenant.adminKey(), "{\"external_id\":\"c-1\",\"currency\":\"USD\"}").field("id");

        Receiver.Request request = awaitOne(() -> RECEIVER.received(path));
        JsonNode body = JSON.readTree(request.body());
        JsonNode event = latestEvent("customer.created");
        assertThat(body.get("id").asString()).isEqualTo(event.get("id").asString());
        assertThat(body.get("type").asString()).isEqualTo("customer.created");
        assertThat(body.get("customer_id").asString()).isEqualTo(customer);
        assertThat(body.get("data").get("object").get("id").asString()).isEqualTo(customer);
        assertThat(request.header("webhook-id")).isEqualTo(event.get("id").asString());
        assertThat(request.header("billstream-event-type")).isEqualTo("customer.created");
        assertThat(request.header("billstream-sequence")).isEqualTo(Long.toString(event.get("sequence").asLong()));
        assertThat(request.header("billstream-version")).isEqualTo("2026-11-01");
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("user-agent")).startsWith("Billstream-Webhooks/");
        assertThat(Long.parseLong(request.header("webhook-timestamp"))).isCloseTo(clock.instant().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));

        new Webhook(endpoint.secret()).verify(request.body(), request.headers());

        assertThatThrownBy(() -> new Webhook(endpoint.secret()).verify(request.body().replace(customer, customer + "x"), request.headers()))
                .isInstanceOf(WebhookVerificationException.class);
        Map<String, List<String>> otherTimestamp = new java.util.TreeMap<>(request.headers());
        otherTimestamp.put("webhook-timestamp", List.of(Long.toString(Long.parseLong(request.header("webhook-timestamp")) - 1)));
        assertThatThrownBy(() -> new Webhook(endpoint.secret()).verify(request.body(), otherTimestamp))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(WebhookFixtures.newSecret()).verify(request.body(), request.headers()))
                .isInstanceOf(WebhookVerificationException.class);

        JsonNode log = awaitDeliveries(endpoint.id(), list -> list.size() == 1 && list.get(0).get("status").asString().equals("succeeded"));
        JsonNode delivery = log.get("data").get(0);
        assertThat(delivery.get("event_id").asString()).isEqualTo(event.get("id").asString());
        assertThat(delivery.get("event_sequence").asLong()).isEqualTo(event.get("sequence").asLong());
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("response_status").asInt()).isEqualTo(200);
        assertThat(delivery.get("response_body").asString()).isEqualTo("ok");
        assertThat(delivery.get("latency_ms").isNumber()).isTrue();
        assertThat(delivery.get("origin").asString()).isEqualTo("event");
        JsonNode one = ok(api.get("/v1/webhook-deliveries/" + delivery.get("id").asString(), tenant.adminKey()));
        assertThat(one.get("attempt_history")).hasSize(1);
        assertThat(one.get("attempt_history").get(0).get("response_status").asInt()).isEqualTo(200);
    }

    @Test
    void duringARotationOverlapBothSecretsSignAndAfterItOnlyTheNewOne() throws Exception {
        String previous = WebhookFixtures.newSecret();
        String overlapPath = path + "/overlap";
        String expiredPath = path + "/expired";
        WebhookFixtures.Endpoint overlapping = fixtures.endpoint(tenant.id(), RECEIVER.url(overlapPath), List.of("*"), false, previous,
                clock.instant().plus(Duration.ofHours(1)), clock.instant());
        WebhookFixtures.Endpoint expired = fixtures.endpoint(tenant.id(), RECEIVER.url(expiredPath), List.of("*"), false, previous,
                clock.instant().minusSeconds(1), clock.instant());

        createCustomer(tenant.adminKey(), "{\"external_id\":\"c-rot\",\"currency\":\"USD\"}");

        Receiver.Request both = awaitOne(() -> RECEIVER.received(overlapPath));
        assertThat(both.header("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(overlapping.secret()).verify(both.body(), both.headers());
        new Webhook(previous).verify(both.body(), both.headers());

        Receiver.Request single = awaitOne(() -> RECEIVER.received(expiredPath));
        assertThat(single.header("webhook-signature").split(" ")).hasSize(1);
        new Webhook(expired.secret()).verify(single.body(), single.headers());
        assertThatThrownBy(() -> new Webhook(previous).verify(single.body(), single.headers()))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void onlyMatchingEventTypesAreDelivered() {
        endpoint(List.of("invoice.*"), false);
        String other = path + "/customers";
        fixtures.endpoint(tenant.id(), RECEIVER.url(other), List.of("customer.created"), false, null, null, clock.instant());

        createCustomer(tenant.adminKey(), "{\"external_id\":\"c-f\",\"currency\":\"USD\"}");

        awaitOne(() -> RECEIVER.received(other));
        sleep(500);
        assertThat(RECEIVER.received(path)).isEmpty();
    }

    @Test
    void aGoneEndpointIsDisabledAtOnceWithAnEventAndGetsNoMoreDeliveries() {
        WebhookFixtures.Endpoint endpoint = endpoint(List.of("customer.*"), false);
        RECEIVER.answer(request -> request.path().equals(path) ? Receiver.Answer.status(410) : Receiver.Answer.ok());
        try {
            createCustomer(tenant.adminKey(), "{\"external_id\":\"c-g\",\"currency\":\"USD\"}");

            awaitOne(() -> RECEIVER.received(path));
            await(() -> Boolean.FALSE.equals(fixtures.endpointRow(endpoint.id()).get("enabled")), "the endpoint to be disabled");
            assertThat(fixtures.endpointRow(endpoint.id()).get("disabled_reason")).isEqualTo("gone");
            JsonNode disabled = latestEvent("webhook_endpoint.disabled");
            assertThat(disabled.get("data").get("object").get("id").asString()).isEqualTo(endpoint.id());
            assertThat(disabled.get("data").get("object").get("disabled_reason").asString()).isEqualTo("gone");

            createCustomer(tenant.adminKey(), "{\"external_id\":\"c-g2\",\"currency\":\"USD\"}");
            sleep(800);
            assertThat(RECEIVER.received(path)).hasSize(1);
            JsonNode log = ok(api.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", tenant.adminKey()));
            assertThat(log.get("data")).hasSize(1);
            // The refused delivery is kept pending: it goes out if the endpoint is enabled again.
            assertThat(log.get("data").get(0).get("status").asString()).isEqualTo("pending");
            assertThat(log.get("data").get(0).get("response_status").asInt()).isEqualTo(410);
        } finally {
            RECEIVER.answer(request -> Receiver.Answer.ok());
        }
    }

    @Test
    void anOrderedEndpointGetsTheNextEventOnlyOnceTheFailedOneIsDeliveredOnRetry() {
        endpoint(List.of("customer.created"), true);
        AtomicInteger calls = new AtomicInteger();
        RECEIVER.answer(request -> request.path().equals(path) && calls.getAndIncrement() == 0
                ? Receiver.Answer.status(500) : Receiver.Answer.ok());
        try {
            for (int i = 0; i < 3; i++) {
                createCustomer(tenant.adminKey(), "{\"external_id\":\"o-" + i + "\",\"currency\":\"USD\"}");
            }

            await(() -> RECEIVER.received(path).size() >= 4, "the failed first event's retry and the two after it");
            sleep(300);
            List<Long> sequences = RECEIVER.received(path).stream().map(r -> Long.parseLong(r.header("billstream-sequence"))).toList();
            assertThat(sequences).hasSize(4);
            // The first event failed, was retried about 5 s later, and only then did the others go out, in order.
            assertThat(sequences.get(0)).isEqualTo(sequences.get(1));
            assertThat(sequences.subList(1, 4)).isSorted().doesNotHaveDuplicates();
        } finally {
            RECEIVER.answer(request -> Receiver.Answer.ok());
        }
    }

    @Test
    void theRetryEndpointMakesANewAttemptAtOnceWithTheSameWebhookId() {
        WebhookFixtures.Endpoint endpoint = endpoint(List.of("customer.*"), false);
        RECEIVER.answer(request -> request.path().equals(path) ? new Receiver.Answer(503, Map.of("Retry-After", "3600"), "busy")
                : Receiver.Answer.ok());
        try {
            createCustomer(tenant.adminKey(), "{\"external_id\":\"c-r\",\"currency\":\"USD\"}");
            JsonNode failed = awaitDeliveries(endpoint.id(), list -> list.size() == 1 && list.get(0).get("attempts").asInt() == 1)
                    .get("data").get(0);
            assertThat(failed.get("status").asString()).isEqualTo("pending");
            assertThat(failed.get("response_status").asInt()).isEqualTo(503);
            assertThat(failed.get("response_body").asString()).isEqualTo("busy");
            // Retry-After: one hour, later than the schedule's 5 s.
            assertThat(java.time.Instant.parse(failed.get("next_attempt_at").asString()))
                    .isAfter(clock.instant().plus(Duration.ofMinutes(50)));

            RECEIVER.answer(request -> Receiver.Answer.ok());
            String id = failed.get("id").asString();
            ApiResponse retried = api.post("/v1/webhook-deliveries/" + id + "/retry", tenant.adminKey(), null);
            assertThat(retried.status()).as(retried.toString()).isEqualTo(200);

            JsonNode delivered = awaitDeliveries(endpoint.id(), list -> list.get(0).get("status").asString().equals("succeeded"))
                    .get("data").get(0);
            assertThat(delivered.get("attempts").asInt()).isEqualTo(2);
            List<Receiver.Request> requests = RECEIVER.received(path);
            assertThat(requests).hasSize(2);
            assertThat(requests.get(1).header("webhook-id")).isEqualTo(requests.get(0).header("webhook-id"));
            assertThat(ok(api.get("/v1/webhook-deliveries/" + id, tenant.adminKey())).get("attempt_history")).hasSize(2);
            assertThat(api.post("/v1/webhook-deliveries/whd_missing/retry", tenant.adminKey(), null).status()).isEqualTo(404);
        } finally {
            RECEIVER.answer(request -> Receiver.Answer.ok());
        }
    }

    @Test
    void aReplayBySequenceDeliversEveryMatchingEventAgainWithTheSameIds() {
        WebhookFixtures.Endpoint endpoint = endpoint(List.of("customer.created"), false);
        for (int i = 0; i < 3; i++) {
            createCustomer(tenant.adminKey(), "{\"external_id\":\"p-" + i + "\",\"currency\":\"USD\"}");
        }
        await(() -> RECEIVER.received(path).size() == 3, "the three events");
        // Deliveries to an unordered endpoint go out concurrently: arrival order is not sequence order.
        List<Receiver.Request> first = RECEIVER.received(path).stream()
                .sorted(java.util.Comparator.comparingLong(r -> Long.parseLong(r.header("billstream-sequence")))).toList();
        long second = Long.parseLong(first.get(1).header("billstream-sequence"));

        ApiResponse replay = api.post("/v1/webhook-endpoints/" + endpoint.id() + "/replay", tenant.adminKey(),
                "{\"since_sequence\":" + second + "}");

        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        assertThat(replay.json().get("queued").asInt()).isEqualTo(2);
        await(() -> RECEIVER.received(path).size() == 5, "the two replayed events");
        List<String> replayedIds = RECEIVER.received(path).subList(3, 5).stream().map(r -> r.header("webhook-id")).sorted().toList();
        assertThat(replayedIds).isEqualTo(first.subList(1, 3).stream().map(r -> r.header("webhook-id")).sorted().toList());
        JsonNode log = awaitDeliveries(endpoint.id(), list -> list.size() == 5
                && list.stream().allMatch(d -> d.get("status").asString().equals("succeeded")));
        assertThat(log.get("data").findValuesAsString("origin")).containsExactlyInAnyOrder("event", "event", "event", "replay", "replay");
        assertThat(ok(api.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries?status=failed", tenant.adminKey())).get("data")).isEmpty();

        assertThat(api.post("/v1/webhook-endpoints/" + endpoint.id() + "/replay", tenant.adminKey(), "{}").status()).isEqualTo(400);
        assertThat(api.post("/v1/webhook-endpoints/" + endpoint.id() + "/replay", tenant.adminKey(),
                "{\"since\":\"2026-01-01T00:00:00Z\",\"since_sequence\":1}").status()).isEqualTo(400);
        assertThat(api.post("/v1/webhook-endpoints/we_missing/replay", tenant.adminKey(), "{\"since_sequence\":1}").status()).isEqualTo(404);
    }

    @Test
    void theDeliveryLogNeedsEventsReadAndRetriesNeedWebhooksWrite() {
        WebhookFixtures.Endpoint endpoint = endpoint(List.of("*"), false);
        String reader = apiKey(tenant.adminKey(), "events:read");
        String billing = apiKey(tenant.adminKey(), "billing:read");

        assertThat(api.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", reader).status()).isEqualTo(200);
        assertThat(api.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", billing).status()).isEqualTo(403);
        assertThat(api.post("/v1/webhook-endpoints/" + endpoint.id() + "/replay", reader, "{\"since_sequence\":1}").status()).isEqualTo(403);
        assertThat(api.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries?status=sent", reader).status()).isEqualTo(400);
        // Another tenant's endpoint does not exist for this one.
        TenantFixture other = newTenant();
        assertThat(api.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", other.adminKey()).status()).isEqualTo(404);
    }

    private WebhookFixtures.Endpoint endpoint(List<String> types, boolean ordered) {
        return fixtures.endpoint(tenant.id(), RECEIVER.url(path), types, ordered, null, null, clock.instant());
    }

    private JsonNode latestEvent(String type) {
        JsonNode events = ok(api.get("/v1/billing-events?type=" + type + "&limit=1", tenant.adminKey()));
        assertThat(events.get("data")).isNotEmpty();
        return events.get("data").get(0);
    }

    private JsonNode awaitDeliveries(String endpointId, java.util.function.Predicate<List<JsonNode>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode page;
        do {
            page = ok(api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries", tenant.adminKey()));
            List<JsonNode> list = new ArrayList<>();
            page.get("data").forEach(list::add);
            if (!list.isEmpty() && condition.test(list)) {
                return page;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("delivery log never matched: " + page);
    }

    private static Receiver.Request awaitOne(Supplier<List<Receiver.Request>> requests) {
        await(() -> !requests.get().isEmpty(), "a request at the receiver");
        return requests.get().getFirst();
    }

    static void await(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }
}
