package io.billstream.usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingestion over HTTP: per-event outcomes, every rejection reason, and exactly-once counting. */
class UsageEventsIntegrationTest extends BillingIntegrationTest {

    static final String PLAN = """
            {"code":"metered","name":"Metered","interval":"month","currency":"USD","amount_minor":1000,"fee_timing":"in_advance",
             "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.001"}},
                        {"metric_code":"storage_gb","charge_model":"standard","properties":{"unit_price":"0.10"}}]}
            """;

    @Autowired
    JdbcClient jdbc;

    String tenantId;
    String key;
    String subscriptionId;

    @BeforeEach
    void catalogAndCustomers() {
        TenantFixture tenant = newTenant();
        tenantId = tenant.id();
        key = tenant.adminKey();
        countMetric(key, "api_calls");
        created(api.post("/v1/billable-metrics", key,
                "{\"code\":\"storage_gb\",\"name\":\"Storage\",\"aggregation\":\"sum\",\"field_name\":\"gb\"}"));
        created(api.post("/v1/billable-metrics", key,
                "{\"code\":\"retired\",\"name\":\"Retired\",\"aggregation\":\"count\"}"));
        ok(api.delete("/v1/billable-metrics/retired", key));
        createPlan(key, PLAN);
        String customer = createCustomer(key, "{\"external_id\":\"acme\",\"currency\":\"USD\"}").field("id");
        subscriptionId = created(api.post("/v1/subscriptions", key,
                "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"metered\",\"external_id\":\"sub-acme\"}")).get("id").asString();
        createCustomer(key, "{\"external_id\":\"solo\"}");
        String gone = createCustomer(key, "{\"external_id\":\"gone\"}").field("id");
        ok(api.delete("/v1/customers/" + gone, key));
    }

    @Test
    void one_event_is_accepted_once_and_then_reported_duplicate() {
        String event = "{\"transaction_id\":\"tx-1\",\"external_customer_id\":\"acme\",\"code\":\"api_calls\","
                + "\"timestamp\":" + (Instant.now().getEpochSecond() + 1) + ",\"properties\":{\"endpoint\":\"/v1/things\"}}";
        ApiResponse first = api.post("/v1/events", key, event);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("accepted");
        ApiResponse again = api.post("/v1/events", key, event);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("duplicate");

        assertThat(stored()).isEqualTo(1);
        // Named by customer only, it counts towards the customer's subscription that meters api_calls.
        assertThat(column("subscription_id", "tx-1")).isEqualTo(subscriptionId);
        assertThat(column("properties->>'endpoint'", "tx-1")).isEqualTo("/v1/things");
    }

    @Test
    void a_rejected_single_event_is_a_400_naming_the_field_and_writes_nothing() {
        ApiResponse rejected = api.post("/v1/events", key,
                "{\"transaction_id\":\"tx-bad\",\"external_customer_id\":\"acme\",\"code\":\"storage_gb\",\"properties\":{\"gb\":\"lots\"}}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.json().get("code").asString()).isEqualTo("property_not_numeric");
        assertThat(rejected.json().get("param").asString()).isEqualTo("properties.gb");
        assertThat(stored()).isZero();
    }

    @Test
    void a_batch_reports_every_event_and_every_rejection_reason() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String longId = "x".repeat(129);
        List<String> events = List.of(
                event("ok-1", "acme", "api_calls", null, "{}"),
                event("ok-2", "acme", "storage_gb", "\"" + now + "\"", "{\"gb\":\"1.5\"}"),
                event("ok-1", "acme", "api_calls", null, "{}"),
                event("r-metric", "acme", "no_such_metric", null, "{}"),
                event("r-archived-metric", "acme", "retired", null, "{}"),
                event("r-customer", "nobody", "api_calls", null, "{}"),
                "{\"transaction_id\":\"r-sub\",\"external_subscription_id\":\"sub-nope\",\"code\":\"api_calls\"}",
                event("r-missing", "acme", "storage_gb", null, "{\"size\":3}"),
                event("r-not-numeric", "acme", "storage_gb", null, "{\"gb\":true}"),
                event("r-old", "acme", "api_calls", "\"" + now.minus(Duration.ofDays(36)) + "\"", "{}"),
                event("r-future", "acme", "api_calls", "\"" + now.plus(Duration.ofHours(25)) + "\"", "{}"),
                event("r-bad-time", "acme", "api_calls", "\"yesterday\"", "{}"),
                event(longId, "acme", "api_calls", null, "{}"),
                "{\"external_customer_id\":\"acme\",\"code\":\"api_calls\"}",
                "{\"transaction_id\":\"r-unknown\",\"external_customer_id\":\"acme\",\"code\":\"api_calls\",\"colour\":\"red\"}",
                event("r-properties", "acme", "api_calls", null, "[1,2]"),
                event("r-archived-customer", "gone", "api_calls", null, "{}"),
                "{\"transaction_id\":\"r-no-customer\",\"code\":\"api_calls\"}",
                event("ok-solo", "solo", "api_calls", null, "{}"),
                event("r-huge", "acme", "storage_gb", null, "{\"gb\":1e40}"));
        JsonNode result = ok(api.post("/v1/events/batch", key, "[" + String.join(",", events) + "]"));

        assertThat(outcomes(result)).containsExactly(
                "0 ok-1 accepted null null",
                "1 ok-2 accepted null null",
                "2 ok-1 duplicate null null",
                "3 r-metric rejected metric_unknown code",
                "4 r-archived-metric rejected metric_archived code",
                "5 r-customer rejected customer_unknown external_customer_id",
                "6 r-sub rejected subscription_unknown external_subscription_id",
                "7 r-missing rejected property_missing properties.gb",
                "8 r-not-numeric rejected property_not_numeric properties.gb",
                "9 r-old rejected timestamp_too_old timestamp",
                "10 r-future rejected timestamp_in_future timestamp",
                "11 r-bad-time rejected parameter_invalid timestamp",
                "12 " + longId + " rejected parameter_invalid transaction_id",
                "13 null rejected parameter_missing transaction_id",
                "14 r-unknown rejected parameter_unknown colour",
                "15 r-properties rejected parameter_invalid properties",
                "16 r-archived-customer rejected customer_archived external_customer_id",
                "17 r-no-customer rejected parameter_missing external_customer_id",
                "18 ok-solo accepted null null",
                "19 r-huge rejected parameter_invalid properties.gb");
        assertThat(result.get("accepted").asInt()).isEqualTo(3);
        assertThat(result.get("duplicates").asInt()).isEqualTo(1);
        assertThat(result.get("rejected").asInt()).isEqualTo(16);
        assertThat(result.get("data").get(3).get("detail").asString()).contains("no_such_metric");

        assertThat(stored()).isEqualTo(3);
        assertThat(column("value::text", "ok-2")).isEqualTo("1.5");
        assertThat(column("occurred_at", "ok-2")).isNotNull();
        assertThat(column("subscription_id", "ok-solo")).as("a customer without a subscription keeps its usage unbilled").isNull();
    }

    @Test
    void duplicates_across_batches_count_once_and_ndjson_and_gzip_bodies_are_read() {
        String batch = IntStream.range(0, 10).mapToObj(i -> event("b-" + i, "acme", "api_calls", null, "{}"))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(ok(api.post("/v1/events/batch", key, batch)).get("accepted").asInt()).isEqualTo(10);

        // The same ten again and five new ones, as NDJSON with a malformed line, gzip-compressed.
        String ndjson = IntStream.range(0, 15).mapToObj(i -> event("b-" + i, "sub-acme", "api_calls", null, "{}")
                        .replace("external_customer_id", "external_subscription_id"))
                .collect(Collectors.joining("\n", "", "\n{not json}\n\n"));
        ApiResponse response = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/events/batch"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/x-ndjson")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(ndjson))).build());
        JsonNode result = ok(response);
        assertThat(result.get("accepted").asInt()).isEqualTo(5);
        assertThat(result.get("duplicates").asInt()).isEqualTo(10);
        assertThat(result.get("rejected").asInt()).isEqualTo(1);
        assertThat(result.get("data").get(15).get("code").asString()).isEqualTo("invalid_json");
        assertThat(stored()).isEqualTo(15);
    }

    @Test
    void eight_clients_sending_the_same_batch_at_once_count_it_exactly_once() throws Exception {
        String batch = IntStream.range(0, 500).mapToObj(i -> event("c-" + i, i % 2 == 0 ? "acme" : "sub-acme", "storage_gb", null,
                        "{\"gb\":" + i + "}").replace(i % 2 == 0 ? "\"x\"" : "external_customer_id", i % 2 == 0 ? "\"x\"" : "external_subscription_id"))
                .collect(Collectors.joining(",", "[", "]"));
        List<Callable<JsonNode>> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(() -> ok(api.post("/v1/events/batch", key, batch)));
        }
        int accepted = 0;
        int duplicates = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<JsonNode> done : pool.invokeAll(clients)) {
                accepted += done.get().get("accepted").asInt();
                duplicates += done.get().get("duplicates").asInt();
            }
        }
        assertThat(accepted).isEqualTo(500);
        assertThat(duplicates).isEqualTo(3500);
        assertThat(stored()).isEqualTo(500);
        assertThat(TenantContext.callAs(tenantId, () -> jdbc.sql("SELECT sum(value) FROM usage_events").query(Long.class).single()))
                .as("0 + 1 + ... + 499").isEqualTo(124_750L);
    }

    @Test
    void usage_records_a_quantity_as_an_event_once_per_transaction_id() {
        String body = "{\"subscription\":\"sub-acme\",\"metric\":\"storage_gb\",\"quantity\":\"12.5\",\"memo\":\"nightly\","
                + "\"transaction_id\":\"u-1\"}";
        ApiResponse first = api.post("/v1/usage", key, body.replace("\"12.5\"", "12.5"));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("quantity").asString()).isEqualTo("12.5");
        assertThat(api.post("/v1/usage", key, body.replace("\"12.5\"", "12.5")).json().get("status").asString()).isEqualTo("duplicate");
        assertThat(column("value::text", "u-1")).isEqualTo("12.5");
        assertThat(column("memo", "u-1")).isEqualTo("nightly");
        assertThat(column("source", "u-1")).isEqualTo("usage");

        // Without a transaction_id, the Idempotency-Key is the event's identity.
        ApiResponse keyed = api.post("/v1/usage", key, "{\"subscription\":\"" + subscriptionId + "\",\"metric\":\"storage_gb\",\"quantity\":2}",
                "Idempotency-Key", "usage-key-1");
        assertThat(keyed.status()).as(keyed.toString()).isEqualTo(201);
        assertThat(column("value::text", "usage-key-1")).isEqualTo("2");

        ApiResponse counting = api.post("/v1/usage", key, "{\"subscription\":\"sub-acme\",\"metric\":\"api_calls\",\"quantity\":1}");
        assertThat(counting.status()).isEqualTo(400);
        assertThat(counting.json().get("param").asString()).isEqualTo("metric");
        ApiResponse noSub = api.post("/v1/usage", key, "{\"subscription\":\"nope\",\"metric\":\"storage_gb\",\"quantity\":1}");
        assertThat(noSub.json().get("code").asString()).isEqualTo("subscription_unknown");
        assertThat(noSub.json().get("param").asString()).isEqualTo("subscription");
        ApiResponse missing = api.post("/v1/usage", key, "{\"subscription\":\"sub-acme\",\"metric\":\"storage_gb\"}");
        assertThat(missing.json().get("code").asString()).isEqualTo("parameter_missing");
        assertThat(missing.json().get("param").asString()).isEqualTo("quantity");
        assertThat(stored()).isEqualTo(2);
    }

    @Test
    void a_test_clock_customer_is_metered_in_the_clock_time() {
        Instant frozen = Instant.parse("2026-01-10T12:00:00Z");
        String clock = createClock(key, frozen);
        String customer = createCustomer(key, "{\"external_id\":\"clocked\",\"test_clock\":\"" + clock + "\"}").field("id");
        created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"metered\"}"));

        JsonNode result = ok(api.post("/v1/events/batch", key, "[" + event("k-now", "clocked", "api_calls", null, "{}") + ","
                + event("k-real-now", "clocked", "api_calls", "\"" + Instant.now() + "\"", "{}") + ","
                + event("k-before-start", "clocked", "api_calls", "\"" + frozen.minus(Duration.ofDays(2)) + "\"", "{}") + "]"));
        assertThat(outcomes(result)).containsExactly(
                "0 k-now accepted null null",
                "1 k-real-now rejected timestamp_in_future timestamp",
                "2 k-before-start accepted null null");
        assertThat(Instant.parse(column("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", "k-now")))
                .as("no timestamp: the clock's time").isEqualTo(frozen);
        assertThat(column("subscription_id", "k-before-start")).as("before the subscription started").isNull();

        String bySubscription = "{\"transaction_id\":\"k-sub\",\"external_subscription_id\":\"" + subscriptionId + "\",\"code\":\"api_calls\","
                + "\"timestamp\":\"" + Instant.now().minus(Duration.ofDays(30)) + "\"}";
        ApiResponse outside = api.post("/v1/events", key, bySubscription);
        assertThat(outside.json().get("code").asString()).as(outside.toString()).isEqualTo("timestamp_outside_subscription");
    }

    @Test
    void a_batch_over_the_limit_or_in_an_unknown_encoding_is_refused_whole() {
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> event("l-" + i, "acme", "api_calls", null, "{}"))
                .collect(Collectors.joining(",", "[", "]"));
        ApiResponse large = api.post("/v1/events/batch", key, tooMany);
        assertThat(large.status()).isEqualTo(400);
        assertThat(large.json().get("code").asString()).isEqualTo("batch_too_large");
        ApiResponse object = api.post("/v1/events/batch", key, "{\"events\":[]}");
        assertThat(object.json().get("code").asString()).isEqualTo("invalid_body");
        ApiResponse brotli = api.post("/v1/events/batch", key, "[]", "Content-Encoding", "br");
        assertThat(brotli.status()).isEqualTo(415);
        ApiResponse notGzip = api.post("/v1/events/batch", key, "[]", "Content-Encoding", "gzip");
        assertThat(notGzip.status()).isEqualTo(400);
        // A single event of the wrong shape is the request's 400, naming the field (it was a 500 once).
        ApiResponse unknownField = api.post("/v1/events", key, "{\"transaction_id\":\"u-1\",\"customer_id\":\"acme\",\"code\":\"api_calls\"}");
        assertThat(unknownField.status()).as(unknownField.toString()).isEqualTo(400);
        assertThat(unknownField.json().get("code").asString()).isEqualTo("parameter_unknown");
        assertThat(unknownField.json().get("param").asString()).isEqualTo("customer_id");
        ApiResponse noScope = api.post("/v1/events", apiKey(key, "billing:read"), event("s-1", "acme", "api_calls", null, "{}"));
        assertThat(noScope.status()).isEqualTo(403);
        assertThat(stored()).isZero();
    }

    static String event(String transactionId, String customer, String code, String timestamp, String properties) {
        return "{\"transaction_id\":\"" + transactionId + "\",\"external_customer_id\":\"" + customer + "\",\"code\":\"" + code + "\""
                + (timestamp == null ? "" : ",\"timestamp\":" + timestamp) + ",\"properties\":" + properties + "}";
    }

    private static List<String> outcomes(JsonNode result) {
        List<String> lines = new ArrayList<>();
        for (JsonNode item : result.get("data")) {
            lines.add(item.get("index").asInt() + " " + text(item, "transaction_id") + " " + text(item, "status") + " "
                    + text(item, "code") + " " + text(item, "param"));
        }
        return lines;
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? "null" : value.asString();
    }

    private long stored() {
        return TenantContext.callAs(tenantId, () -> jdbc.sql("SELECT count(*) FROM usage_events").query(Long.class).single());
    }

    private String column(String expression, String transactionId) {
        return TenantContext.callAs(tenantId, () -> jdbc.sql("SELECT " + expression + " FROM usage_events WHERE transaction_id = :id")
                .param("id", transactionId).query((rs, n) -> rs.getString(1)).list().getFirst());
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
