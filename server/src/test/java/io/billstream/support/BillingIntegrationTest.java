package io.billstream.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Integration tests of the catalog and subscriptions: metrics, plans, test clocks and the event log. */
public abstract class BillingIntegrationTest extends IntegrationTest {

    protected JsonNode created(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    protected JsonNode ok(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 202);
        return response.json();
    }

    protected void countMetric(String key, String code) {
        created(api.post("/v1/billable-metrics", key, "{\"code\":\"" + code + "\",\"name\":\"" + code + "\",\"aggregation\":\"count\"}"));
    }

    protected JsonNode createPlan(String key, String json) {
        return created(api.post("/v1/plans", key, json));
    }

    protected String createClock(String key, Instant frozenTime) {
        return created(api.post("/v1/test-clocks", key, "{\"name\":\"test\",\"frozen_time\":\"" + frozenTime + "\"}")).get("id").asString();
    }

    /** Advances a test clock and waits until every transition due by then has run. */
    protected void advance(String key, String clockId, Instant to) {
        JsonNode started = ok(api.post("/v1/test-clocks/" + clockId + "/advance", key, "{\"frozen_time\":\"" + to + "\"}"));
        assertThat(started.get("status").asString()).isEqualTo("advancing");
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis()).plus(Duration.ofSeconds(60));
        while (true) {
            JsonNode clock = ok(api.get("/v1/test-clocks/" + clockId, key));
            if (clock.get("status").asString().equals("ready")) {
                assertThat(Instant.parse(clock.get("frozen_time").asString())).isEqualTo(to);
                return;
            }
            if (Instant.ofEpochMilli(System.currentTimeMillis()).isAfter(deadline)) {
                throw new AssertionError("Test clock " + clockId + " still advancing after 60 s");
            }
            sleep(50);
        }
    }

    /** Every billing event of a customer, oldest first. */
    protected List<JsonNode> events(String key, String customerId) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            String path = "/v1/billing-events?order=asc&limit=100&customer_id=" + customerId + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = ok(api.get(path, key));
            page.get("data").forEach(all::add);
            if (!page.get("has_more").asBoolean()) {
                return all;
            }
            cursor = page.get("next_cursor").asString();
        }
    }

    protected List<String> eventTypes(String key, String customerId) {
        return events(key, customerId).stream().map(e -> e.get("type").asString()).toList();
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
