package io.billstream.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One subscription driven by a test clock through its whole life: trial, conversion, twelve
 * renewals, an upgrade mid-period, a downgrade at period end and a cancellation, checking every
 * period boundary, the prorations and the billing events.
 */
class SubscriptionLifecycleIntegrationTest extends BillingIntegrationTest {

    static final String BASIC = """
            {"code":"basic","name":"Basic","interval":"month","currency":"USD","amount_minor":1000,"fee_timing":"in_advance",
             "trial_days":14,
             "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.001"}}],
             "recurring_items":[{"code":"seats","name":"Seats","unit_price":"5.00","default_quantity":2}],
             "one_time_items":[{"code":"setup","name":"Setup fee","unit_price":"20.00"}],
             "features":[{"code":"sso","type":"boolean","enabled":false},{"code":"projects","type":"limit","limit":3},
                         {"code":"api_calls","type":"limit","limit":1000,"reset":"period","metric_code":"api_calls"}]}
            """;
    static final String PRO = """
            {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":3000,"fee_timing":"in_advance",
             "recurring_items":[{"code":"seats","name":"Seats","unit_price":"8.00","default_quantity":1}],
             "features":[{"code":"sso","type":"boolean","enabled":true},{"code":"projects","type":"limit","limit":10},
                         {"code":"api_calls","type":"limit","limit":100000,"reset":"period","metric_code":"api_calls"}]}
            """;

    String key;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void catalog() {
        key = newTenant().adminKey();
        countMetric(key, "api_calls");
        createPlan(key, BASIC);
        createPlan(key, PRO);
    }

    @Test
    void a_trial_converts_renews_twelve_times_upgrades_downgrades_and_is_canceled() {
        String clock = createClock(key, Instant.parse("2026-01-17T10:00:00Z"));
        String customer = created(api.post("/v1/customers", key,
                "{\"external_id\":\"acme\",\"currency\":\"USD\",\"test_clock\":\"" + clock + "\"}")).get("id").asString();

        // Trial: 14 days from the clock's time, features granted, nothing billed.
        JsonNode trial = created(api.post("/v1/trials", key, "{\"customer_id\":\"acme\",\"plan_code\":\"basic\"}"));
        assertThat(trial.get("status").asString()).isEqualTo("active");
        assertThat(trial.get("ends_at").asString()).isEqualTo("2026-01-31T10:00:00Z");
        assertThat(trial.get("on_missing_payment_method").asString()).isEqualTo("expire");
        String sub = trial.get("subscription_id").asString();
        assertThat(subscription(sub).get("status").asString()).isEqualTo("trialing");
        assertThat(decision("projects").get("limit").asString()).isEqualTo("3");
        assertThat(decision("sso").get("allowed").asBoolean()).isFalse();
        assertThat(ok(api.get("/v1/subscriptions/" + sub + "/pending-items", key)).get("data")).isEmpty();

        created(api.post("/v1/customers/acme/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"sandbox_success\",\"type\":\"card\"}"));

        // Three days before the end: trial_will_end, but no conversion yet.
        advance(key, clock, Instant.parse("2026-01-29T10:00:00Z"));
        assertThat(eventTypes(key, customer)).contains("subscription.trial_will_end").doesNotContain("trial.converted");
        assertThat(subscription(sub).get("status").asString()).isEqualTo("trialing");

        // Trial end: converts (the customer has a payment method); the first period starts on 31 Jan.
        advance(key, clock, Instant.parse("2026-01-31T10:00:00Z"));
        JsonNode active = subscription(sub);
        assertThat(active.get("status").asString()).isEqualTo("active");
        assertPeriod(active, "2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z");
        assertThat(ok(api.get("/v1/trials/" + trial.get("id").asString(), key)).get("status").asString()).isEqualTo("converted");
        JsonNode setup = ok(api.get("/v1/subscriptions/" + sub + "/pending-items", key)).get("data").get(0);
        assertThat(setup.get("kind").asString()).isEqualTo("one_time");
        assertThat(setup.get("amount_minor").asLong()).isEqualTo(2000);

        JsonNode renewal = ok(api.get("/v1/subscriptions/" + sub + "/renewal", key));
        assertThat(renewal.get("renews_at").asString()).isEqualTo("2026-02-28T10:00:00Z");
        assertThat(renewal.get("auto_renew").asBoolean()).isTrue();
        assertThat(renewal.get("amount_minor").asLong()).isEqualTo(1000 + 2 * 500);

        // Twelve renewals on the anniversary of 31 January: month ends clamp and come back.
        String[] boundaries = {"2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31",
                "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"};
        for (int i = 0; i < 12; i++) {
            advance(key, clock, Instant.parse(boundaries[i] + "T10:00:00Z"));
            assertPeriod(subscription(sub), boundaries[i] + "T10:00:00Z", boundaries[i + 1] + "T10:00:00Z");
        }
        assertThat(eventTypes(key, customer).stream().filter("subscription.renewed"::equals)).hasSize(12);
        JsonNode periods = ok(api.get("/v1/subscriptions/" + sub + "/billing-periods", key)).get("data");
        assertThat(periods).hasSize(13);
        for (int i = 0; i < 12; i++) {
            assertThat(periods.get(i).get("status").asString()).isEqualTo("closed");
            assertThat(periods.get(i).get("closed_reason").asString()).isEqualTo("renewal");
        }
        assertThat(periods.get(12).get("status").asString()).isEqualTo("open");

        // Upgrade exactly halfway through the 28-day period [31 Jan, 28 Feb 2027).
        advance(key, clock, Instant.parse("2027-02-14T10:00:00Z"));
        JsonNode upgraded = ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"plan_code\":\"pro\"}"));
        assertThat(upgraded.get("plan_code").asString()).isEqualTo("pro");
        assertPeriod(upgraded, "2027-01-31T10:00:00Z", "2027-02-28T10:00:00Z");
        List<Long> prorations = new ArrayList<>();
        ok(api.get("/v1/subscriptions/" + sub + "/pending-items", key)).get("data").forEach(item -> {
            if (item.get("kind").asString().equals("proration")) {
                prorations.add(item.get("amount_minor").asLong());
            }
        });
        // Half of Basic's 10.00 fee and 2 × 5.00 seats credited; half of Pro's 30.00 and 2 × 8.00 seats charged.
        assertThat(prorations).containsExactly(-500L, -500L, 1500L, 800L);
        assertThat(decision("sso").get("allowed").asBoolean()).isTrue();
        assertThat(decision("projects").get("limit").asString()).isEqualTo("10");

        // Downgrade at the period end: pending until then, applied with the renewal.
        JsonNode scheduled = ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key,
                "{\"plan_code\":\"basic\",\"timing\":\"period_end\"}"));
        assertThat(scheduled.get("plan_code").asString()).isEqualTo("pro");
        assertThat(scheduled.get("pending_change").get("plan_code").asString()).isEqualTo("basic");
        assertThat(scheduled.get("pending_change").get("effective_at").asString()).isEqualTo("2027-02-28T10:00:00Z");
        advance(key, clock, Instant.parse("2027-02-28T10:00:00Z"));
        JsonNode downgraded = subscription(sub);
        assertThat(downgraded.get("plan_code").asString()).isEqualTo("basic");
        assertThat(downgraded.get("pending_change").isNull()).isTrue();
        assertPeriod(downgraded, "2027-02-28T10:00:00Z", "2027-03-31T10:00:00Z");
        assertThat(decision("sso").get("allowed").asBoolean()).isFalse();

        // Cancel at the period end, revoke, cancel again, and let it take effect.
        JsonNode cancellation = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{\"reason\":\"too expensive\"}"));
        assertThat(cancellation.get("status").asString()).isEqualTo("scheduled");
        assertThat(cancellation.get("effective_at").asString()).isEqualTo("2027-03-31T10:00:00Z");
        assertThat(subscription(sub).get("status").asString()).isEqualTo("canceled");
        assertThat(ok(api.get("/v1/subscriptions/" + sub + "/renewal", key)).get("auto_renew").asBoolean()).isFalse();
        JsonNode revoked = ok(api.post("/v1/cancellations/" + cancellation.get("id").asString() + "/revoke", key, "{}"));
        assertThat(revoked.get("status").asString()).isEqualTo("revoked");
        assertThat(subscription(sub).get("status").asString()).isEqualTo("active");
        String second = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}")).get("id").asString();
        advance(key, clock, Instant.parse("2027-03-31T10:00:00Z"));
        JsonNode ended = subscription(sub);
        assertThat(ended.get("status").asString()).isEqualTo("terminated");
        assertThat(ended.get("ended_at").asString()).isEqualTo("2027-03-31T10:00:00Z");
        assertThat(ok(api.get("/v1/cancellations/" + second, key)).get("status").asString()).isEqualTo("effective");
        assertThat(decision("projects").get("allowed").asBoolean()).isFalse();

        List<String> expected = new ArrayList<>(List.of("customer.created", "subscription.created", "subscription.trial_started",
                "payment_method.attached", "subscription.trial_will_end", "trial.converted", "subscription.activated"));
        for (int i = 0; i < 12; i++) {
            expected.add("subscription.renewed");
        }
        expected.addAll(List.of("subscription.plan_changed", "subscription.plan_change_scheduled", "subscription.plan_changed",
                "subscription.renewed", "subscription.canceled", "subscription.cancellation_revoked", "subscription.canceled",
                "subscription.terminated"));
        // Invoicing and payments write their own events for each billing date; this test follows the subscription's.
        assertThat(eventTypes(key, customer).stream().filter(type -> !type.startsWith("invoice.") && !type.startsWith("payment."))
                .toList())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void a_trial_without_a_payment_method_expires() {
        String clock = createClock(key, Instant.parse("2026-03-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        JsonNode trial = created(api.post("/v1/trials", key,
                "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"basic\",\"trial_days\":7}"));
        advance(key, clock, Instant.parse("2026-03-08T00:00:00Z"));
        assertThat(ok(api.get("/v1/trials/" + trial.get("id").asString(), key)).get("status").asString()).isEqualTo("expired");
        JsonNode sub = subscription(trial.get("subscription_id").asString());
        assertThat(sub.get("status").asString()).isEqualTo("terminated");
        assertThat(sub.get("ended_reason").asString()).isEqualTo("trial_expired");
        assertThat(eventTypes(key, customer)).containsSubsequence("subscription.trial_will_end", "trial.expired",
                "subscription.terminated").doesNotContain("subscription.activated");
        assertThat(ok(api.get("/v1/subscriptions/" + sub.get("id").asString() + "/billing-periods", key)).get("data")).isEmpty();
    }

    @Test
    void canceling_immediately_credits_the_unused_time() {
        String clock = createClock(key, Instant.parse("2026-04-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String sub = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer
                + "\",\"plan_code\":\"pro\",\"items\":[{\"code\":\"seats\",\"quantity\":3}]}")).get("id").asString();
        // April has 30 days; a quarter of it is 7.5 days.
        advance(key, clock, Instant.parse("2026-04-08T12:00:00Z"));
        JsonNode cancellation = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{\"timing\":\"immediately\"}"));
        assertThat(cancellation.get("status").asString()).isEqualTo("effective");
        // Three quarters of 30.00 and of 3 × 8.00 seats.
        assertThat(cancellation.get("credit_amount_minor").asLong()).isEqualTo(2250 + 1800);
        assertThat(subscription(sub).get("status").asString()).isEqualTo("terminated");
        JsonNode period = ok(api.get("/v1/subscriptions/" + sub + "/billing-periods", key)).get("data").get(0);
        assertThat(period.get("ended_at").asString()).isEqualTo("2026-04-08T12:00:00Z");
        assertThat(period.get("closed_reason").asString()).isEqualTo("termination");
        assertThat(eventTypes(key, customer)).containsSubsequence("subscription.activated", "subscription.canceled",
                "subscription.terminated");
        assertThat(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}").status()).isEqualTo(409);
    }

    @Test
    void a_future_start_waits_and_a_calendar_anchor_bills_a_stub_first() {
        String clock = createClock(key, Instant.parse("2026-05-10T08:00:00Z"));
        String customer = created(api.post("/v1/customers", key,
                "{\"timezone\":\"America/New_York\",\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        JsonNode pending = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer
                + "\",\"plan_code\":\"pro\",\"billing_anchor\":\"calendar\",\"start_at\":\"2026-05-15T16:00:00Z\"}"));
        assertThat(pending.get("status").asString()).isEqualTo("pending");
        advance(key, clock, Instant.parse("2026-05-15T16:00:00Z"));
        JsonNode active = subscription(pending.get("id").asString());
        assertThat(active.get("status").asString()).isEqualTo("active");
        // Calendar months in New York (UTC-4 in summer): a stub to 1 June 00:00 local, then whole months.
        assertPeriod(active, "2026-05-15T16:00:00Z", "2026-06-01T04:00:00Z");
        JsonNode period = ok(api.get("/v1/subscriptions/" + active.get("id").asString() + "/billing-periods", key)).get("data").get(0);
        assertThat(period.get("full_period_start").asString()).isEqualTo("2026-05-01T04:00:00Z");
        advance(key, clock, Instant.parse("2026-06-01T04:00:00Z"));
        assertPeriod(subscription(active.get("id").asString()), "2026-06-01T04:00:00Z", "2026-07-01T04:00:00Z");
    }

    @Test
    void deleting_a_test_clock_deletes_its_customers_and_leaves_others_alone() {
        String clock = createClock(key, Instant.parse("2026-06-01T00:00:00Z"));
        String onClock = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String real = created(api.post("/v1/customers", key, "{}")).get("id").asString();
        String clockSub = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + onClock + "\",\"plan_code\":\"pro\"}"))
                .get("id").asString();
        JsonNode realSub = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + real + "\",\"plan_code\":\"pro\"}"));
        // The real-time customer's subscription runs on real time, not the clock's.
        assertThat(Instant.parse(realSub.get("start_at").asString())).isAfter(Instant.parse("2026-11-01T00:00:00Z"));
        advance(key, clock, Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(ok(api.get("/v1/subscriptions/" + realSub.get("id").asString(), key)).get("current_period_start").asString())
                .isEqualTo(realSub.get("current_period_start").asString());

        ok(api.delete("/v1/test-clocks/" + clock, key));
        assertThat(api.get("/v1/customers/" + onClock, key).status()).isEqualTo(404);
        assertThat(api.get("/v1/subscriptions/" + clockSub, key).status()).isEqualTo(404);
        assertThat(api.get("/v1/test-clocks/" + clock, key).status()).isEqualTo(404);
        assertThat(api.get("/v1/customers/" + real, key).status()).isEqualTo(200);
        assertThat(decisionOf(real, "sso").get("allowed").asBoolean()).isTrue();
    }

    @Test
    void changes_at_the_instant_a_period_starts_are_accepted() {
        String clock = createClock(key, Instant.parse("2026-04-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String sub = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"pro\"}"))
                .get("id").asString();
        // Time stands still on the clock: both changes happen at the period's first instant.
        ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"items\":[{\"code\":\"seats\",\"quantity\":2}]}"));
        ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"items\":[{\"code\":\"seats\",\"quantity\":4}]}"));
        JsonNode periods = ok(api.get("/v1/subscriptions/" + sub + "/billing-periods", key)).get("data");
        assertThat(periods).hasSize(3);
        assertThat(periods.get(2).get("status").asString()).isEqualTo("open");
        assertThat(periods.get(2).get("quantities").get("seats").asLong()).isEqualTo(4);
        long seatProrations = 0;
        for (JsonNode item : ok(api.get("/v1/subscriptions/" + sub + "/pending-items", key)).get("data")) {
            seatProrations += item.get("amount_minor").asLong();
        }
        // Three more seats for the whole of April at 8.00 each.
        assertThat(seatProrations).isEqualTo(3 * 800);
    }

    @Test
    void changes_are_refused_while_the_clock_is_advancing() throws Exception {
        var tenant = newTenant();
        String admin = tenant.adminKey();
        createPlan(admin, "{\"code\":\"daily\",\"name\":\"Daily\",\"interval\":\"day\",\"currency\":\"USD\",\"amount_minor\":100}");
        String clock = createClock(admin, Instant.parse("2026-08-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", admin, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String sub = created(api.post("/v1/subscriptions", admin, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"daily\"}"))
                .get("id").asString();
        // Holding the subscription's row lock stops the advance half-way, at its first renewal.
        try (TenantContext.Scope scope = TenantContext.enter(tenant.id()); Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            try (PreparedStatement lock = held.prepareStatement("SELECT id FROM subscriptions WHERE id = ? FOR UPDATE")) {
                lock.setString(1, sub);
                lock.executeQuery().close();
            }
            assertThat(ok(api.post("/v1/test-clocks/" + clock + "/advance", admin, "{\"frozen_time\":\"2026-08-03T00:00:00Z\"}"))
                    .get("status").asString()).isEqualTo("advancing");
            // (A change to the held subscription itself would wait for the lock; a new one shows the refusal.)
            ApiResponse refused = api.post("/v1/subscriptions", admin, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"daily\"}");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.field("code")).isEqualTo("test_clock_advancing");
            assertThat(api.delete("/v1/test-clocks/" + clock, admin).field("code")).isEqualTo("test_clock_advancing");
            held.rollback();
        }
        for (int i = 0; i < 300 && !ok(api.get("/v1/test-clocks/" + clock, admin)).get("status").asString().equals("ready"); i++) {
            sleep(50);
        }
        assertThat(eventTypes(admin, customer).stream().filter("subscription.renewed"::equals)).hasSize(2);
        assertThat(ok(api.post("/v1/subscriptions/" + sub + "/cancel", admin, "{}")).get("status").asString()).isEqualTo("scheduled");
    }

    private JsonNode subscription(String id) {
        return ok(api.get("/v1/subscriptions/" + id, key));
    }

    private JsonNode decision(String feature) {
        return decisionOf("acme", feature);
    }

    private JsonNode decisionOf(String customer, String feature) {
        return ok(api.get("/v1/customers/" + customer + "/entitlements/" + feature, key));
    }

    private static void assertPeriod(JsonNode subscription, String start, String end) {
        assertThat(subscription.get("current_period_start").asString()).as("period start").isEqualTo(start);
        assertThat(subscription.get("current_period_end").asString()).as("period end").isEqualTo(end);
    }
}
