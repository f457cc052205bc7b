package io.billstream.subscription;

import java.time.Instant;
import java.util.List;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription API's requests one by one: validation, lookups and lists, idempotent creation,
 * cancellations, quantity changes with their prorations, entitlements and payment methods.
 */
class SubscriptionRequestsIntegrationTest extends BillingIntegrationTest {

    /** Three recurring items so that a change to some of them shows the others are left alone. */
    static final String TEAM = """
            {"code":"team","name":"Team","interval":"month","currency":"USD","amount_minor":3000,"fee_timing":"in_advance",
             "recurring_items":[{"code":"seats","name":"Seats","unit_price":"6.00","default_quantity":1},
                                {"code":"storage","name":"Storage","unit_price":"3.00","default_quantity":2},
                                {"code":"support","name":"Support","unit_price":"10.00","default_quantity":1}],
             "features":[{"code":"sso","type":"boolean","enabled":true},{"code":"projects","type":"limit","limit":10},
                         {"code":"api_calls","type":"limit","limit":1000,"reset":"period","metric_code":"api_calls"}]}
            """;
    static final String ADDON = """
            {"code":"addon","name":"Add-on","interval":"month","currency":"USD","amount_minor":500,
             "features":[{"code":"projects","type":"limit","limit":5}]}
            """;
    /** April 2026 has 30 days: a change on the 11th leaves exactly two thirds, on the 16th exactly half. */
    static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");
    static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");

    String key;

    @BeforeEach
    void catalog() {
        key = newTenant().adminKey();
        countMetric(key, "api_calls");
        createPlan(key, TEAM);
        createPlan(key, ADDON);
    }

    private String customer(String json) {
        return created(api.post("/v1/customers", key, json)).get("id").asString();
    }

    private String customer() {
        return customer("{}");
    }

    private JsonNode subscribe(String customer, String plan) {
        return created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"" + plan + "\"}"));
    }

    private ApiResponse subscribeWith(String customer, String fields) {
        return api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"team\"" + fields + "}");
    }

    private JsonNode subscription(String id) {
        return ok(api.get("/v1/subscriptions/" + id, key));
    }

    private List<String> listed(String query) {
        return ok(api.get("/v1/subscriptions?" + query, key)).get("data").valueStream().map(s -> s.get("id").asString()).toList();
    }

    private List<JsonNode> prorations(String subscription) {
        return ok(api.get("/v1/subscriptions/" + subscription + "/pending-items", key)).get("data").valueStream()
                .filter(item -> item.get("kind").asString().equals("proration")).toList();
    }

    private static void assertRefused(ApiResponse response, int status, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    private static void assertInvalid(ApiResponse response, String param) {
        assertRefused(response, 400, "parameter_invalid", param);
    }

    // Creating: validation

    @Test
    void an_unknown_customer_is_refused() {
        assertInvalid(subscribeWith("cus_nobody", ""), "customer_id");
    }

    @Test
    void a_missing_customer_is_refused() {
        assertInvalid(api.post("/v1/subscriptions", key, "{\"plan_code\":\"team\"}"), "customer_id");
    }

    @Test
    void a_customer_of_another_tenant_is_unknown() {
        String foreign = created(api.post("/v1/customers", newTenant().adminKey(), "{}")).get("id").asString();

        assertInvalid(subscribeWith(foreign, ""), "customer_id");
    }

    @Test
    void an_unknown_plan_is_refused() {
        String customer = customer();

        assertInvalid(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"gold\"}"), "plan_code");
        assertThat(listed("customer_id=" + customer)).isEmpty();
    }

    @Test
    void an_unknown_item_code_is_refused() {
        assertInvalid(subscribeWith(customer(), ",\"items\":[{\"code\":\"licenses\",\"quantity\":3}]"), "items[0].code");
    }

    @Test
    void an_unknown_item_code_is_named_by_its_index() {
        assertInvalid(subscribeWith(customer(), ",\"items\":[{\"code\":\"seats\",\"quantity\":3},{\"code\":\"licenses\",\"quantity\":1}]"),
                "items[1].code");
    }

    @Test
    void an_item_listed_twice_is_refused() {
        assertInvalid(subscribeWith(customer(), ",\"items\":[{\"code\":\"seats\",\"quantity\":3},{\"code\":\"seats\",\"quantity\":1}]"),
                "items[1].code");
    }

    @Test
    void a_negative_quantity_is_refused() {
        assertInvalid(subscribeWith(customer(), ",\"items\":[{\"code\":\"seats\",\"quantity\":-1}]"), "items[0].quantity");
    }

    @Test
    void an_unknown_billing_anchor_is_refused() {
        assertInvalid(subscribeWith(customer(), ",\"billing_anchor\":\"weekly\""), "billing_anchor");
    }

    @Test
    void a_start_in_the_past_is_refused() {
        String clock = createClock(key, APRIL_1);
        String customer = customer("{\"test_clock\":\"" + clock + "\"}");

        assertInvalid(subscribeWith(customer, ",\"start_at\":\"2026-03-31T00:00:00Z\""), "start_at");
        assertThat(listed("customer_id=" + customer)).isEmpty();
    }

    @Test
    void a_start_a_moment_ago_starts_now() {
        String clock = createClock(key, APRIL_1);
        String customer = customer("{\"test_clock\":\"" + clock + "\"}");

        JsonNode started = created(subscribeWith(customer, ",\"start_at\":\"2026-03-31T23:58:00Z\""));

        assertThat(started.get("status").asString()).isEqualTo("active");
        assertThat(started.get("start_at").asString()).isEqualTo("2026-04-01T00:00:00Z");
    }

    @Test
    void requested_item_quantities_replace_the_defaults() {
        JsonNode created = created(subscribeWith(customer(), ",\"items\":[{\"code\":\"seats\",\"quantity\":5}]"));

        assertThat(created.get("items")).extracting(i -> i.get("code").asString() + "=" + i.get("quantity").asLong())
                .containsExactly("seats=5", "storage=2", "support=1");
    }

    // External IDs and lookups

    @Test
    void an_external_id_already_taken_is_a_conflict() {
        created(subscribeWith(customer(), ",\"external_id\":\"crm-sub-1\""));
        String other = customer();

        assertRefused(subscribeWith(other, ",\"external_id\":\"crm-sub-1\""), 409, "external_id_taken", "external_id");
        assertThat(listed("customer_id=" + other)).isEmpty();
    }

    @Test
    void a_subscription_is_retrieved_by_its_external_id() {
        String id = created(subscribeWith(customer(), ",\"external_id\":\"crm-sub-1\"")).get("id").asString();

        JsonNode found = subscription("crm-sub-1");

        assertThat(found.get("id").asString()).isEqualTo(id);
        assertThat(found.get("external_id").asString()).isEqualTo("crm-sub-1");
        assertThat(listed("external_id=crm-sub-1")).containsExactly(id);
    }

    @Test
    void lists_filter_by_customer_external_id_status_and_plan() {
        String acme = customer("{\"external_id\":\"acme\"}");
        String other = customer();
        String acmeTeam = subscribe(acme, "team").get("id").asString();
        String acmeAddon = subscribe(acme, "addon").get("id").asString();
        String otherTeam = subscribe(other, "team").get("id").asString();
        ok(api.post("/v1/subscriptions/" + otherTeam + "/cancel", key, "{}"));

        assertThat(listed("customer_id=acme")).containsExactly(acmeAddon, acmeTeam);
        assertThat(listed("customer_id=" + acme)).containsExactly(acmeAddon, acmeTeam);
        assertThat(listed("status=canceled")).containsExactly(otherTeam);
        assertThat(listed("status=active")).containsExactly(acmeAddon, acmeTeam);
        assertThat(listed("plan_code=addon")).containsExactly(acmeAddon);
        assertThat(listed("plan_code=team")).containsExactly(otherTeam, acmeTeam);
        assertThat(listed("customer_id=acme&plan_code=team")).containsExactly(acmeTeam);
        assertThat(listed("customer_id=nobody")).isEmpty();
    }

    @Test
    void an_unknown_status_filter_is_refused() {
        assertInvalid(api.get("/v1/subscriptions?status=paused", key), "status");
    }

    @Test
    void unknown_subscriptions_cancellations_and_trials_are_not_found() {
        for (ApiResponse response : List.of(api.get("/v1/subscriptions/sub_01NOSUCH", key), api.get("/v1/subscriptions/no-such-ext", key),
                api.get("/v1/subscriptions/sub_01NOSUCH/renewal", key), api.get("/v1/subscriptions/sub_01NOSUCH/entitlements", key),
                api.post("/v1/subscriptions/sub_01NOSUCH/cancel", key, "{}"),
                api.post("/v1/subscriptions/sub_01NOSUCH/change-plan", key, "{}"),
                api.get("/v1/cancellations/can_01NOSUCH", key), api.post("/v1/cancellations/can_01NOSUCH/revoke", key, "{}"),
                api.get("/v1/trials/trl_01NOSUCH", key))) {
            assertRefused(response, 404, "resource_missing", "id");
        }
    }

    @Test
    void a_subscription_of_another_tenant_is_not_found() {
        String foreignKey = newTenant().adminKey();
        createPlan(foreignKey, ADDON);
        String foreignCustomer = created(api.post("/v1/customers", foreignKey, "{}")).get("id").asString();
        String foreign = created(api.post("/v1/subscriptions", foreignKey,
                "{\"customer_id\":\"" + foreignCustomer + "\",\"plan_code\":\"addon\"}")).get("id").asString();

        assertRefused(api.get("/v1/subscriptions/" + foreign, key), 404, "resource_missing", "id");
        assertThat(listed("")).isEmpty();
    }

    // Idempotency

    @Test
    void a_create_replayed_with_its_idempotency_key_returns_the_same_subscription_and_creates_one() {
        String customer = customer();
        String body = "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"team\"}";

        ApiResponse first = api.post("/v1/subscriptions", key, body, "Idempotency-Key", "create-sub-1");
        ApiResponse replay = api.post("/v1/subscriptions", key, body, "Idempotency-Key", "create-sub-1");

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.field("id")).isEqualTo(first.field("id"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(listed("customer_id=" + customer)).containsExactly(first.field("id"));
        assertThat(eventTypes(key, customer).stream().filter("subscription.created"::equals)).hasSize(1);
    }

    @Test
    void an_idempotency_key_reused_with_another_body_is_refused() {
        String customer = customer();
        created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"team\"}",
                "Idempotency-Key", "create-sub-2"));

        ApiResponse reused = api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"addon\"}",
                "Idempotency-Key", "create-sub-2");

        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.field("code")).isEqualTo("idempotency_key_reused");
        assertThat(listed("customer_id=" + customer)).hasSize(1);
    }

    // Changing and canceling: validation

    @Test
    void change_plan_refuses_an_unknown_timing() {
        String sub = subscribe(customer(), "team").get("id").asString();

        assertInvalid(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"plan_code\":\"addon\",\"timing\":\"tomorrow\"}"),
                "timing");
        assertThat(subscription(sub).get("plan_code").asString()).isEqualTo("team");
    }

    @Test
    void change_plan_refuses_an_unknown_proration_behavior() {
        String sub = subscribe(customer(), "team").get("id").asString();

        assertInvalid(api.post("/v1/subscriptions/" + sub + "/change-plan", key,
                "{\"plan_code\":\"addon\",\"proration_behavior\":\"always_invoice\"}"), "proration_behavior");
        assertThat(subscription(sub).get("plan_code").asString()).isEqualTo("team");
    }

    @Test
    void change_plan_refuses_an_unknown_plan() {
        String sub = subscribe(customer(), "team").get("id").asString();

        assertInvalid(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"plan_code\":\"gold\"}"), "plan_code");
    }

    @Test
    void cancel_refuses_an_unknown_timing() {
        String sub = subscribe(customer(), "team").get("id").asString();

        assertInvalid(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{\"timing\":\"later\"}"), "timing");
        assertThat(subscription(sub).get("status").asString()).isEqualTo("active");
    }

    @Test
    void cancel_refuses_an_unknown_proration_behavior() {
        String sub = subscribe(customer(), "team").get("id").asString();

        assertInvalid(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{\"timing\":\"immediately\",\"proration_behavior\":\"all\"}"),
                "proration_behavior");
        assertThat(subscription(sub).get("status").asString()).isEqualTo("active");
    }

    // Cancellations

    @Test
    void an_effective_cancellation_cannot_be_revoked() {
        String sub = subscribe(customer(), "team").get("id").asString();
        String cancellation = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{\"timing\":\"immediately\"}")).get("id").asString();

        assertRefused(api.post("/v1/cancellations/" + cancellation + "/revoke", key, "{}"), 409, "cancellation_not_revocable", null);
        assertThat(ok(api.get("/v1/cancellations/" + cancellation, key)).get("status").asString()).isEqualTo("effective");
        assertThat(subscription(sub).get("status").asString()).isEqualTo("terminated");
    }

    @Test
    void a_revoked_cancellation_cannot_be_revoked_again() {
        String sub = subscribe(customer(), "team").get("id").asString();
        String cancellation = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}")).get("id").asString();
        ok(api.post("/v1/cancellations/" + cancellation + "/revoke", key, "{}"));

        assertRefused(api.post("/v1/cancellations/" + cancellation + "/revoke", key, "{}"), 409, "cancellation_not_revocable", null);
        assertThat(subscription(sub).get("status").asString()).isEqualTo("active");
    }

    @Test
    void a_cancellation_that_took_effect_at_the_period_end_cannot_be_revoked() {
        String clock = createClock(key, APRIL_1);
        String sub = subscribe(customer("{\"test_clock\":\"" + clock + "\"}"), "team").get("id").asString();
        String cancellation = ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}")).get("id").asString();
        advance(key, clock, MAY_1);

        assertRefused(api.post("/v1/cancellations/" + cancellation + "/revoke", key, "{}"), 409, "cancellation_not_revocable", null);
        assertThat(subscription(sub).get("status").asString()).isEqualTo("terminated");
    }

    @Test
    void a_second_cancellation_while_one_is_scheduled_is_a_conflict() {
        String sub = subscribe(customer(), "team").get("id").asString();
        ok(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}"));

        assertRefused(api.post("/v1/subscriptions/" + sub + "/cancel", key, "{}"), 409, "cancellation_scheduled", null);
    }

    // Quantity changes

    @Test
    void a_quantity_change_a_third_into_the_period_prorates_each_changed_item_for_two_thirds() {
        String clock = createClock(key, APRIL_1);
        String customer = customer("{\"test_clock\":\"" + clock + "\"}");
        String sub = subscribe(customer, "team").get("id").asString();
        advance(key, clock, Instant.parse("2026-04-11T00:00:00Z"));

        JsonNode changed = ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, """
                {"items":[{"code":"seats","quantity":4},{"code":"storage","quantity":1},{"code":"support","quantity":1}]}"""));

        assertThat(changed.get("items")).extracting(i -> i.get("code").asString() + "=" + i.get("quantity").asLong())
                .containsExactly("seats=4", "storage=1", "support=1");
        List<JsonNode> prorations = prorations(sub);
        // Seats: +3 × 6.00 × 2/3 = 12.00; storage: −1 × 3.00 × 2/3 = −2.00; support unchanged, base fee untouched.
        assertThat(prorations).extracting(p -> p.get("amount_minor").asLong()).containsExactlyInAnyOrder(1200L, -200L);
        assertThat(prorations).extracting(p -> p.get("quantity").asString()).containsExactlyInAnyOrder("3", "-1");
        for (JsonNode proration : prorations) {
            assertThat(proration.get("service_start").asString()).isEqualTo("2026-04-11T00:00:00Z");
            assertThat(proration.get("service_end").asString()).isEqualTo("2026-05-01T00:00:00Z");
            assertThat(proration.get("currency").asString()).isEqualTo("USD");
        }
        assertThat(eventTypes(key, customer)).endsWith("subscription.updated");
    }

    @Test
    void a_quantity_change_halfway_through_the_period_prorates_half_the_difference() {
        String clock = createClock(key, APRIL_1);
        String sub = subscribe(customer("{\"test_clock\":\"" + clock + "\"}"), "team").get("id").asString();
        advance(key, clock, Instant.parse("2026-04-16T00:00:00Z"));

        ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"items\":[{\"code\":\"seats\",\"quantity\":2}]}"));

        // +1 × 6.00 × 1/2 = 3.00
        assertThat(prorations(sub)).extracting(p -> p.get("amount_minor").asLong()).containsExactly(300L);
    }

    @Test
    void a_quantity_change_splits_the_billing_period_where_it_happens() {
        String clock = createClock(key, APRIL_1);
        String sub = subscribe(customer("{\"test_clock\":\"" + clock + "\"}"), "team").get("id").asString();
        advance(key, clock, Instant.parse("2026-04-16T00:00:00Z"));

        ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"items\":[{\"code\":\"seats\",\"quantity\":2}]}"));

        JsonNode periods = ok(api.get("/v1/subscriptions/" + sub + "/billing-periods", key)).get("data");
        assertThat(periods).hasSize(2);
        assertThat(periods.get(0).get("status").asString()).isEqualTo("closed");
        assertThat(periods.get(0).get("ended_at").asString()).isEqualTo("2026-04-16T00:00:00Z");
        assertThat(periods.get(0).get("closed_reason").asString()).isEqualTo("quantity_change");
        assertThat(periods.get(1).get("status").asString()).isEqualTo("open");
        assertThat(periods.get(1).get("period_start").asString()).isEqualTo("2026-04-16T00:00:00Z");
        assertThat(periods.get(1).get("period_end").asString()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(periods.get(1).get("quantities").get("seats").asLong()).isEqualTo(2);
        assertThat(subscription(sub).get("current_period_start").asString()).isEqualTo("2026-04-01T00:00:00Z");
    }

    @Test
    void a_quantity_change_without_proration_creates_no_proration_items() {
        String clock = createClock(key, APRIL_1);
        String sub = subscribe(customer("{\"test_clock\":\"" + clock + "\"}"), "team").get("id").asString();
        advance(key, clock, Instant.parse("2026-04-16T00:00:00Z"));

        JsonNode changed = ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key,
                "{\"items\":[{\"code\":\"seats\",\"quantity\":2}],\"proration_behavior\":\"none\"}"));

        assertThat(changed.get("items").get(0).get("quantity").asLong()).isEqualTo(2);
        assertThat(prorations(sub)).isEmpty();
    }

    @Test
    void a_quantity_change_to_the_current_quantities_changes_nothing() {
        String clock = createClock(key, APRIL_1);
        String sub = subscribe(customer("{\"test_clock\":\"" + clock + "\"}"), "team").get("id").asString();
        advance(key, clock, Instant.parse("2026-04-16T00:00:00Z"));

        ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"items\":[{\"code\":\"seats\",\"quantity\":1}]}"));

        assertThat(prorations(sub)).isEmpty();
        assertThat(ok(api.get("/v1/subscriptions/" + sub + "/billing-periods", key)).get("data")).hasSize(1);
    }

    // Entitlements

    @Test
    void a_customer_lists_the_features_of_its_subscription() {
        String clock = createClock(key, APRIL_1);
        String customer = customer("{\"external_id\":\"acme\",\"test_clock\":\"" + clock + "\"}");
        String sub = subscribe(customer, "team").get("id").asString();

        JsonNode all = ok(api.get("/v1/customers/acme/entitlements", key)).get("data");

        assertThat(all).extracting(e -> e.get("feature_code").asString()).containsExactly("api_calls", "projects", "sso");
        JsonNode apiCalls = all.get(0);
        assertThat(apiCalls.get("type").asString()).isEqualTo("limit");
        assertThat(apiCalls.get("limit").asString()).isEqualTo("1000");
        assertThat(apiCalls.get("resets_at").asString()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(all.get(2).get("allowed").asBoolean()).isTrue();
        assertThat(all.get(2).get("customer_id").asString()).isEqualTo(customer);
        assertThat(all.get(2).get("subscription_ids")).extracting(JsonNode::asString).containsExactly(sub);
    }

    @Test
    void a_feature_no_subscription_grants_is_not_allowed() {
        String customer = customer();
        subscribe(customer, "team");

        ApiResponse decision = api.get("/v1/customers/" + customer + "/entitlements/white_label", key);

        assertThat(decision.status()).as(decision.toString()).isEqualTo(200);
        assertThat(decision.json().get("allowed").asBoolean()).isFalse();
        assertThat(decision.field("customer_id")).isEqualTo(customer);
        assertThat(decision.json().get("subscription_ids")).isEmpty();
    }

    @Test
    void a_customer_without_subscriptions_has_no_entitlements() {
        String customer = customer();

        assertThat(ok(api.get("/v1/customers/" + customer + "/entitlements", key)).get("data")).isEmpty();
        assertThat(ok(api.get("/v1/customers/" + customer + "/entitlements/sso", key)).get("allowed").asBoolean()).isFalse();
    }

    @Test
    void the_entitlements_of_an_unknown_customer_are_not_found() {
        assertRefused(api.get("/v1/customers/cus_01NOSUCH/entitlements/sso", key), 404, "resource_missing", "id");
        assertRefused(api.get("/v1/customers/no-such-ext/entitlements", key), 404, "resource_missing", "id");
    }

    @Test
    void a_subscription_lists_what_it_grants() {
        String customer = customer();
        String team = subscribe(customer, "team").get("id").asString();
        subscribe(customer, "addon");

        JsonNode granted = ok(api.get("/v1/subscriptions/" + team + "/entitlements", key)).get("data");

        assertThat(granted).extracting(e -> e.get("feature_code").asString()).containsExactly("api_calls", "projects", "sso");
        assertThat(granted.get(1).get("limit").asString()).as("this subscription's own limit, not the customer's total").isEqualTo("10");
    }

    @Test
    void two_subscriptions_granting_the_same_limit_add_up() {
        String customer = customer();
        String team = subscribe(customer, "team").get("id").asString();
        String addon = subscribe(customer, "addon").get("id").asString();

        JsonNode projects = ok(api.get("/v1/customers/" + customer + "/entitlements/projects", key));

        assertThat(projects.get("limit").asString()).isEqualTo("15");
        assertThat(projects.get("remaining").asString()).isEqualTo("15");
        assertThat(projects.get("allowed").asBoolean()).isTrue();
        assertThat(projects.get("subscription_ids")).extracting(JsonNode::asString).containsExactlyInAnyOrder(team, addon);
    }

    @Test
    void a_terminated_subscription_grants_nothing() {
        String customer = customer();
        String team = subscribe(customer, "team").get("id").asString();
        subscribe(customer, "addon");
        ok(api.post("/v1/subscriptions/" + team + "/cancel", key, "{\"timing\":\"immediately\"}"));

        JsonNode projects = ok(api.get("/v1/customers/" + customer + "/entitlements/projects", key));

        assertThat(projects.get("limit").asString()).isEqualTo("5");
        assertThat(ok(api.get("/v1/customers/" + customer + "/entitlements/sso", key)).get("allowed").asBoolean()).isFalse();
        assertThat(ok(api.get("/v1/subscriptions/" + team + "/entitlements", key)).get("data")).isEmpty();
    }

    // Payment methods

    @Test
    void the_first_payment_method_attached_becomes_the_default() {
        String customer = customer("{\"external_id\":\"acme\"}");

        JsonNode first = created(api.post("/v1/customers/acme/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"sandbox_success\",\"type\":\"card\"}"));
        JsonNode second = created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"tok_mastercard\",\"type\":\"card\"}"));

        assertThat(first.get("id").asString()).startsWith("pm_");
        assertThat(first.get("is_default").asBoolean()).isTrue();
        assertThat(second.get("is_default").asBoolean()).isFalse();
        assertThat(ok(api.get("/v1/customers/acme/payment-methods", key)).get("data")).hasSize(2);
        assertThat(eventTypes(key, customer).stream().filter("payment_method.attached"::equals)).hasSize(2);
    }

    @Test
    void a_payment_method_attached_as_default_replaces_the_default() {
        String customer = customer();
        String first = created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"sandbox_success\",\"type\":\"card\"}")).get("id").asString();

        JsonNode second = created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"tok_sepa\",\"type\":\"sepa_debit\",\"set_default\":true}"));

        assertThat(second.get("is_default").asBoolean()).isTrue();
        JsonNode methods = ok(api.get("/v1/customers/" + customer + "/payment-methods", key)).get("data");
        assertThat(methods.valueStream().filter(m -> m.get("is_default").asBoolean()).map(m -> m.get("id").asString()))
                .containsExactly(second.get("id").asString());
        assertThat(methods.valueStream().map(m -> m.get("id").asString())).contains(first);
    }

    @Test
    void a_card_number_as_provider_token_is_refused() {
        String customer = customer();

        ApiResponse refused = api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"4242 4242 4242 4242\",\"type\":\"card\"}");

        assertInvalid(refused, "provider_token");
        assertThat(refused.body()).doesNotContain("4242 4242");
        assertThat(ok(api.get("/v1/customers/" + customer + "/payment-methods", key)).get("data")).isEmpty();
    }

    @Test
    void a_card_number_with_dashes_as_provider_token_is_refused() {
        assertInvalid(api.post("/v1/customers/" + customer() + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"4000-0566-5566-5556\",\"type\":\"card\"}"), "provider_token");
    }

    @Test
    void a_detached_payment_method_is_no_longer_listed() {
        String customer = customer();
        String method = created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"sandbox_success\",\"type\":\"card\"}")).get("id").asString();

        JsonNode detached = ok(api.delete("/v1/customers/" + customer + "/payment-methods/" + method, key));

        assertThat(detached.get("detached_at").isNull()).isFalse();
        assertThat(detached.get("is_default").asBoolean()).isFalse();
        assertThat(ok(api.get("/v1/customers/" + customer + "/payment-methods", key)).get("data")).isEmpty();
        assertThat(eventTypes(key, customer)).contains("payment_method.detached");
        assertRefused(api.delete("/v1/customers/" + customer + "/payment-methods/pm_01NOSUCH", key), 404, "resource_missing", "id");
    }

    @Test
    void after_the_default_is_detached_the_next_one_attached_becomes_the_default() {
        String customer = customer();
        String method = created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"sandbox_success\",\"type\":\"card\"}")).get("id").asString();
        ok(api.delete("/v1/customers/" + customer + "/payment-methods/" + method, key));

        JsonNode next = created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"tok_amex\",\"type\":\"card\"}"));

        assertThat(next.get("is_default").asBoolean()).isTrue();
    }
}
