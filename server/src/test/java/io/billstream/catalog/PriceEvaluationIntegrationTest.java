package io.billstream.catalog;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PriceEvaluationIntegrationTest extends IntegrationTest {

    private static final String PATH = "/v1/prices/evaluate";

    private ApiResponse evaluate(String json) {
        return api.post(PATH, newTenant().adminKey(), json);
    }

    private static void assertRefused(ApiResponse response, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("code")).isEqualTo(code);
        assertThat(response.field("param")).isEqualTo(param);
    }

    @Test
    void standard_price_is_units_times_unit_price() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"0.002"},"currency":"USD","quantity":"150"}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("object").asString()).isEqualTo("price_evaluation");
        assertThat(body.get("charge_model").asString()).isEqualTo("standard");
        assertThat(body.get("currency").asString()).isEqualTo("USD");
        assertThat(body.get("quantity").asString()).isEqualTo("150");
        assertThat(body.get("amount").asString()).isEqualTo("0.3");
        assertThat(body.get("amount_minor").asLong()).isEqualTo(30);
        assertThat(body.get("minimum_adjustment").asString()).isEqualTo("0");
        assertThat(body.get("breakdown").get(0).get("type").asString()).isEqualTo("units");
        assertThat(body.get("breakdown").get(0).get("amount").asString()).isEqualTo("0.3");
    }

    @Test
    void graduated_price_shows_each_tier_entered() {
        ApiResponse response = evaluate("""
                {"charge_model":"graduated","currency":"USD","quantity":"150","properties":{"tiers":[
                  {"from":"0","up_to":"100","unit_price":"0.10"},
                  {"from":"100","up_to":null,"unit_price":"0.05","flat_fee":"5"}]}}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("amount").asString()).isEqualTo("17.5");
        assertThat(body.get("amount_minor").asLong()).isEqualTo(1750);
        JsonNode second = body.get("breakdown").get(1);
        assertThat(second.get("tier").asInt()).isEqualTo(2);
        assertThat(second.get("up_to").isNull()).isTrue();
        assertThat(second.get("units").asString()).isEqualTo("50");
        assertThat(second.get("flat_fee").asString()).isEqualTo("5");
        assertThat(second.get("amount").asString()).isEqualTo("7.5");
    }

    @Test
    void volume_price_bills_all_units_at_the_tier_the_total_falls_in() {
        ApiResponse response = evaluate("""
                {"charge_model":"volume","currency":"USD","quantity":"101","properties":{"tiers":[
                  {"from":"0","up_to":"100","unit_price":"0.10"},
                  {"from":"100","up_to":null,"unit_price":"0.05","flat_fee":"5"}]}}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.field("amount")).isEqualTo("10.05");
        assertThat(response.json().get("breakdown")).hasSize(1);
        assertThat(response.json().get("breakdown").get(0).get("tier").asInt()).isEqualTo(2);
    }

    @Test
    void package_price_counts_started_blocks() {
        ApiResponse response = evaluate("""
                {"charge_model":"package","currency":"USD","quantity":101,
                 "properties":{"package_size":"100","package_price":"5.00","free_units":"0"}}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.field("amount")).isEqualTo("10");
        JsonNode packages = response.json().get("breakdown").get(0);
        assertThat(packages.get("type").asString()).isEqualTo("packages");
        assertThat(packages.get("packages").asString()).isEqualTo("2");
    }

    @Test
    void percentage_price_charges_each_event_within_its_bounds() {
        ApiResponse response = evaluate("""
                {"charge_model":"percentage","currency":"USD","event_amounts":[10, 100.50, "1000"],
                 "properties":{"rate":"2.5","fixed_fee_per_event":"0.10","free_events":0,"per_event_min":"0.50","per_event_max":"10"}}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        // 0.35 → 0.50; 2.5125 + 0.10 = 2.6125; 25.10 → 10
        assertThat(body.get("amount").asString()).isEqualTo("13.1125");
        assertThat(body.get("amount_minor").asLong()).isEqualTo(1311);
        assertThat(body.get("quantity").asString()).isEqualTo("1110.5");
        JsonNode events = body.get("breakdown").get(0);
        assertThat(events.get("events").asInt()).isEqualTo(3);
        assertThat(events.get("per_event_min_adjustment").asString()).isEqualTo("0.15");
        assertThat(events.get("per_event_max_adjustment").asString()).isEqualTo("-15.1");
    }

    @Test
    void the_evaluation_is_available_as_xml() {
        ApiResponse response = api.post(PATH, newTenant().adminKey(), """
                {"charge_model":"graduated","currency":"USD","quantity":"150","properties":{"tiers":[
                  {"from":"0","up_to":"100","unit_price":"0.10"},
                  {"from":"100","up_to":null,"unit_price":"0.05","flat_fee":"5"}]}}""", "Accept", "application/xml");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/xml");
        assertThat(response.body()).startsWith("<price_evaluation>").contains("<amount>17.5</amount>")
                .contains("<amount_minor>1750</amount_minor>").contains("<tier>2</tier>");
    }

    @Test
    void a_json_number_is_priced_exactly_not_as_a_double() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":3},"currency":"USD","quantity":0.1}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.field("amount")).isEqualTo("0.3");
    }

    @Test
    void a_minimum_is_billed_even_without_usage() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"USD","quantity":"0","min_amount":"25"}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.field("amount")).isEqualTo("25");
        assertThat(response.field("minimum_adjustment")).isEqualTo("25");
        assertThat(response.json().get("amount_minor").asLong()).isEqualTo(2500);
    }

    @Test
    void amount_minor_rounds_half_up_to_cents() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"0.125"},"currency":"USD","quantity":"1"}""");

        assertThat(response.field("amount")).isEqualTo("0.125");
        assertThat(response.json().get("amount_minor").asLong()).isEqualTo(13);
    }

    @Test
    void amount_minor_rounds_half_up_to_whole_yen() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"0.5"},"currency":"JPY","quantity":"25"}""");

        assertThat(response.field("amount")).isEqualTo("12.5");
        assertThat(response.json().get("amount_minor").asLong()).isEqualTo(13);
    }

    @Test
    void amount_minor_rounds_half_up_to_thousandths_of_a_dinar() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"0.0005"},"currency":"KWD","quantity":"2001"}""");

        assertThat(response.field("amount")).isEqualTo("1.0005");
        assertThat(response.json().get("amount_minor").asLong()).isEqualTo(1001);
    }

    @Test
    void a_gap_between_tiers_is_a_400_naming_the_tier() {
        ApiResponse response = evaluate("""
                {"charge_model":"graduated","currency":"USD","quantity":"1","properties":{"tiers":[
                  {"from":"0","up_to":"100","unit_price":"1"},{"from":"150","up_to":null,"unit_price":"1"}]}}""");

        assertRefused(response, "parameter_invalid", "properties.tiers[1].from");
        assertThat(response.field("detail")).contains("gap");
    }

    @Test
    void an_unknown_model_is_a_400_naming_charge_model() {
        ApiResponse response = evaluate("""
                {"charge_model":"tiered","properties":{},"currency":"USD","quantity":"1"}""");

        assertRefused(response, "parameter_invalid", "charge_model");
    }

    @Test
    void a_missing_quantity_is_a_400_naming_quantity() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"USD"}""");

        assertRefused(response, "parameter_missing", "quantity");
    }

    @Test
    void percentage_without_event_amounts_is_a_400_naming_event_amounts() {
        ApiResponse response = evaluate("""
                {"charge_model":"percentage","properties":{"rate":"2.5"},"currency":"USD","quantity":"100"}""");

        assertRefused(response, "parameter_missing", "event_amounts");
    }

    @Test
    void a_negative_price_is_a_400_naming_the_property() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"-0.01"},"currency":"USD","quantity":"1"}""");

        assertRefused(response, "parameter_invalid", "properties.unit_price");
    }

    @Test
    void an_unknown_property_is_a_400_naming_it() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1","unit_cost":"1"},"currency":"USD","quantity":"1"}""");

        assertRefused(response, "parameter_invalid", "properties.unit_cost");
    }

    @Test
    void a_quantity_that_is_not_a_decimal_is_a_400_naming_quantity() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"USD","quantity":"abc"}""");

        assertRefused(response, "parameter_invalid", "quantity");
    }

    @Test
    void a_lower_case_or_unknown_currency_is_a_400_naming_currency() {
        assertRefused(evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"usd","quantity":"1"}"""),
                "parameter_invalid", "currency");
        assertRefused(evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"XYZ","quantity":"1"}"""),
                "parameter_invalid", "currency");
    }

    @Test
    void an_unknown_top_level_field_is_a_400_naming_it() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"USD","quantity":"1","qty":"1"}""");

        assertRefused(response, "parameter_unknown", "qty");
    }

    @Test
    void an_amount_too_large_for_minor_units_is_a_400_not_an_overflow() {
        ApiResponse response = evaluate("""
                {"charge_model":"standard","properties":{"unit_price":"1000000"},"currency":"USD","quantity":"1000000000000000"}""");

        assertRefused(response, "parameter_invalid", "quantity");
    }

    @Test
    void a_billing_read_key_may_evaluate_prices() {
        String readOnly = apiKey(newTenant().adminKey(), "billing:read");

        ApiResponse response = api.post(PATH, readOnly, """
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"USD","quantity":"1"}""");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void a_key_without_billing_read_is_forbidden() {
        String usageOnly = apiKey(newTenant().adminKey(), "usage:write");

        ApiResponse response = api.post(PATH, usageOnly, """
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"USD","quantity":"1"}""");

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void without_a_key_the_answer_is_401() {
        ApiResponse response = api.post(PATH, null, """
                {"charge_model":"standard","properties":{"unit_price":"1"},"currency":"USD","quantity":"1"}""");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.field("code")).isEqualTo("authentication_required");
    }
}
