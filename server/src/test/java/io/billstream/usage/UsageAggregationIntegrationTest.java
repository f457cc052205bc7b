package io.billstream.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.billstream.catalog.domain.Aggregation;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PropertyFilter;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.BillingIntegrationTest;
import io.billstream.usage.application.UsageMeter;
import io.billstream.usage.domain.GroupQuantity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each aggregation on hand-computed events, inserted straight into usage_events: filters, group-by,
 * the window's bounds, and the events that must not count (other subscriptions, customers, metrics
 * and tenants).
 */
class UsageAggregationIntegrationTest extends BillingIntegrationTest {

    static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
    static final String OTHER_SUBSCRIPTION = "sub_someone_else";
    static final String OTHER_CUSTOMER = "cus_someone_else";

    @Autowired
    UsageMeter meter;

    @Autowired
    JdbcClient jdbc;

    String tenantId;
    String otherTenantId;
    String customer;
    String subscription;
    final AtomicInteger transactions = new AtomicInteger();

    @BeforeEach
    void subscriptionWithEvents() {
        var tenant = newTenant();
        tenantId = tenant.id();
        otherTenantId = newTenant().id();
        String key = tenant.adminKey();
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"metered","name":"Metered","interval":"month","currency":"USD","amount_minor":0,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.01"}}]}
                """);
        customer = created(api.post("/v1/customers", key, "{\"external_id\":\"acme\",\"currency\":\"USD\"}")).get("id").asString();
        subscription = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"acme\",\"plan_code\":\"metered\","
                + "\"external_id\":\"acme-main\"}")).get("id").asString();
    }

    @Test
    void count_keeps_only_events_matching_every_filter_and_groups_by_the_property() {
        // Given calls in March, and others that must not count
        String calls = "{\"method\":\"%s\",\"region\":\"%s\"}";
        event("api_calls", "2026-03-01T00:00:00Z", calls.formatted("GET", "eu"), null);     // at `from`: in
        event("api_calls", "2026-03-10T12:00:00Z", calls.formatted("POST", "eu"), null);
        event("api_calls", "2026-03-15T12:00:00Z", calls.formatted("DELETE", "eu"), null);  // filtered out
        event("api_calls", "2026-03-16T12:00:00Z", calls.formatted("get", "eu"), null);     // values compare as text: out
        event("api_calls", "2026-03-20T12:00:00Z", calls.formatted("GET", "us"), null);
        event("api_calls", "2026-03-21T12:00:00Z", "{\"method\":\"GET\"}", null);            // no region: its own group
        event("api_calls", "2026-03-22T12:00:00Z", "{\"method\":\"GET\",\"region\":\"eu\",\"status\":\"ok\"}", null);
        event("api_calls", "2026-03-22T13:00:00Z", "{\"method\":\"GET\",\"region\":\"eu\",\"status\":\"failed\"}", null);
        event("api_calls", "2026-04-01T00:00:00Z", calls.formatted("GET", "eu"), null);     // at `to`: out
        event("api_calls", "2026-02-28T23:59:59.999999Z", calls.formatted("GET", "eu"), null);
        eventOf(customer, OTHER_SUBSCRIPTION, "api_calls", "2026-03-05T00:00:00Z", calls.formatted("GET", "eu"), null);
        eventOf(OTHER_CUSTOMER, null, "api_calls", "2026-03-05T00:00:00Z", calls.formatted("GET", "eu"), null);
        event("other_metric", "2026-03-05T00:00:00Z", calls.formatted("GET", "eu"), null);
        TenantContext.runAs(otherTenantId, () -> eventOf(customer, subscription, "api_calls", "2026-03-05T00:00:00Z",
                calls.formatted("GET", "eu"), null));

        // When counting GET and POST calls per region, then calls by status with a filter on two properties
        BillableMetric byRegion = metric("api_calls", Aggregation.COUNT, null,
                List.of(new PropertyFilter("method", List.of("GET", "POST"))), List.of("region"));
        BillableMetric okGets = metric("api_calls", Aggregation.COUNT, null,
                List.of(new PropertyFilter("method", List.of("GET")), new PropertyFilter("status", List.of("ok", "partial"))), List.of());

        // Then the subscription has 4 calls in eu, 1 in us and 1 without a region
        assertThat(forSubscription(byRegion)).containsExactly(
                quantity(Map.of("region", "eu"), "4", 4), quantity(Map.of("region", "us"), "1", 1), quantity(nullGroup("region"), "1", 1));
        // and the customer has the other subscription's call too
        assertThat(forCustomer(byRegion)).containsExactly(
                quantity(Map.of("region", "eu"), "5", 5), quantity(Map.of("region", "us"), "1", 1), quantity(nullGroup("region"), "1", 1));
        assertThat(forSubscription(okGets)).containsExactly(quantity(Map.of(), "1", 1));
        // Without filters or groups, every event of the metric in [from, to) counts
        assertThat(forSubscription(metric("api_calls", Aggregation.COUNT, null, List.of(), List.of())))
                .containsExactly(quantity(Map.of(), "8", 8));
    }

    @Test
    void nothing_to_count_is_one_zero_quantity_without_group_by_and_no_groups_with_it() {
        event("api_calls", "2026-02-15T00:00:00Z", "{\"region\":\"eu\"}", null);

        for (Aggregation aggregation : Aggregation.values()) {
            String field = aggregation.readsProperty() ? "n" : null;
            assertThat(forSubscription(metric("api_calls", aggregation, field, List.of(), List.of())))
                    .as(aggregation.apiName()).containsExactly(quantity(Map.of(), "0", 0));
            assertThat(forSubscription(metric("api_calls", aggregation, field, List.of(), List.of("region"))))
                    .as(aggregation.apiName()).isEmpty();
        }
    }

    @Test
    void sum_max_and_min_read_the_numeric_value_exactly() {
        String storage = "{\"region\":\"%s\",\"tier\":\"%s\",\"gb\":%s}";
        event("storage", "2026-03-02T00:00:00Z", storage.formatted("eu", "standard", "1.5"), "1.5");
        event("storage", "2026-03-03T00:00:00Z", storage.formatted("eu", "standard", "2.25"), "2.25");
        event("storage", "2026-03-04T00:00:00Z", storage.formatted("us", "standard", "10"), "10");
        event("storage", "2026-03-05T00:00:00Z", storage.formatted("eu", "archive", "100"), "100");    // filtered out
        event("storage", "2026-03-06T00:00:00Z", "{\"region\":\"eu\",\"tier\":\"standard\"}", null);   // no number: left out
        event("storage", "2026-03-07T00:00:00Z", storage.formatted("us", "standard", "-4"), "-4");
        event("storage", "2026-03-31T23:59:59.999999Z", storage.formatted("eu", "standard", "0.000000000001"), "0.000000000001");
        event("storage", "2026-04-01T00:00:00Z", storage.formatted("eu", "standard", "1000"), "1000");
        List<PropertyFilter> standard = List.of(new PropertyFilter("tier", List.of("standard")));

        assertThat(forSubscription(metric("storage", Aggregation.SUM, "gb", standard, List.of("region")))).containsExactly(
                quantity(Map.of("region", "eu"), "3.750000000001", 3), quantity(Map.of("region", "us"), "6", 2));
        assertThat(forSubscription(metric("storage", Aggregation.MAX, "gb", standard, List.of("region")))).containsExactly(
                quantity(Map.of("region", "eu"), "2.25", 3), quantity(Map.of("region", "us"), "10", 2));
        assertThat(forSubscription(metric("storage", Aggregation.MIN, "gb", standard, List.of("region")))).containsExactly(
                quantity(Map.of("region", "eu"), "0.000000000001", 3), quantity(Map.of("region", "us"), "-4", 2));
        assertThat(forSubscription(metric("storage", Aggregation.SUM, "gb", List.of(), List.of())))
                .containsExactly(quantity(Map.of(), "109.750000000001", 6));
    }

    @Test
    void unique_count_counts_distinct_texts_and_ignores_events_without_the_property() {
        String user = "{\"user_id\":%s}";
        event("active_users", "2026-03-02T00:00:00Z", user.formatted("\"alice\""), null);
        event("active_users", "2026-03-03T00:00:00Z", user.formatted("\"bob\""), null);
        event("active_users", "2026-03-04T00:00:00Z", user.formatted("\"alice\""), null);
        event("active_users", "2026-03-05T00:00:00Z", "{}", null);                        // no property
        event("active_users", "2026-03-06T00:00:00Z", user.formatted("null"), null);       // JSON null: no value
        event("active_users", "2026-03-07T00:00:00Z", user.formatted("42"), "42");         // the number 42 ...
        event("active_users", "2026-03-08T00:00:00Z", user.formatted("\"42\""), null);     // ... and the text "42" are one user
        event("active_users", "2026-03-09T00:00:00Z", user.formatted("\"Alice\""), null);  // case matters
        event("active_users", "2026-04-02T00:00:00Z", user.formatted("\"carol\""), null);

        assertThat(forSubscription(metric("active_users", Aggregation.UNIQUE_COUNT, "user_id", List.of(), List.of())))
                .containsExactly(quantity(Map.of(), "4", 6));
    }

    @Test
    void latest_is_the_value_of_the_last_event_and_a_tie_goes_to_the_greater_transaction_id_in_byte_order() {
        eventWithId("seats-1", "seats", "2026-03-10T10:00:00Z", "{\"seats\":5}", "5");
        // Same instant: "tie-a" > "tie-B" in byte order (a linguistic collation would say the opposite)
        eventWithId("tie-B", "seats", "2026-03-20T10:00:00Z", "{\"seats\":7}", "7");
        eventWithId("tie-a", "seats", "2026-03-20T10:00:00Z", "{\"seats\":3}", "3");
        eventWithId("later", "seats", "2026-04-02T10:00:00Z", "{\"seats\":99}", "99");

        assertThat(forSubscription(metric("seats", Aggregation.LATEST, "seats", List.of(), List.of())))
                .containsExactly(quantity(Map.of(), "3", 3));
    }

    @Test
    void weighted_sum_carries_the_level_in_from_before_the_window_per_group() {
        // Window of three days; a day is 86,400 s
        Instant to = Instant.parse("2026-03-04T00:00:00Z");
        String seats = "{\"region\":\"%s\",\"tier\":\"%s\",\"seats\":%s}";
        event("gauge", "2026-02-20T00:00:00Z", seats.formatted("eu", "standard", 4), "4");
        event("gauge", "2026-02-25T00:00:00Z", seats.formatted("eu", "standard", 2), "2");     // eu's level at `from`
        event("gauge", "2026-02-28T00:00:00Z", seats.formatted("eu", "archive", 1000), "1000"); // filtered: not a level
        eventOf(customer, OTHER_SUBSCRIPTION, "gauge", "2026-02-27T00:00:00Z", seats.formatted("eu", "standard", 500), "500");
        event("gauge", "2026-03-03T00:00:00Z", seats.formatted("eu", "standard", 10), "10");
        event("gauge", "2026-02-26T00:00:00Z", seats.formatted("us", "standard", 6), "6");      // us: only carried over
        event("gauge", "2026-03-02T00:00:00Z", seats.formatted("ap", "standard", 3), "3");      // ap: nothing before
        event("gauge", "2026-03-05T00:00:00Z", seats.formatted("eu", "standard", 100), "100");  // after `to`
        List<PropertyFilter> standard = List.of(new PropertyFilter("tier", List.of("standard")));
        BillableMetric byRegion = metric("gauge", Aggregation.WEIGHTED_SUM, "seats", standard, List.of("region"));

        // eu: 2 for two days, 10 for one: 14/3. us: 6 all along. ap: 0 for a day, then 3 for two: 6/3.
        assertThat(TenantContext.callAs(tenantId, () -> meter.forSubscription(byRegion, subscription, FROM, to))).containsExactly(
                quantity(Map.of("region", "ap"), "2.000000000000", 1),
                quantity(Map.of("region", "eu"), "4.666666666667", 1),
                quantity(Map.of("region", "us"), "6.000000000000", 0));
        // The customer's level in eu at `from` is the other subscription's 500, sent after the 2: (1000 + 10) / 3
        assertThat(TenantContext.callAs(tenantId, () -> meter.forCustomer(byRegion, customer, FROM, to)).get(1))
                .isEqualTo(quantity(Map.of("region", "eu"), "336.666666666667", 1));
        // Without groups, the latest standard event before `from` is us's 6 (26 Feb), then ap's 3 and eu's 10:
        // 6 for one day, 3 for one day, 10 for one day.
        BillableMetric total = metric("gauge", Aggregation.WEIGHTED_SUM, "seats", standard, List.of());
        assertThat(TenantContext.callAs(tenantId, () -> meter.forSubscription(total, subscription, FROM, to)))
                .containsExactly(quantity(Map.of(), "6.333333333333", 2));
    }

    @Test
    void weighted_sum_an_event_at_from_replaces_the_carried_level_and_ties_go_to_the_greater_transaction_id() {
        Instant to = Instant.parse("2026-03-02T00:00:00Z");
        eventWithId("before", "gauge", "2026-02-25T00:00:00Z", "{\"seats\":2}", "2");
        eventWithId("at-from", "gauge", "2026-03-01T00:00:00Z", "{\"seats\":5}", "5");
        // At noon two events at once: "noon-a" (byte order after "noon-B") sets the level to 1 for the afternoon.
        eventWithId("noon-a", "gauge", "2026-03-01T12:00:00Z", "{\"seats\":1}", "1");
        eventWithId("noon-B", "gauge", "2026-03-01T12:00:00Z", "{\"seats\":9}", "9");
        BillableMetric gauge = metric("gauge", Aggregation.WEIGHTED_SUM, "seats", List.of(), List.of());

        // 5 for the morning and 1 for the afternoon; the carried 2 held for no time. Three events in the window.
        assertThat(TenantContext.callAs(tenantId, () -> meter.forSubscription(gauge, subscription, FROM, to)))
                .containsExactly(quantity(Map.of(), "3.000000000000", 3));
    }

    @Test
    void event_values_of_one_group_in_time_order_for_the_percentage_model() {
        String payment = "{\"currency\":\"%s\",\"amount\":%s}";
        eventWithId("p-2", "payments", "2026-03-02T00:00:00Z", payment.formatted("eur", "20.5"), "20.5");
        eventWithId("p-1", "payments", "2026-03-01T00:00:00Z", payment.formatted("eur", "100"), "100");
        eventWithId("p-3b", "payments", "2026-03-03T00:00:00Z", payment.formatted("eur", "3"), "3");
        eventWithId("p-3a", "payments", "2026-03-03T00:00:00Z", payment.formatted("eur", "7"), "7");
        eventWithId("p-usd", "payments", "2026-03-02T00:00:00Z", payment.formatted("usd", "1"), "1");
        eventWithId("p-none", "payments", "2026-03-04T00:00:00Z", "{\"amount\":8}", "8");
        eventWithId("p-april", "payments", "2026-04-04T00:00:00Z", payment.formatted("eur", "1"), "1");
        BillableMetric byCurrency = metric("payments", Aggregation.SUM, "amount", List.of(), List.of("currency"));

        List<BigDecimal> eur = TenantContext.callAs(tenantId,
                () -> meter.eventValues(byCurrency, subscription, Map.of("currency", "eur"), FROM, TO));
        List<BigDecimal> none = TenantContext.callAs(tenantId,
                () -> meter.eventValues(byCurrency, subscription, nullGroup("currency"), FROM, TO));

        assertThat(eur).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("100"), new BigDecimal("20.5"), new BigDecimal("7"), new BigDecimal("3"));
        assertThat(none).usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("8"));
    }

    @Test
    void a_subscription_can_be_named_by_its_external_id_and_another_tenant_sees_nothing() {
        event("api_calls", "2026-03-02T00:00:00Z", "{}", null);
        BillableMetric calls = metric("api_calls", Aggregation.COUNT, null, List.of(), List.of());

        assertThat(TenantContext.callAs(tenantId, () -> meter.forSubscription(calls, "acme-main", FROM, TO)))
                .containsExactly(quantity(Map.of(), "1", 1));
        // Row-level security: even a metric of the right code, asked for in the other tenant, finds none of these events
        BillableMetric elsewhere = new BillableMetric("bm_x", otherTenantId, "api_calls", "API calls", null, Aggregation.COUNT, null,
                List.of(), List.of(), FROM, FROM, null);
        assertThat(TenantContext.callAs(otherTenantId, () -> meter.forCustomer(elsewhere, customer, FROM, TO)))
                .containsExactly(quantity(Map.of(), "0", 0));
    }

    private List<GroupQuantity> forSubscription(BillableMetric metric) {
        return TenantContext.callAs(tenantId, () -> meter.forSubscription(metric, subscription, FROM, TO));
    }

    private List<GroupQuantity> forCustomer(BillableMetric metric) {
        return TenantContext.callAs(tenantId, () -> meter.forCustomer(metric, customer, FROM, TO));
    }

    private BillableMetric metric(String code, Aggregation aggregation, String field, List<PropertyFilter> filters, List<String> groupBy) {
        return new BillableMetric("bm_test", tenantId, code, code, null, aggregation, field, filters, groupBy, FROM, FROM, null);
    }

    private static GroupQuantity quantity(Map<String, String> group, String quantity, long events) {
        return new GroupQuantity(group, new BigDecimal(quantity), events);
    }

    private static Map<String, String> nullGroup(String property) {
        Map<String, String> group = new HashMap<>();
        group.put(property, null);
        return group;
    }

    private void event(String metric, String occurredAt, String properties, String value) {
        TenantContext.runAs(tenantId, () -> eventOf(customer, subscription, metric, occurredAt, properties, value));
    }

    private void eventWithId(String transactionId, String metric, String occurredAt, String properties, String value) {
        TenantContext.runAs(tenantId, () -> insert(transactionId, customer, subscription, metric, occurredAt, properties, value));
    }

    /** In the tenant of the caller's context. */
    private void eventOf(String customerId, String subscriptionId, String metric, String occurredAt, String properties, String value) {
        String transactionId = "tx-" + transactions.incrementAndGet();
        if (TenantContext.currentOrNull() == null) {
            TenantContext.runAs(tenantId, () -> insert(transactionId, customerId, subscriptionId, metric, occurredAt, properties, value));
        } else {
            insert(transactionId, customerId, subscriptionId, metric, occurredAt, properties, value);
        }
    }

    private void insert(String transactionId, String customerId, String subscriptionId, String metric, String occurredAt,
                        String properties, String value) {
        jdbc.sql("""
                INSERT INTO usage_events (tenant_id, transaction_id, metric_code, customer_id, subscription_id, occurred_at, properties,
                    value, source, received_at)
                VALUES (current_setting('billstream.tenant_id'), :tx, :metric, :customer, :subscription, CAST(:occurredAt AS timestamptz),
                    CAST(:properties AS jsonb), CAST(:value AS numeric), 'api', CAST(:occurredAt AS timestamptz))
                """)
                .param("tx", transactionId).param("metric", metric).param("customer", customerId).param("subscription", subscriptionId)
                .param("occurredAt", occurredAt).param("properties", properties).param("value", value)
                .update();
    }
}
