package io.billstream.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage counted against limits: entitlement `used`/`remaining`, and each alert once per threshold per period. */
class UsageLimitsIntegrationTest extends BillingIntegrationTest {

    static final String PLAN = """
            {"code":"capped","name":"Capped","interval":"month","currency":"USD","amount_minor":1000,"fee_timing":"in_advance",
             "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.001"}}],
             "features":[{"code":"api_calls","type":"limit","limit":10,"reset":"period","metric_code":"api_calls",
                          "alert_thresholds":[80,50]},
                         {"code":"storage","type":"limit","limit":100,"metric_code":"storage_gb"}]}
            """;

    String key;
    String clock;
    String customer;
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    int sent;

    @BeforeEach
    void subscribed() {
        key = newTenant().adminKey();
        countMetric(key, "api_calls");
        created(api.post("/v1/billable-metrics", key,
                "{\"code\":\"storage_gb\",\"name\":\"Storage\",\"aggregation\":\"sum\",\"field_name\":\"gb\",\"group_by\":[\"region\"]}"));
        JsonNode plan = createPlan(key, PLAN);
        assertThat(plan.get("features").get(0).get("alert_thresholds").toString()).isEqualTo("[\"50\",\"80\"]");
        clock = createClock(key, start);
        customer = createCustomer(key, "{\"external_id\":\"capped-1\",\"test_clock\":\"" + clock + "\"}").field("id");
        created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"capped\"}"));
    }

    @Test
    void used_follows_the_events_and_each_threshold_alerts_once_per_period() {
        calls(4);
        awaitUsed("api_calls", "4");
        assertThat(alerts()).isEmpty();

        calls(1);
        awaitUsed("api_calls", "5");
        awaitAlerts("usage.threshold_reached:50");

        calls(5);
        JsonNode full = awaitUsed("api_calls", "10");
        assertThat(full.get("remaining").asString()).isEqualTo("0");
        assertThat(full.get("allowed").asBoolean()).isFalse();
        awaitAlerts("usage.threshold_reached:50", "usage.threshold_reached:80", "usage.limit_reached:100");
        JsonNode limitReached = events(key, customer).stream()
                .filter(e -> e.get("type").asString().equals("usage.limit_reached")).findFirst().orElseThrow();
        assertThat(limitReached.get("data").get("object").get("used").asString()).isEqualTo("10");
        assertThat(limitReached.get("data").get("object").get("period_start").asString()).isEqualTo("2026-03-01T00:00:00Z");

        // Over the limit, and the same events again: no second alert, and duplicates are not counted.
        calls(2);
        resend(0, 3);
        awaitUsed("api_calls", "12");
        sleep(600);
        assertThat(alerts()).hasSize(3);

        // A new period counts from zero and alerts again.
        advance(key, clock, Instant.parse("2026-04-01T00:00:00Z"));
        awaitUsed("api_calls", "0");
        calls(6);
        awaitUsed("api_calls", "6");
        awaitAlerts("usage.threshold_reached:50", "usage.threshold_reached:80", "usage.limit_reached:100",
                "usage.threshold_reached:50");
    }

    @Test
    void a_limit_that_never_resets_adds_up_every_group_of_its_metric() {
        ok(api.post("/v1/events/batch", key, "[" + storage("s-1", "eu", "40") + "," + storage("s-2", "us", "35.5") + "]"));
        awaitUsed("storage", "75.5");
        ok(api.post("/v1/events", key, storage("s-3", "eu", "30")));
        JsonNode over = awaitUsed("storage", "105.5");
        assertThat(over.get("allowed").asBoolean()).isFalse();
        awaitAlerts("usage.limit_reached:100");
    }

    @Test
    void alert_thresholds_are_percentages_below_the_limit_on_metered_limits_only() {
        String feature = "{\"code\":\"p\",\"name\":\"P\",\"interval\":\"month\",\"currency\":\"USD\",\"amount_minor\":0,"
                + "\"features\":[%s]}";
        for (String invalid : List.of(
                "{\"code\":\"calls\",\"type\":\"limit\",\"limit\":5,\"metric_code\":\"api_calls\",\"alert_thresholds\":[100]}",
                "{\"code\":\"calls\",\"type\":\"limit\",\"limit\":5,\"metric_code\":\"api_calls\",\"alert_thresholds\":[0]}",
                "{\"code\":\"calls\",\"type\":\"limit\",\"limit\":5,\"metric_code\":\"api_calls\",\"alert_thresholds\":[null]}",
                "{\"code\":\"calls\",\"type\":\"limit\",\"limit\":5,\"metric_code\":\"api_calls\",\"alert_thresholds\":[50,50.0]}",
                "{\"code\":\"calls\",\"type\":\"limit\",\"limit\":5,\"metric_code\":\"api_calls\",\"alert_thresholds\":[12.345]}",
                "{\"code\":\"calls\",\"type\":\"limit\",\"limit\":5,\"alert_thresholds\":[50]}")) {
            var refused = api.post("/v1/plans", key, feature.formatted(invalid));
            assertThat(refused.status()).as(invalid + " -> " + refused).isEqualTo(400);
            assertThat(refused.json().get("param").asString()).isEqualTo("features[0].alert_thresholds");
        }
    }

    private void calls(int count) {
        String batch = IntStream.range(sent, sent + count)
                .mapToObj(i -> "{\"transaction_id\":\"call-" + i + "\",\"external_customer_id\":\"capped-1\",\"code\":\"api_calls\"}")
                .collect(Collectors.joining(",", "[", "]"));
        sent += count;
        assertThat(ok(api.post("/v1/events/batch", key, batch)).get("accepted").asInt()).isEqualTo(count);
    }

    private void resend(int from, int to) {
        String batch = IntStream.range(from, to)
                .mapToObj(i -> "{\"transaction_id\":\"call-" + i + "\",\"external_customer_id\":\"capped-1\",\"code\":\"api_calls\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(ok(api.post("/v1/events/batch", key, batch)).get("duplicates").asInt()).isEqualTo(to - from);
    }

    private static String storage(String id, String region, String gb) {
        return "{\"transaction_id\":\"" + id + "\",\"external_customer_id\":\"capped-1\",\"code\":\"storage_gb\","
                + "\"properties\":{\"gb\":\"" + gb + "\",\"region\":\"" + region + "\"}}";
    }

    private JsonNode awaitUsed(String feature, String used) {
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis()).plus(Duration.ofSeconds(20));
        JsonNode decision;
        do {
            decision = ok(api.get("/v1/customers/capped-1/entitlements/" + feature, key));
            if (decision.get("used").asString().equals(used)) {
                return decision;
            }
            sleep(100);
        } while (Instant.ofEpochMilli(System.currentTimeMillis()).isBefore(deadline));
        throw new AssertionError("used of " + feature + " stayed " + decision.get("used") + ", expected " + used);
    }

    private List<String> alerts() {
        return events(key, customer).stream().filter(e -> e.get("type").asString().startsWith("usage."))
                .map(e -> e.get("type").asString() + ":" + e.get("data").get("object").get("threshold_percent").asString())
                .toList();
    }

    private void awaitAlerts(String... expected) {
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis()).plus(Duration.ofSeconds(20));
        while (!alerts().equals(List.of(expected)) && Instant.ofEpochMilli(System.currentTimeMillis()).isBefore(deadline)) {
            sleep(100);
        }
        assertThat(alerts()).containsExactly(expected);
    }
}
