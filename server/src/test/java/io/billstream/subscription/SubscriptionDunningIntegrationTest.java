package io.billstream.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What payment recovery does to subscriptions, driven through {@link SubscriptionDunning} in a
 * transaction of the tenant (as the payment module calls it) and observed through the API: the
 * past-due status, entitlements restricted across a plan change and a renewal, their restoration,
 * and a cancellation for non-payment that credits nothing.
 */
class SubscriptionDunningIntegrationTest extends BillingIntegrationTest {

    static final String TEAM = """
            {"code":"team","name":"Team","interval":"month","currency":"USD","amount_minor":3000,"fee_timing":"in_advance",
             "recurring_items":[{"code":"seats","name":"Seats","unit_price":"8.00","default_quantity":3}],
             "features":[{"code":"sso","type":"boolean","enabled":true},{"code":"projects","type":"limit","limit":5}]}
            """;
    static final String BUSINESS = """
            {"code":"business","name":"Business","interval":"month","currency":"USD","amount_minor":9000,"fee_timing":"in_advance",
             "features":[{"code":"sso","type":"boolean","enabled":true},{"code":"projects","type":"limit","limit":20},
                         {"code":"audit_log","type":"boolean","enabled":true}]}
            """;
    static final String TRIAL = """
            {"code":"starter","name":"Starter","interval":"month","currency":"USD","amount_minor":500,"trial_days":14,
             "features":[{"code":"sso","type":"boolean","enabled":true}]}
            """;

    @Autowired
    SubscriptionDunning dunning;

    @Autowired
    TransactionTemplate transactions;

    String tenant;
    String key;

    @BeforeEach
    void catalog() {
        TenantFixture fixture = newTenant();
        tenant = fixture.id();
        key = fixture.adminKey();
        createPlan(key, TEAM);
        createPlan(key, BUSINESS);
        createPlan(key, TRIAL);
    }

    @Test
    void a_past_due_subscription_keeps_its_restriction_across_a_plan_change_and_a_renewal_until_restored() {
        String clock = createClock(key, Instant.parse("2026-04-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String sub = subscribe(customer, "team");
        JsonNode sso = decision(customer, "sso");
        assertThat(sso.get("allowed").asBoolean()).isTrue();
        assertThat(sso.get("restricted").asBoolean()).isFalse();
        assertThat(sso.get("restricted_reason").isNull()).isTrue();
        assertThat(decision(customer, "projects").get("limit").asString()).isEqualTo("5");

        // The first failure: past due, still entitled.
        Instant failed = Instant.parse("2026-04-03T09:00:00Z");
        assertThat(inTenant(() -> dunning.markPastDue(List.of(sub), failed))).containsExactly(sub);
        JsonNode pastDue = subscription(sub);
        assertThat(pastDue.get("status").asString()).isEqualTo("past_due");
        assertThat(pastDue.get("past_due_since").asString()).isEqualTo("2026-04-03T09:00:00Z");
        assertThat(pastDue.get("entitlements_restricted_at").isNull()).isTrue();
        assertThat(inTenant(() -> dunning.markPastDue(List.of(sub), failed.plusSeconds(60)))).isEmpty();
        assertThat(subscription(sub).get("past_due_since").asString()).isEqualTo("2026-04-03T09:00:00Z");
        assertThat(decision(customer, "sso").get("allowed").asBoolean()).isTrue();
        assertThat(ids(ok(api.get("/v1/subscriptions?status=past_due", key)))).containsExactly(sub);
        assertThat(ids(ok(api.get("/v1/subscriptions?status=active", key)))).isEmpty();

        // The grace period is over: nothing is granted any more, and the decision says why.
        Instant restrictedAt = Instant.parse("2026-04-07T09:00:00Z");
        assertThat(inTenant(() -> dunning.restrictEntitlements(List.of(sub), restrictedAt))).containsExactly(sub);
        assertThat(inTenant(() -> dunning.restrictEntitlements(List.of(sub), restrictedAt.plusSeconds(60)))).isEmpty();
        assertThat(subscription(sub).get("entitlements_restricted_at").asString()).isEqualTo("2026-04-07T09:00:00Z");
        assertRestricted(decision(customer, "sso"), "boolean");
        JsonNode projects = decision(customer, "projects");
        assertRestricted(projects, "limit");
        assertThat(projects.get("limit").asString()).isEqualTo("0");
        assertThat(projects.get("remaining").asString()).isEqualTo("0");
        for (JsonNode own : ok(api.get("/v1/subscriptions/" + sub + "/entitlements", key)).get("data")) {
            assertThat(own.get("restricted").asBoolean()).as(own.toString()).isTrue();
            assertThat(own.get("allowed").asBoolean()).as(own.toString()).isFalse();
        }

        // An upgrade while restricted: the new plan's features, including one the old plan lacked, stay restricted.
        advance(key, clock, Instant.parse("2026-04-10T00:00:00Z"));
        JsonNode upgraded = ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"plan_code\":\"business\"}"));
        assertThat(upgraded.get("status").asString()).isEqualTo("past_due");
        assertRestricted(decision(customer, "audit_log"), "boolean");
        assertRestricted(decision(customer, "projects"), "limit");

        // The renewal keeps both marks: past_due does not turn back into active by itself.
        advance(key, clock, Instant.parse("2026-05-01T00:00:00Z"));
        JsonNode renewed = subscription(sub);
        assertThat(renewed.get("current_period_start").asString()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(renewed.get("status").asString()).isEqualTo("past_due");
        assertThat(renewed.get("past_due_since").asString()).isEqualTo("2026-04-03T09:00:00Z");
        assertRestricted(decision(customer, "sso"), "boolean");
        assertRestricted(decision(customer, "audit_log"), "boolean");
        assertThat(decision(customer, "projects").get("restricted").asBoolean()).isTrue();

        // Paid: everything comes back, once.
        Instant paid = Instant.parse("2026-05-02T12:00:00Z");
        inTenant(() -> {
            dunning.restore(List.of(sub), paid);
            return null;
        });
        JsonNode restored = subscription(sub);
        assertThat(restored.get("status").asString()).isEqualTo("active");
        assertThat(restored.get("past_due_since").isNull()).isTrue();
        assertThat(restored.get("entitlements_restricted_at").isNull()).isTrue();
        JsonNode auditLog = decision(customer, "audit_log");
        assertThat(auditLog.get("allowed").asBoolean()).isTrue();
        assertThat(auditLog.get("restricted").asBoolean()).isFalse();
        JsonNode restoredProjects = decision(customer, "projects");
        assertThat(restoredProjects.get("allowed").asBoolean()).isTrue();
        assertThat(restoredProjects.get("limit").asString()).isEqualTo("20");
        assertThat(restoredProjects.get("subscription_ids")).extracting(JsonNode::asString).containsExactly(sub);
        assertThat(restoredProjects.get("restricted_subscription_ids")).isEmpty();
        int eventsBefore = events(key, customer).size();
        inTenant(() -> {
            dunning.restore(List.of(sub), paid.plusSeconds(60));
            return null;
        });
        assertThat(events(key, customer)).hasSize(eventsBefore);

        List<JsonNode> events = events(key, customer);
        assertThat(events.stream().map(e -> e.get("type").asString()).filter(t -> !t.startsWith("invoice.")).toList())
                .containsExactly("customer.created", "subscription.created", "subscription.activated", "subscription.past_due",
                        "entitlement.restricted", "subscription.plan_changed", "subscription.renewed", "subscription.updated",
                        "entitlement.restored");
        JsonNode pastDueEvent = event(events, "subscription.past_due");
        assertThat(pastDueEvent.get("subscription_id").asString()).isEqualTo(sub);
        assertThat(pastDueEvent.get("data").get("object").get("status").asString()).isEqualTo("past_due");
        assertThat(pastDueEvent.get("data").get("previous_attributes").get("status").asString()).isEqualTo("active");
        assertThat(pastDueEvent.get("data").get("previous_attributes").get("past_due_since").isNull()).isTrue();
        JsonNode restriction = event(events, "entitlement.restricted").get("data").get("object");
        assertThat(restriction.get("object").asString()).isEqualTo("entitlement_restriction");
        assertThat(restriction.get("subscription_id").asString()).isEqualTo(sub);
        assertThat(restriction.get("customer_id").asString()).isEqualTo(customer);
        assertThat(restriction.get("feature_codes")).extracting(JsonNode::asString).containsExactly("projects", "sso");
        assertThat(restriction.get("restricted_at").asString()).isEqualTo("2026-04-07T09:00:00Z");
        assertThat(restriction.get("reason").asString()).isEqualTo("payment_past_due");
        JsonNode recovered = event(events, "subscription.updated").get("data");
        assertThat(recovered.get("object").get("status").asString()).isEqualTo("active");
        assertThat(recovered.get("previous_attributes").get("status").asString()).isEqualTo("past_due");
        JsonNode restoration = event(events, "entitlement.restored").get("data").get("object");
        assertThat(restoration.get("feature_codes")).extracting(JsonNode::asString).containsExactly("audit_log", "projects", "sso");
        assertThat(restoration.get("restricted_at").asString()).isEqualTo("2026-04-07T09:00:00Z");
        assertThat(restoration.get("restored_at").asString()).isEqualTo("2026-05-02T12:00:00Z");
    }

    @Test
    void a_restricted_subscription_leaves_the_customers_other_subscription_granting() {
        String clock = createClock(key, Instant.parse("2026-04-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String unpaid = subscribe(customer, "team");
        String paid = subscribe(customer, "business");
        inTenant(() -> dunning.markPastDue(List.of(unpaid), Instant.parse("2026-04-02T00:00:00Z")));
        inTenant(() -> dunning.restrictEntitlements(List.of(unpaid), Instant.parse("2026-04-06T00:00:00Z")));

        // Only the paid subscription's 20 projects count, not the unpaid one's 5.
        JsonNode projects = decision(customer, "projects");
        assertThat(projects.get("allowed").asBoolean()).isTrue();
        assertThat(projects.get("restricted").asBoolean()).isFalse();
        assertThat(projects.get("limit").asString()).isEqualTo("20");
        assertThat(projects.get("subscription_ids")).extracting(JsonNode::asString).containsExactly(paid);
        assertThat(projects.get("restricted_subscription_ids")).extracting(JsonNode::asString).containsExactly(unpaid);
        assertThat(decision(customer, "sso").get("allowed").asBoolean()).isTrue();
        assertThat(subscription(paid).get("status").asString()).isEqualTo("active");
    }

    @Test
    void a_cancellation_for_non_payment_ends_the_subscription_now_without_crediting_unused_time() {
        String clock = createClock(key, Instant.parse("2026-04-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String sub = subscribe(customer, "team");
        advance(key, clock, Instant.parse("2026-04-08T12:00:00Z"));
        Instant exhausted = Instant.parse("2026-04-08T12:00:00Z");
        inTenant(() -> dunning.markPastDue(List.of(sub), Instant.parse("2026-04-01T06:00:00Z")));
        inTenant(() -> dunning.restrictEntitlements(List.of(sub), Instant.parse("2026-04-05T06:00:00Z")));

        assertThat(inTenant(() -> dunning.cancelForNonPayment(List.of(sub), exhausted))).containsExactly(sub);
        JsonNode ended = subscription(sub);
        assertThat(ended.get("status").asString()).isEqualTo("terminated");
        assertThat(ended.get("ended_reason").asString()).isEqualTo("nonpayment");
        assertThat(ended.get("ended_at").asString()).isEqualTo("2026-04-08T12:00:00Z");
        JsonNode cancellation = ok(api.get("/v1/cancellations/" + ended.get("cancellation_id").asString(), key));
        assertThat(cancellation.get("timing").asString()).isEqualTo("immediately");
        assertThat(cancellation.get("status").asString()).isEqualTo("effective");
        assertThat(cancellation.get("proration_behavior").asString()).isEqualTo("none");
        assertThat(cancellation.get("credit_amount_minor").asLong()).isZero();
        assertThat(cancellation.get("reason").asString()).isEqualTo("nonpayment");
        // A quarter of April gone: an ordinary immediate cancellation would credit three quarters of 30.00 + 3 × 8.00
        // (the plan has no one-time items, so any pending item would be such a credit).
        assertThat(ok(api.get("/v1/subscriptions/" + sub + "/pending-items", key)).get("data")).isEmpty();
        JsonNode period = ok(api.get("/v1/subscriptions/" + sub + "/billing-periods", key)).get("data").get(0);
        assertThat(period.get("ended_at").asString()).isEqualTo("2026-04-08T12:00:00Z");
        assertThat(period.get("closed_reason").asString()).isEqualTo("termination");
        // Its entitlements are gone, as for any ended subscription: not granted, and not "restricted" either.
        JsonNode sso = decision(customer, "sso");
        assertThat(sso.get("allowed").asBoolean()).isFalse();
        assertThat(sso.get("type").isNull()).isTrue();
        assertThat(sso.get("restricted").asBoolean()).isFalse();

        // Ended is final: a repeated cancellation, or a late payment, changes nothing.
        int eventsBefore = events(key, customer).size();
        assertThat(inTenant(() -> dunning.cancelForNonPayment(List.of(sub), exhausted.plusSeconds(60)))).isEmpty();
        inTenant(() -> {
            dunning.restore(List.of(sub), exhausted.plusSeconds(120));
            return null;
        });
        assertThat(events(key, customer)).hasSize(eventsBefore);
        assertThat(subscription(sub).get("status").asString()).isEqualTo("terminated");

        List<JsonNode> events = events(key, customer);
        assertThat(events.stream().map(e -> e.get("type").asString()).filter(t -> !t.startsWith("invoice.")).toList())
                .containsSubsequence("subscription.past_due", "entitlement.restricted", "subscription.canceled",
                        "subscription.terminated");
        JsonNode canceled = event(events, "subscription.canceled").get("data");
        assertThat(canceled.get("object").get("ended_reason").asString()).isEqualTo("nonpayment");
        assertThat(canceled.get("previous_attributes").get("status").asString()).isEqualTo("past_due");
    }

    @Test
    void a_subscription_canceled_for_its_period_end_is_marked_past_due_and_canceled_for_non_payment_at_once() {
        String clock = createClock(key, Instant.parse("2026-04-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String sub = subscribe(customer, "team");
        String first = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}")).get("id").asString();

        // Canceled for the period end: stays canceled, but carries the mark.
        assertThat(inTenant(() -> dunning.markPastDue(List.of(sub), Instant.parse("2026-04-02T00:00:00Z")))).containsExactly(sub);
        JsonNode marked = subscription(sub);
        assertThat(marked.get("status").asString()).isEqualTo("canceled");
        assertThat(marked.get("past_due_since").asString()).isEqualTo("2026-04-02T00:00:00Z");
        assertThat(inTenant(() -> dunning.restrictEntitlements(List.of(sub), Instant.parse("2026-04-03T00:00:00Z"))))
                .containsExactly(sub);
        assertRestricted(decision(customer, "sso"), "boolean");

        // Revoking the cancellation returns it to past_due, not to active, and keeps the restriction.
        ok(api.post("/v1/cancellations/" + first + "/revoke", key, "{}"));
        assertThat(subscription(sub).get("status").asString()).isEqualTo("past_due");
        assertRestricted(decision(customer, "sso"), "boolean");

        // Canceled for the period end again, then for non-payment: ends now, and the scheduled cancellation never takes effect.
        String second = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}")).get("id").asString();
        assertThat(subscription(sub).get("status").asString()).isEqualTo("canceled");
        advance(key, clock, Instant.parse("2026-04-20T00:00:00Z"));
        assertThat(inTenant(() -> dunning.cancelForNonPayment(List.of(sub), Instant.parse("2026-04-20T00:00:00Z"))))
                .containsExactly(sub);
        JsonNode ended = subscription(sub);
        assertThat(ended.get("status").asString()).isEqualTo("terminated");
        assertThat(ended.get("ended_reason").asString()).isEqualTo("nonpayment");
        assertThat(ended.get("ended_at").asString()).isEqualTo("2026-04-20T00:00:00Z");
        assertThat(ended.get("cancellation_id").asString()).isNotEqualTo(second);
        JsonNode overtaken = ok(api.get("/v1/cancellations/" + second, key));
        assertThat(overtaken.get("status").asString()).isEqualTo("revoked");
        assertThat(overtaken.get("revoked_at").asString()).isEqualTo("2026-04-20T00:00:00Z");

        // The period end passes without a second termination.
        advance(key, clock, Instant.parse("2026-05-02T00:00:00Z"));
        assertThat(eventTypes(key, customer).stream().filter("subscription.terminated"::equals)).hasSize(1);
    }

    @Test
    void trialing_and_unknown_subscriptions_are_left_alone() {
        String customer = created(api.post("/v1/customers", key, "{}")).get("id").asString();
        String trialing = subscribe(customer, "starter");
        assertThat(subscription(trialing).get("status").asString()).isEqualTo("trialing");
        Instant now = Instant.parse("2026-04-02T00:00:00Z");

        assertThat(inTenant(() -> dunning.markPastDue(List.of(trialing, "sub_unknown"), now))).isEmpty();
        assertThat(inTenant(() -> dunning.cancelForNonPayment(List.of("sub_unknown"), now))).isEmpty();
        inTenant(() -> {
            dunning.restore(List.of(trialing), now);
            return null;
        });
        JsonNode unchanged = subscription(trialing);
        assertThat(unchanged.get("status").asString()).isEqualTo("trialing");
        assertThat(unchanged.get("past_due_since").isNull()).isTrue();
        assertThat(eventTypes(key, customer)).containsExactly("customer.created", "subscription.created",
                "subscription.trial_started");
        // Another tenant's subscription is not this tenant's to change.
        String otherKey = newTenant().adminKey();
        createPlan(otherKey, TEAM);
        String otherCustomer = created(api.post("/v1/customers", otherKey, "{}")).get("id").asString();
        String foreign = created(api.post("/v1/subscriptions", otherKey,
                "{\"customer_id\":\"" + otherCustomer + "\",\"plan_code\":\"team\"}")).get("id").asString();
        assertThat(inTenant(() -> dunning.markPastDue(List.of(foreign), now))).isEmpty();
        assertThat(ok(api.get("/v1/subscriptions/" + foreign, otherKey)).get("status").asString()).isEqualTo("active");
    }

    private <T> T inTenant(Supplier<T> work) {
        return TenantContext.callAs(tenant, () -> transactions.execute(status -> work.get()));
    }

    private String subscribe(String customer, String plan) {
        return created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"" + plan + "\"}"))
                .get("id").asString();
    }

    private JsonNode subscription(String id) {
        return ok(api.get("/v1/subscriptions/" + id, key));
    }

    private JsonNode decision(String customer, String feature) {
        return ok(api.get("/v1/customers/" + customer + "/entitlements/" + feature, key));
    }

    private static void assertRestricted(JsonNode decision, String type) {
        assertThat(decision.get("type").asString()).as(decision.toString()).isEqualTo(type);
        assertThat(decision.get("allowed").asBoolean()).as(decision.toString()).isFalse();
        assertThat(decision.get("restricted").asBoolean()).as(decision.toString()).isTrue();
        assertThat(decision.get("restricted_reason").asString()).isEqualTo("payment_past_due");
        assertThat(decision.get("subscription_ids")).isEmpty();
        assertThat(decision.get("restricted_subscription_ids")).isNotEmpty();
    }

    private static JsonNode event(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.get("type").asString().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event"));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(s -> ids.add(s.get("id").asString()));
        return ids;
    }
}
