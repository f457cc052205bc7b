package io.billstream.catalog;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every invalid plan is refused with 400 naming the exact field at fault, and leaves nothing behind;
 * a subscription to a plan in another currency than the customer's is refused the same way.
 */
class PlanValidationIntegrationTest extends BillingIntegrationTest {

    private static final String USD_PLAN = """
            {"code":"usd","name":"USD plan","interval":"month","currency":"USD","amount_minor":1000}""";
    private static final String EUR_PLAN = """
            {"code":"eur","name":"EUR plan","interval":"month","currency":"EUR","amount_minor":1000}""";

    String key;

    @BeforeEach
    void catalog() {
        key = newTenant().adminKey();
        countMetric(key, "api_calls");
    }

    /** A monthly USD plan with code {@code bad}, plus {@code fields} (a JSON fragment starting with a comma, or empty). */
    private static String plan(String fields) {
        return "{\"code\":\"bad\",\"name\":\"Bad\",\"interval\":\"month\",\"currency\":\"USD\",\"amount_minor\":1000" + fields + "}";
    }

    private static String tieredCharge(String model, String tiers) {
        return ",\"charges\":[{\"metric_code\":\"api_calls\",\"charge_model\":\"" + model + "\",\"properties\":{\"tiers\":" + tiers + "}}]";
    }

    /** Creating {@code json} is refused naming {@code param}, and no plan {@code bad} exists afterwards. */
    private void assertCreateRefused(String json, String code, String param) {
        ApiResponse response = api.post("/v1/plans", key, json);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
        assertThat(api.get("/v1/plans/bad", key).status()).isEqualTo(404);
    }

    private void assertCreateRefused(String json, String param) {
        assertCreateRefused(json, "parameter_invalid", param);
    }

    private static void assertRefused(ApiResponse response, int status, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    @Test
    void a_valid_plan_is_created_at_version_1() {
        JsonNode created = createPlan(key, plan(tieredCharge("graduated", """
                [{"from":"0","up_to":"100","unit_price":"0.10"},{"from":"100","up_to":null,"unit_price":"0.05"}]""")));

        assertThat(created.get("code").asString()).isEqualTo("bad");
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.get("charges").get(0).get("properties").get("tiers")).hasSize(2);
    }

    // Tiers

    @Test
    void overlapping_graduated_tiers_name_the_tier_that_overlaps() {
        assertCreateRefused(plan(tieredCharge("graduated", """
                [{"from":"0","up_to":"100","unit_price":"0.10"},{"from":"50","up_to":null,"unit_price":"0.05"}]""")),
                "charges[0].properties.tiers[1].from");
    }

    @Test
    void overlapping_volume_tiers_name_the_tier_that_overlaps() {
        assertCreateRefused(plan(tieredCharge("volume", """
                [{"from":"0","up_to":"100","unit_price":"0.10"},{"from":"100","up_to":"1000","unit_price":"0.08"},
                 {"from":"999","up_to":null,"unit_price":"0.05"}]""")),
                "charges[0].properties.tiers[2].from");
    }

    @Test
    void gapped_tiers_name_the_tier_after_the_gap() {
        assertCreateRefused(plan(tieredCharge("graduated", """
                [{"from":"0","up_to":"100","unit_price":"0.10"},{"from":"150","up_to":null,"unit_price":"0.05"}]""")),
                "charges[0].properties.tiers[1].from");
    }

    @Test
    void a_bounded_last_tier_names_its_up_to() {
        assertCreateRefused(plan(tieredCharge("volume", """
                [{"from":"0","up_to":"100","unit_price":"0.10"},{"from":"100","up_to":"200","unit_price":"0.05"}]""")),
                "charges[0].properties.tiers[1].up_to");
    }

    @Test
    void a_tier_error_in_the_second_charge_names_that_charge() {
        assertCreateRefused(plan(",\"charges\":[" + """
                {"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.001"}},
                {"metric_code":"api_calls","charge_model":"graduated","properties":{"tiers":[
                  {"from":"0","up_to":"10","unit_price":"1"},{"from":"20","up_to":null,"unit_price":"0.5"}]}}]"""),
                "charges[1].properties.tiers[1].from");
    }

    // Prices and amounts

    @Test
    void a_negative_unit_price_in_a_charge_is_refused() {
        assertCreateRefused(plan("""
                ,"charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"-0.01"}}]"""),
                "charges[0].properties.unit_price");
    }

    @Test
    void a_negative_unit_price_of_a_recurring_item_is_refused() {
        assertCreateRefused(plan("""
                ,"recurring_items":[{"code":"seats","name":"Seats","unit_price":"-5.00"}]"""),
                "recurring_items[0].unit_price");
    }

    @Test
    void a_negative_amount_minor_is_refused() {
        assertCreateRefused("""
                {"code":"bad","name":"Bad","interval":"month","currency":"USD","amount_minor":-1}""", "amount_minor");
    }

    @Test
    void a_unit_price_with_more_than_12_decimal_places_is_refused() {
        assertCreateRefused(plan("""
                ,"charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.0000000000001"}}]"""),
                "charges[0].properties.unit_price");
    }

    @Test
    void an_item_price_with_more_than_12_decimal_places_is_refused() {
        assertCreateRefused(plan("""
                ,"one_time_items":[{"code":"setup","name":"Setup","unit_price":"20.0000000000001"}]"""),
                "one_time_items[0].unit_price");
    }

    @Test
    void a_unit_price_with_exactly_12_decimal_places_is_accepted() {
        JsonNode created = createPlan(key, plan("""
                ,"charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.000000000001"}}]"""));

        assertThat(created.get("charges").get(0).get("properties").get("unit_price").asString()).isEqualTo("0.000000000001");
    }

    // Metrics and models

    @Test
    void an_unknown_metric_in_a_charge_is_refused() {
        assertCreateRefused(plan("""
                ,"charges":[{"metric_code":"storage_gb","charge_model":"standard","properties":{"unit_price":"1"}}]"""),
                "charges[0].metric_code");
    }

    @Test
    void an_unknown_metric_in_a_feature_is_refused() {
        assertCreateRefused(plan("""
                ,"features":[{"code":"storage","type":"limit","limit":10,"reset":"period","metric_code":"storage_gb"}]"""),
                "features[0].metric_code");
    }

    @Test
    void a_metric_of_another_tenant_is_unknown() {
        String otherKey = newTenant().adminKey();
        countMetric(otherKey, "storage_gb");

        assertCreateRefused(plan("""
                ,"charges":[{"metric_code":"storage_gb","charge_model":"standard","properties":{"unit_price":"1"}}]"""),
                "charges[0].metric_code");
    }

    @Test
    void an_unknown_charge_model_is_refused() {
        assertCreateRefused(plan("""
                ,"charges":[{"metric_code":"api_calls","charge_model":"stairstep","properties":{"unit_price":"1"}}]"""),
                "charges[0].charge_model");
    }

    @Test
    void an_unknown_property_of_a_charge_model_is_refused() {
        assertCreateRefused(plan("""
                ,"charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_prize":"1"}}]"""),
                "charges[0].properties.unit_prize");
    }

    // Interval and currency

    @Test
    void an_unknown_interval_is_refused() {
        assertCreateRefused("""
                {"code":"bad","name":"Bad","interval":"fortnight","currency":"USD"}""", "interval");
    }

    @Test
    void an_interval_count_of_zero_is_refused() {
        assertCreateRefused("""
                {"code":"bad","name":"Bad","interval":"month","interval_count":0,"currency":"USD"}""", "interval_count");
    }

    @Test
    void an_interval_count_above_the_units_maximum_is_refused() {
        assertCreateRefused("""
                {"code":"bad","name":"Bad","interval":"month","interval_count":25,"currency":"USD"}""", "interval_count");
    }

    @Test
    void an_unknown_currency_is_refused() {
        assertCreateRefused("""
                {"code":"bad","name":"Bad","interval":"month","currency":"XYZ"}""", "currency");
    }

    // Items and features

    @Test
    void two_recurring_items_with_one_code_are_refused() {
        assertCreateRefused(plan("""
                ,"recurring_items":[{"code":"seats","name":"Seats","unit_price":"5"},{"code":"seats","name":"More seats","unit_price":"4"}]"""),
                "recurring_items[1].code");
    }

    @Test
    void a_one_time_item_with_the_code_of_a_recurring_item_is_refused() {
        assertCreateRefused(plan("""
                ,"recurring_items":[{"code":"seats","name":"Seats","unit_price":"5"}],
                 "one_time_items":[{"code":"seats","name":"Seat setup","unit_price":"20"}]"""),
                "one_time_items[0].code");
    }

    @Test
    void two_features_with_one_code_are_refused() {
        assertCreateRefused(plan("""
                ,"features":[{"code":"sso","type":"boolean","enabled":true},{"code":"sso","type":"boolean","enabled":false}]"""),
                "features[1].code");
    }

    @Test
    void a_limit_feature_without_a_limit_is_refused() {
        assertCreateRefused(plan("""
                ,"features":[{"code":"projects","type":"limit"}]"""),
                "features[0].limit");
    }

    @Test
    void a_feature_of_an_unknown_type_is_refused() {
        assertCreateRefused(plan("""
                ,"features":[{"code":"sso","type":"switch"}]"""),
                "features[0].type");
    }

    // The body as a whole

    @Test
    void an_unknown_top_level_field_is_refused() {
        assertCreateRefused(plan(",\"price\":1000"), "parameter_unknown", "price");
    }

    @Test
    void an_unknown_field_inside_an_item_is_refused() {
        assertCreateRefused(plan("""
                ,"recurring_items":[{"code":"seats","name":"Seats","unit_price":"5","quantity":3}]"""),
                "parameter_unknown", "recurring_items[0].quantity");
    }

    @Test
    void a_plan_code_already_taken_is_a_conflict() {
        createPlan(key, USD_PLAN);

        ApiResponse again = api.post("/v1/plans", key, USD_PLAN.replace("USD plan", "Another"));

        assertRefused(again, 409, "code_taken", "code");
        assertThat(ok(api.get("/v1/plans/usd", key)).get("name").asString()).isEqualTo("USD plan");
    }

    @Test
    void a_plan_code_is_taken_per_tenant_only() {
        createPlan(key, USD_PLAN);

        createPlan(newTenant().adminKey(), USD_PLAN);
    }

    @Test
    void a_refused_create_writes_nothing_and_leaves_the_code_free() {
        ApiResponse refused = api.post("/v1/plans", key, plan(tieredCharge("graduated", """
                [{"from":"0","up_to":"100","unit_price":"0.10"},{"from":"50","up_to":null,"unit_price":"0.05"}]""")));
        assertThat(refused.status()).isEqualTo(400);

        assertThat(api.get("/v1/plans/bad", key).status()).isEqualTo(404);
        assertThat(ok(api.get("/v1/plans?include_archived=true", key)).get("data")).isEmpty();
        assertThat(ok(api.get("/v1/billing-events?type=plan.*", key)).get("data")).isEmpty();
        assertThat(createPlan(key, plan("")).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void a_refused_update_changes_nothing() {
        createPlan(key, USD_PLAN);

        ApiResponse refused = api.patch("/v1/plans/usd", key, """
                {"amount_minor":2000,"recurring_items":[{"code":"seats","name":"Seats","unit_price":"-1"}]}""");

        assertRefused(refused, 400, "parameter_invalid", "recurring_items[0].unit_price");
        JsonNode plan = ok(api.get("/v1/plans/usd", key));
        assertThat(plan.get("amount_minor").asLong()).isEqualTo(1000);
        assertThat(plan.get("recurring_items")).isEmpty();
        assertThat(ok(api.get("/v1/billing-events?type=plan.updated", key)).get("data")).isEmpty();
    }

    @Test
    void a_plan_code_that_looks_like_a_plan_id_is_refused() {
        // Plans are addressed by ID or code, and anything starting with plan_ is read as an ID.
        ApiResponse refused = api.post("/v1/plans", key, USD_PLAN.replace("\"usd\"", "\"plan_usd\""));

        assertRefused(refused, 400, "parameter_invalid", "code");
        assertThat(ok(api.get("/v1/plans?include_archived=true", key)).get("data")).isEmpty();
    }

    @Test
    void a_plan_code_cannot_change() {
        createPlan(key, USD_PLAN);

        assertRefused(api.patch("/v1/plans/usd", key, "{\"code\":\"dollars\"}"), 400, "parameter_invalid", "code");
    }

    // Currency of the customer

    @Test
    void a_customer_billed_in_eur_cannot_subscribe_to_a_usd_plan() {
        createPlan(key, USD_PLAN);
        String customer = created(api.post("/v1/customers", key, "{\"currency\":\"EUR\"}")).get("id").asString();

        ApiResponse refused = api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"usd\"}");

        assertRefused(refused, 400, "parameter_invalid", "plan_code");
        assertThat(ok(api.get("/v1/subscriptions?customer_id=" + customer, key)).get("data")).isEmpty();
    }

    @Test
    void a_customer_subscribed_in_usd_cannot_subscribe_to_a_eur_plan() {
        createPlan(key, USD_PLAN);
        createPlan(key, EUR_PLAN);
        String customer = created(api.post("/v1/customers", key, "{}")).get("id").asString();
        created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"usd\"}"));

        ApiResponse refused = api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"eur\"}");

        assertRefused(refused, 400, "parameter_invalid", "plan_code");
        assertThat(ok(api.get("/v1/subscriptions?customer_id=" + customer, key)).get("data")).hasSize(1);
    }

    @Test
    void a_customer_whose_usd_subscription_ended_may_subscribe_in_eur() {
        createPlan(key, USD_PLAN);
        createPlan(key, EUR_PLAN);
        String customer = created(api.post("/v1/customers", key, "{}")).get("id").asString();
        String usd = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"usd\"}"))
                .get("id").asString();
        ok(api.post("/v1/subscriptions/" + usd + "/cancel", key, "{\"timing\":\"immediately\"}"));

        JsonNode eur = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"eur\"}"));

        assertThat(eur.get("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void a_refused_subscription_does_not_freeze_the_plan_version() {
        createPlan(key, USD_PLAN);
        String customer = created(api.post("/v1/customers", key, "{\"currency\":\"EUR\"}")).get("id").asString();
        assertThat(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"usd\"}").status())
                .isEqualTo(400);

        // Still unused: a price change rewrites version 1 instead of making version 2.
        JsonNode patched = ok(api.patch("/v1/plans/usd", key, "{\"amount_minor\":1200}"));

        assertThat(patched.get("version").asInt()).isEqualTo(1);
        assertThat(ok(api.get("/v1/plans/usd/versions", key)).get("data")).hasSize(1);
    }
}
