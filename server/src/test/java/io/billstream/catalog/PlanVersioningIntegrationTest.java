package io.billstream.catalog;

import java.time.Instant;
import java.util.List;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plan versions: terms are rewritten in place until a subscription uses them, then a change makes
 * the next version; subscriptions stay on theirs until moved. Archiving plans and billable metrics.
 */
class PlanVersioningIntegrationTest extends BillingIntegrationTest {

    private static final String PRO = """
            {"code":"pro","name":"Pro","description":"For teams","interval":"month","currency":"USD","amount_minor":1000,
             "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.001"}}],
             "recurring_items":[{"code":"seats","name":"Seats","unit_price":"5.00","default_quantity":1}]}""";

    String key;

    @BeforeEach
    void catalog() {
        key = newTenant().adminKey();
        countMetric(key, "api_calls");
    }

    private JsonNode plan(String path) {
        return ok(api.get("/v1/plans/" + path, key));
    }

    private JsonNode patch(String json) {
        return ok(api.patch("/v1/plans/pro", key, json));
    }

    private String customer() {
        return created(api.post("/v1/customers", key, "{}")).get("id").asString();
    }

    private JsonNode subscribe(String customer) {
        return created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"pro\"}"));
    }

    private JsonNode subscription(String id) {
        return ok(api.get("/v1/subscriptions/" + id, key));
    }

    private List<String> planEventTypes() {
        return ok(api.get("/v1/billing-events?order=asc&type=plan.*", key)).get("data").valueStream()
                .map(e -> e.get("type").asString()).toList();
    }

    private static void assertRefused(ApiResponse response, int status, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    // Versions

    @Test
    void a_new_plan_is_version_1() {
        JsonNode created = createPlan(key, PRO);

        assertThat(created.get("id").asString()).startsWith("plan_");
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(plan("pro").get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(plan(created.get("id").asString()).get("code").asString()).isEqualTo("pro");
    }

    @Test
    void a_price_change_before_any_subscriber_rewrites_version_1() {
        createPlan(key, PRO);

        JsonNode patched = patch("{\"amount_minor\":1500}");

        assertThat(patched.get("version").asInt()).isEqualTo(1);
        assertThat(patched.get("amount_minor").asLong()).isEqualTo(1500);
        JsonNode versions = plan("pro/versions").get("data");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("amount_minor").asLong()).isEqualTo(1500);
    }

    @Test
    void a_price_change_after_a_subscriber_makes_version_2_and_keeps_version_1() {
        createPlan(key, PRO);
        subscribe(customer());

        JsonNode patched = patch("{\"amount_minor\":2000}");

        assertThat(patched.get("version").asInt()).isEqualTo(2);
        assertThat(patched.get("amount_minor").asLong()).isEqualTo(2000);
        assertThat(plan("pro").get("version").asInt()).isEqualTo(2);
        JsonNode versions = plan("pro/versions").get("data");
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(2, 1);
        assertThat(versions).extracting(v -> v.get("amount_minor").asLong()).containsExactly(2000L, 1000L);
        assertThat(plan("pro/versions/1").get("amount_minor").asLong()).isEqualTo(1000);
        assertThat(plan("pro/versions/2").get("amount_minor").asLong()).isEqualTo(2000);
        assertThat(api.get("/v1/plans/pro/versions/3", key).status()).isEqualTo(404);
    }

    @Test
    void a_change_to_items_after_a_subscriber_makes_a_new_version_too() {
        createPlan(key, PRO);
        subscribe(customer());

        JsonNode patched = patch("{\"recurring_items\":[{\"code\":\"seats\",\"name\":\"Seats\",\"unit_price\":\"6.00\"}]}");

        assertThat(patched.get("version").asInt()).isEqualTo(2);
        assertThat(plan("pro/versions/1").get("recurring_items").get(0).get("unit_price").asString()).isEqualTo("5");
        assertThat(plan("pro/versions/2").get("recurring_items").get(0).get("unit_price").asString()).isEqualTo("6");
        // The fields not sent are kept.
        assertThat(patched.get("amount_minor").asLong()).isEqualTo(1000);
        assertThat(patched.get("charges")).hasSize(1);
    }

    @Test
    void existing_subscriptions_keep_their_version_and_new_ones_get_the_current_one() {
        createPlan(key, PRO);
        String first = subscribe(customer()).get("id").asString();
        patch("{\"amount_minor\":2000}");

        JsonNode second = subscribe(customer());

        assertThat(subscription(first).get("plan_version").asInt()).isEqualTo(1);
        assertThat(second.get("plan_version").asInt()).isEqualTo(2);
        assertThat(ok(api.get("/v1/subscriptions/" + first + "/renewal", key)).get("amount_minor").asLong())
                .as("the renewal of version 1 bills version 1's fee and one seat").isEqualTo(1000 + 500);
    }

    @Test
    void a_change_to_version_2_after_it_has_subscribers_makes_version_3() {
        createPlan(key, PRO);
        subscribe(customer());
        patch("{\"amount_minor\":2000}");
        subscribe(customer());

        JsonNode patched = patch("{\"amount_minor\":2500}");

        assertThat(patched.get("version").asInt()).isEqualTo(3);
        assertThat(plan("pro/versions").get("data")).extracting(v -> v.get("amount_minor").asLong())
                .containsExactly(2500L, 2000L, 1000L);
    }

    @Test
    void a_version_without_subscribers_is_rewritten_even_after_earlier_ones_were_used() {
        createPlan(key, PRO);
        subscribe(customer());
        patch("{\"amount_minor\":2000}");

        JsonNode patched = patch("{\"amount_minor\":2200}");

        assertThat(patched.get("version").asInt()).isEqualTo(2);
        assertThat(plan("pro/versions").get("data")).extracting(v -> v.get("amount_minor").asLong()).containsExactly(2200L, 1000L);
    }

    @Test
    void change_plan_without_a_plan_code_changes_quantities_and_keeps_the_version() {
        createPlan(key, PRO);
        String sub = subscribe(customer()).get("id").asString();
        patch("{\"amount_minor\":2000}");

        JsonNode changed = ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key,
                "{\"items\":[{\"code\":\"seats\",\"quantity\":3}]}"));

        assertThat(changed.get("plan_version").asInt()).as("a seat change is not a migration").isEqualTo(1);
        assertThat(subscription(sub).get("plan_version").asInt()).isEqualTo(1);
        assertThat(changed.get("items").get(0).get("quantity").asLong()).isEqualTo(3);
    }

    @Test
    void change_plan_to_the_same_plan_code_moves_a_subscription_to_the_current_version() {
        createPlan(key, PRO);
        String sub = subscribe(customer()).get("id").asString();
        patch("{\"amount_minor\":2000}");

        JsonNode moved = ok(api.post("/v1/subscriptions/" + sub + "/change-plan", key, "{\"plan_code\":\"pro\"}"));

        assertThat(moved.get("plan_version").asInt()).isEqualTo(2);
        JsonNode periods = ok(api.get("/v1/subscriptions/" + sub + "/billing-periods", key)).get("data");
        assertThat(periods).hasSize(2);
        assertThat(periods.get(0).get("closed_reason").asString()).isEqualTo("plan_change");
        assertThat(periods.get(1).get("status").asString()).isEqualTo("open");
    }

    @Test
    void change_plan_on_a_subscription_already_on_the_current_version_changes_nothing() {
        createPlan(key, PRO);
        JsonNode sub = subscribe(customer());

        JsonNode same = ok(api.post("/v1/subscriptions/" + sub.get("id").asString() + "/change-plan", key, "{}"));

        assertThat(same.get("plan_version").asInt()).isEqualTo(1);
        assertThat(same.get("updated_at").asString()).isEqualTo(sub.get("updated_at").asString());
        assertThat(ok(api.get("/v1/subscriptions/" + sub.get("id").asString() + "/pending-items", key)).get("data")).isEmpty();
    }

    @Test
    void renaming_a_plan_makes_no_new_version() {
        createPlan(key, PRO);
        subscribe(customer());

        JsonNode renamed = patch("{\"name\":\"Pro 2026\",\"description\":\"For bigger teams\"}");

        assertThat(renamed.get("version").asInt()).isEqualTo(1);
        assertThat(renamed.get("name").asString()).isEqualTo("Pro 2026");
        assertThat(renamed.get("description").asString()).isEqualTo("For bigger teams");
        assertThat(plan("pro/versions").get("data")).hasSize(1);
        assertThat(plan("pro").get("name").asString()).isEqualTo("Pro 2026");
    }

    @Test
    void a_patch_repeating_the_current_terms_makes_no_new_version_and_no_event() {
        createPlan(key, PRO);
        subscribe(customer());

        JsonNode same = patch("{\"amount_minor\":1000,\"currency\":\"USD\"}");

        assertThat(same.get("version").asInt()).isEqualTo(1);
        assertThat(planEventTypes()).containsExactly("plan.created");
    }

    @Test
    void plan_events_record_creation_and_every_change() {
        createPlan(key, PRO);
        subscribe(customer());
        patch("{\"name\":\"Pro+\"}");
        patch("{\"amount_minor\":2000}");

        assertThat(planEventTypes()).containsExactly("plan.created", "plan.updated", "plan.updated");
        JsonNode latest = ok(api.get("/v1/billing-events?type=plan.updated", key)).get("data").get(0);
        assertThat(latest.get("data").get("object").get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("data").get("object").get("amount_minor").asLong()).isEqualTo(2000);
    }

    // Archiving plans

    @Test
    void an_archived_plan_refuses_new_subscriptions() {
        createPlan(key, PRO);

        JsonNode archived = ok(api.delete("/v1/plans/pro", key));

        assertThat(archived.get("archived_at").isNull()).isFalse();
        ApiResponse refused = api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer() + "\",\"plan_code\":\"pro\"}");
        assertRefused(refused, 400, "parameter_invalid", "plan_code");
        assertThat(ok(api.get("/v1/plans", key)).get("data")).isEmpty();
        assertThat(ok(api.get("/v1/plans?include_archived=true", key)).get("data")).hasSize(1);
        assertThat(planEventTypes()).containsExactly("plan.created", "plan.updated");
    }

    @Test
    void an_archived_plan_cannot_be_changed() {
        createPlan(key, PRO);
        ok(api.delete("/v1/plans/pro", key));

        ApiResponse refused = api.patch("/v1/plans/pro", key, "{\"amount_minor\":2000}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.field("code")).isEqualTo("plan_archived");
        assertThat(plan("pro").get("amount_minor").asLong()).isEqualTo(1000);
    }

    @Test
    void archiving_a_plan_keeps_its_subscriptions_running_and_renewing() {
        createPlan(key, PRO);
        String clock = createClock(key, Instant.parse("2026-04-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        String sub = subscribe(customer).get("id").asString();

        ok(api.delete("/v1/plans/pro", key));
        advance(key, clock, Instant.parse("2026-05-01T00:00:00Z"));

        JsonNode renewed = subscription(sub);
        assertThat(renewed.get("status").asString()).isEqualTo("active");
        assertThat(renewed.get("plan_version").asInt()).isEqualTo(1);
        assertThat(renewed.get("current_period_start").asString()).isEqualTo("2026-05-01T00:00:00Z");
        assertThat(eventTypes(key, customer)).contains("subscription.renewed");
    }

    // Billable metrics

    @Test
    void a_metric_is_created_and_retrieved_by_code() {
        JsonNode created = created(api.post("/v1/billable-metrics", key, """
                {"code":"storage_gb","name":"Storage","aggregation":"max","field_name":"gb","group_by":["region"]}"""));

        JsonNode byCode = ok(api.get("/v1/billable-metrics/storage_gb", key));

        assertThat(created.get("id").asString()).startsWith("bm_");
        assertThat(byCode.get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(byCode.get("aggregation").asString()).isEqualTo("max");
        assertThat(byCode.get("field_name").asString()).isEqualTo("gb");
        assertThat(byCode.get("group_by").get(0).asString()).isEqualTo("region");
        assertThat(ok(api.get("/v1/billable-metrics/" + created.get("id").asString(), key)).get("code").asString())
                .isEqualTo("storage_gb");
    }

    @Test
    void a_metric_code_already_taken_is_a_conflict() {
        ApiResponse duplicate = api.post("/v1/billable-metrics", key, "{\"code\":\"api_calls\",\"name\":\"Again\",\"aggregation\":\"count\"}");

        assertRefused(duplicate, 409, "code_taken", "code");
        assertThat(ok(api.get("/v1/billable-metrics/api_calls", key)).get("name").asString()).isEqualTo("api_calls");
    }

    @Test
    void a_metric_code_that_looks_like_a_metric_id_is_refused() {
        // Metrics are addressed by ID or code, and anything starting with bm_ is read as an ID.
        ApiResponse refused = api.post("/v1/billable-metrics", key, "{\"code\":\"bm_calls\",\"name\":\"Calls\",\"aggregation\":\"count\"}");

        assertRefused(refused, 400, "parameter_invalid", "code");
        assertThat(ok(api.get("/v1/billable-metrics", key)).get("data")).hasSize(1);
    }

    @Test
    void a_sum_metric_needs_a_field_name() {
        ApiResponse refused = api.post("/v1/billable-metrics", key, "{\"code\":\"gb\",\"name\":\"GB\",\"aggregation\":\"sum\"}");

        assertRefused(refused, 400, "parameter_invalid", "field_name");
        assertThat(api.get("/v1/billable-metrics/gb", key).status()).isEqualTo(404);
    }

    @Test
    void an_unknown_aggregation_is_refused() {
        ApiResponse refused = api.post("/v1/billable-metrics", key, "{\"code\":\"gb\",\"name\":\"GB\",\"aggregation\":\"average\"}");

        assertRefused(refused, 400, "parameter_invalid", "aggregation");
    }

    @Test
    void an_archived_metric_is_refused_in_a_new_plan_charge() {
        JsonNode archived = ok(api.delete("/v1/billable-metrics/api_calls", key));

        ApiResponse refused = api.post("/v1/plans", key, PRO);

        assertThat(archived.get("archived_at").isNull()).isFalse();
        assertRefused(refused, 400, "parameter_invalid", "charges[0].metric_code");
        assertThat(ok(api.get("/v1/billable-metrics", key)).get("data")).isEmpty();
        assertThat(ok(api.get("/v1/billable-metrics?include_archived=true", key)).get("data")).hasSize(1);
    }

    @Test
    void a_plan_pricing_a_metric_archived_since_can_still_be_renamed() {
        createPlan(key, PRO);
        ok(api.delete("/v1/billable-metrics/api_calls", key));

        JsonNode renamed = patch("{\"name\":\"Pro (legacy)\"}");

        assertThat(renamed.get("name").asString()).isEqualTo("Pro (legacy)");
        assertThat(renamed.get("charges").get(0).get("metric_code").asString()).isEqualTo("api_calls");
    }

    @Test
    void an_archived_metric_is_refused_in_a_charge_added_by_a_patch() {
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":1000}""");
        ok(api.delete("/v1/billable-metrics/api_calls", key));

        ApiResponse refused = api.patch("/v1/plans/pro", key, """
                {"charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.001"}}]}""");

        assertRefused(refused, 400, "parameter_invalid", "charges[0].metric_code");
        assertThat(plan("pro").get("charges")).isEmpty();
    }
}
