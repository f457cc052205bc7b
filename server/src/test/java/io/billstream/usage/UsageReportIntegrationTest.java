package io.billstream.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage read API over real HTTP: a subscription's current period priced per group (graduated,
 * package with a minimum, percentage), a trial priced at zero, and a customer's usage in day buckets
 * of Berlin time across the switch to summer time. Events are inserted straight into usage_events.
 */
class UsageReportIntegrationTest extends BillingIntegrationTest {

    static final Instant CLOCK = Instant.parse("2026-03-01T00:00:00Z");

    @Autowired
    JdbcClient jdbc;

    String key;
    String tenantId;
    String clock;
    String acme;
    String acmeSubscription;
    final AtomicInteger transactions = new AtomicInteger();

    @BeforeEach
    void catalogCustomerAndEvents() {
        var tenant = newTenant();
        key = tenant.adminKey();
        tenantId = tenant.id();
        created(api.post("/v1/billable-metrics", key,
                "{\"code\":\"api_calls\",\"name\":\"API calls\",\"aggregation\":\"count\",\"group_by\":[\"region\"]}"));
        created(api.post("/v1/billable-metrics", key,
                "{\"code\":\"storage\",\"name\":\"Storage\",\"aggregation\":\"sum\",\"field_name\":\"gb\"}"));
        created(api.post("/v1/billable-metrics", key,
                "{\"code\":\"payments\",\"name\":\"Payments\",\"aggregation\":\"sum\",\"field_name\":\"amount\"}"));
        created(api.post("/v1/billable-metrics", key, "{\"code\":\"legacy\",\"name\":\"Legacy\",\"aggregation\":\"count\"}"));
        createPlan(key, """
                {"code":"usage","name":"Usage","interval":"month","currency":"USD","amount_minor":1000,
                 "charges":[
                   {"metric_code":"api_calls","charge_model":"graduated","properties":{"tiers":[
                      {"from":"0","up_to":"2","unit_price":"0"},{"from":"2","up_to":null,"unit_price":"0.125"}]}},
                   {"metric_code":"storage","charge_model":"package","properties":{"package_size":"10","package_price":"5.00"},
                    "min_amount":"20"},
                   {"metric_code":"payments","charge_model":"percentage","properties":{"rate":"2.9","fixed_fee_per_event":"0.30"}}]}
                """);
        createPlan(key, """
                {"code":"trial_plan","name":"Trial","interval":"month","currency":"USD","amount_minor":1000,"trial_days":14,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"1.00"},"min_amount":"5"}]}
                """);
        clock = createClock(key, CLOCK);
        acme = created(api.post("/v1/customers", key, "{\"external_id\":\"acme\",\"currency\":\"USD\",\"timezone\":\"Europe/Berlin\","
                + "\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        acmeSubscription = created(api.post("/v1/subscriptions", key,
                "{\"customer_id\":\"acme\",\"plan_code\":\"usage\",\"external_id\":\"acme-sub\"}")).get("id").asString();

        String call = "{\"region\":\"%s\",\"method\":\"%s\"}";
        event(acme, acmeSubscription, "api_calls", "2026-02-28T12:00:00Z", call.formatted("eu", "GET"), null); // before the period
        event(acme, acmeSubscription, "api_calls", "2026-03-05T10:00:00Z", call.formatted("eu", "GET"), null);
        event(acme, acmeSubscription, "api_calls", "2026-03-06T10:00:00Z", call.formatted("eu", "GET"), null);
        event(acme, acmeSubscription, "api_calls", "2026-03-28T22:30:00Z", call.formatted("eu", "GET"), null);  // 23:30 on the 28th in Berlin
        event(acme, acmeSubscription, "api_calls", "2026-03-28T23:30:00Z", call.formatted("eu", "GET"), null);  // 00:30 on the 29th
        event(acme, acmeSubscription, "api_calls", "2026-03-29T21:59:59Z", call.formatted("us", "POST"), null); // 23:59:59 CEST on the 29th
        event(acme, acmeSubscription, "api_calls", "2026-03-29T22:00:00Z", call.formatted("eu", "GET"), null);  // midnight starting the 30th
        for (String day : List.of("10", "11", "12")) {
            event(acme, acmeSubscription, "api_calls", "2026-03-" + day + "T00:00:00Z", "{\"method\":\"GET\"}", null);
        }
        event(acme, acmeSubscription, "storage", "2026-03-02T00:00:00Z", "{\"gb\":10.5}", "10.5");
        event(acme, acmeSubscription, "storage", "2026-03-03T00:00:00Z", "{\"gb\":15}", "15");
        event(acme, acmeSubscription, "payments", "2026-03-04T00:00:00Z", "{\"amount\":20.5}", "20.5");
        event(acme, acmeSubscription, "payments", "2026-03-03T00:00:00Z", "{\"amount\":100}", "100");
        event(acme, acmeSubscription, "legacy", "2026-02-10T00:00:00Z", "{}", null);
    }

    @Test
    void the_current_period_is_priced_per_group_and_rounded_once_per_line() {
        JsonNode subscription = ok(api.get("/v1/subscriptions/" + acmeSubscription, key));

        JsonNode usage = ok(api.get("/v1/subscriptions/acme-sub/usage", key));

        assertThat(usage.get("object").asString()).isEqualTo("subscription_usage");
        assertThat(usage.get("subscription_id").asString()).isEqualTo(acmeSubscription);
        assertThat(usage.get("customer_id").asString()).isEqualTo(acme);
        assertThat(usage.get("status").asString()).isEqualTo("active");
        assertThat(usage.get("trial").asBoolean()).isFalse();
        assertThat(usage.get("period_start").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(usage.get("period_end").asString()).isEqualTo(subscription.get("current_period_end").asString());
        assertThat(usage.get("plan_code").asString()).isEqualTo("usage");
        assertThat(usage.get("plan_version").asInt()).isEqualTo(1);
        assertThat(usage.get("currency").asString()).isEqualTo("USD");

        JsonNode calls = usage.get("charges").get(0);
        assertThat(calls.get("metric_code").asString()).isEqualTo("api_calls");
        assertThat(calls.get("aggregation").asString()).isEqualTo("count");
        assertThat(calls.get("charge_model").asString()).isEqualTo("graduated");
        assertThat(calls.get("group_by").get(0).asString()).isEqualTo("region");
        // eu: 5 calls, 3 above the 2 free at 0.125 = 0.375 → 38 cents. us: 1 call, free.
        // No region: 3 calls, 1 above = 0.125 → 13 cents. Priced as one group, 9 calls would cost 0.875.
        assertThat(groups(calls)).containsExactly("eu|5|5|0.375|38", "us|1|1|0|0", "null|3|3|0.125|13");
        assertThat(calls.get("minimum_amount").isNull()).isTrue();
        assertThat(calls.get("amount_minor").asLong()).isEqualTo(51);

        // 25.5 GB in packages of 10: 3 packages at 5.00 = 15.00, raised once to the charge's minimum of 20.
        JsonNode storage = usage.get("charges").get(1);
        assertThat(groups(storage)).containsExactly("-|25.5|2|15|1500");
        assertThat(storage.get("minimum_amount").asString()).isEqualTo("20");
        assertThat(storage.get("minimum_adjustment_minor").asLong()).isEqualTo(500);
        assertThat(storage.get("amount_minor").asLong()).isEqualTo(2000);

        // Each payment: 2.9 % + 0.30. 100 → 3.20, 20.5 → 0.8945: 4.0945 → 409 cents.
        JsonNode payments = usage.get("charges").get(2);
        assertThat(payments.get("charge_model").asString()).isEqualTo("percentage");
        assertThat(groups(payments)).containsExactly("-|120.5|2|4.0945|409");

        assertThat(usage.get("amount_minor").asLong()).isEqualTo(51 + 2000 + 409);
    }

    @Test
    void a_trialing_subscription_shows_its_usage_at_no_cost_and_a_pending_one_has_no_period() {
        created(api.post("/v1/customers", key, "{\"external_id\":\"beta\",\"currency\":\"USD\",\"test_clock\":\"" + clock + "\"}"));
        JsonNode trialing = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"beta\",\"plan_code\":\"trial_plan\"}"));
        assertThat(trialing.get("status").asString()).isEqualTo("trialing");
        String beta = trialing.get("customer_id").asString();
        String sub = trialing.get("id").asString();
        event(beta, sub, "api_calls", "2026-03-02T00:00:00Z", "{\"region\":\"eu\"}", null);
        event(beta, sub, "api_calls", "2026-03-14T23:59:59Z", "{\"region\":\"eu\"}", null);
        event(beta, sub, "api_calls", "2026-03-15T00:00:00Z", "{\"region\":\"eu\"}", null); // the trial's end: after it

        JsonNode usage = ok(api.get("/v1/subscriptions/" + sub + "/usage", key));

        assertThat(usage.get("status").asString()).isEqualTo("trialing");
        assertThat(usage.get("trial").asBoolean()).isTrue();
        assertThat(usage.get("period_start").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(usage.get("period_end").asString()).isEqualTo(trialing.get("trial_end").asString()).isEqualTo("2026-03-15T00:00:00Z");
        JsonNode charge = usage.get("charges").get(0);
        assertThat(groups(charge)).containsExactly("eu|2|2|0|0");
        assertThat(charge.get("minimum_adjustment_minor").asLong()).isZero();
        assertThat(charge.get("amount_minor").asLong()).isZero();
        assertThat(usage.get("amount_minor").asLong()).isZero();

        String pending = created(api.post("/v1/subscriptions", key,
                "{\"customer_id\":\"beta\",\"plan_code\":\"usage\",\"start_at\":\"2026-06-01T00:00:00Z\"}")).get("id").asString();
        ApiResponse refused = api.get("/v1/subscriptions/" + pending + "/usage", key);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.field("code")).isEqualTo("subscription_pending");
        assertThat(api.get("/v1/subscriptions/sub_missing/usage", key).status()).isEqualTo(404);
    }

    @Test
    void day_buckets_follow_the_customers_midnight_across_the_switch_to_summer_time() {
        // The 28th to the 30th of March in Berlin; the 29th has 23 hours. A raw '+' in the query string reads as a space.
        JsonNode chart = ok(api.get("/v1/customers/acme/usage?metric=api_calls&window=day"
                + "&from=2026-03-28T00:00:00+01:00&to=2026-03-31T00:00:00%2B02:00", key));

        assertThat(chart.get("object").asString()).isEqualTo("customer_usage");
        assertThat(chart.get("customer_id").asString()).isEqualTo(acme);
        assertThat(chart.get("window").asString()).isEqualTo("day");
        assertThat(chart.get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(chart.get("from").asString()).isEqualTo("2026-03-27T23:00:00Z");
        assertThat(chart.get("to").asString()).isEqualTo("2026-03-30T22:00:00Z");
        assertThat(chart.get("metrics")).hasSize(1);
        JsonNode metric = chart.get("metrics").get(0);
        assertThat(metric.get("metric_code").asString()).isEqualTo("api_calls");
        assertThat(buckets(metric)).containsExactly(
                "2026-03-27T23:00:00Z..2026-03-28T23:00:00Z [eu|1|1]",
                "2026-03-28T23:00:00Z..2026-03-29T22:00:00Z [eu|1|1, us|1|1]",
                "2026-03-29T22:00:00Z..2026-03-30T22:00:00Z [eu|1|1]");

        // group_by replaces the metric's grouping for the chart; empty means no grouping
        JsonNode byMethod = ok(api.get("/v1/customers/" + acme + "/usage?metric=api_calls&window=day&group_by=method"
                + "&from=2026-03-27T23:00:00Z&to=2026-03-30T22:00:00Z", key)).get("metrics").get(0);
        assertThat(byMethod.get("group_by").get(0).asString()).isEqualTo("method");
        assertThat(buckets(byMethod).get(1)).isEqualTo("2026-03-28T23:00:00Z..2026-03-29T22:00:00Z [GET|1|1, POST|1|1]");
        JsonNode ungrouped = ok(api.get("/v1/customers/acme/usage?metric=api_calls&window=day&group_by="
                + "&from=2026-03-27T23:00:00Z&to=2026-03-30T22:00:00Z", key)).get("metrics").get(0);
        assertThat(buckets(ungrouped)).containsExactly(
                "2026-03-27T23:00:00Z..2026-03-28T23:00:00Z [-|1|1]",
                "2026-03-28T23:00:00Z..2026-03-29T22:00:00Z [-|2|2]",
                "2026-03-29T22:00:00Z..2026-03-30T22:00:00Z [-|1|1]");
    }

    @Test
    void without_a_metric_every_metric_with_events_in_the_range_is_charted_in_one_bucket() {
        JsonNode chart = ok(api.get("/v1/customers/acme/usage?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z", key));

        assertThat(chart.get("window").isNull()).isTrue();
        List<String> codes = new ArrayList<>();
        chart.get("metrics").forEach(m -> codes.add(m.get("metric_code").asString()));
        assertThat(codes).containsExactly("api_calls", "payments", "storage"); // legacy had events only in February
        assertThat(buckets(chart.get("metrics").get(0)))
                .containsExactly("2026-03-01T00:00:00Z..2026-04-01T00:00:00Z [eu|5|5, us|1|1, null|3|3]");
        assertThat(buckets(chart.get("metrics").get(1))).containsExactly("2026-03-01T00:00:00Z..2026-04-01T00:00:00Z [-|120.5|2]");

        // Defaults: the 30 days up to now, and now is the customer's test clock
        JsonNode defaults = ok(api.get("/v1/customers/acme/usage?metric=legacy", key));
        assertThat(defaults.get("to").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(defaults.get("from").asString()).isEqualTo("2026-01-30T00:00:00Z");
        assertThat(buckets(defaults.get("metrics").get(0))).containsExactly("2026-01-30T00:00:00Z..2026-03-01T00:00:00Z [-|1|1]");
    }

    @Test
    void every_refused_chart_request_names_its_parameter() {
        String usage = "/v1/customers/acme/usage?";
        assertRefused(usage + "from=yesterday", "from");
        assertRefused(usage + "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to");
        assertRefused(usage + "from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to");
        assertRefused(usage + "to=2026-13-01T00:00:00Z", "to");
        assertRefused(usage + "window=week", "window");
        // 60 days of hours: 1,440 buckets
        assertRefused(usage + "window=hour&from=2026-01-01T00:00:00Z&to=2026-03-02T00:00:00Z", "window");
        assertRefused(usage + "metric=nope", "metric");
        assertRefused(usage + "group_by=region,,method", "group_by");
        assertRefused(usage + "group_by=region,region", "group_by");

        assertThat(api.get("/v1/customers/cus_missing/usage", key).status()).isEqualTo(404);
        String writeOnly = apiKey(key, "usage:write");
        assertThat(api.get(usage, writeOnly).status()).isEqualTo(403);
        assertThat(api.get("/v1/subscriptions/acme-sub/usage", writeOnly).status()).isEqualTo(403);
        assertThat(api.get(usage, apiKey(key, "billing:read")).status()).isEqualTo(200);
    }

    private void assertRefused(String path, String param) {
        ApiResponse response = api.get(path, key);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    /** Each group as "value|quantity|events|amount|amount_minor"; "-" for the group of a metric without group_by. */
    private static List<String> groups(JsonNode charge) {
        List<String> lines = new ArrayList<>();
        charge.get("groups").forEach(g -> lines.add(groupName(g.get("group")) + "|" + g.get("quantity").asString() + "|"
                + g.get("events").asLong() + "|" + g.get("amount").asString() + "|" + g.get("amount_minor").asLong()));
        return lines;
    }

    /** Each bucket as "start..end [value|quantity|events, ...]". */
    private static List<String> buckets(JsonNode metric) {
        List<String> buckets = new ArrayList<>();
        metric.get("buckets").forEach(b -> {
            List<String> groups = new ArrayList<>();
            b.get("groups").forEach(g -> groups.add(groupName(g.get("group")) + "|" + g.get("quantity").asString() + "|"
                    + g.get("events").asLong()));
            buckets.add(b.get("start").asString() + ".." + b.get("end").asString() + " " + groups);
        });
        return buckets;
    }

    private static String groupName(JsonNode group) {
        if (group.isEmpty()) {
            return "-";
        }
        List<String> values = new ArrayList<>();
        group.forEach(v -> values.add(v.isNull() ? "null" : v.asString()));
        return String.join(",", values);
    }

    private void event(String customerId, String subscriptionId, String metric, String occurredAt, String properties, String value) {
        TenantContext.runAs(tenantId, () -> jdbc.sql("""
                        INSERT INTO usage_events (tenant_id, transaction_id, metric_code, customer_id, subscription_id, occurred_at,
                            properties, value, source, received_at)
                        VALUES (current_setting('billstream.tenant_id'), :tx, :metric, :customer, :subscription,
                            CAST(:occurredAt AS timestamptz), CAST(:properties AS jsonb), CAST(:value AS numeric), 'api',
                            CAST(:occurredAt AS timestamptz))
                        """)
                .param("tx", "tx-" + transactions.incrementAndGet()).param("metric", metric).param("customer", customerId)
                .param("subscription", subscriptionId).param("occurredAt", occurredAt).param("properties", properties)
                .param("value", value).update());
    }
}
