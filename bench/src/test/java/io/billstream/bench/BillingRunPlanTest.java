package io.billstream.bench;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BillingRunPlanTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void ten_events_bill_three_paid_api_calls_and_twelve_and_a_half_gigabytes_rounded_half_up() {
        // when
        List<BillingRunPlan.Line> lines = BillingRunPlan.periodEndLines(10);

        // then: 5 calls, 2 free, 3 × 0.35 = 1.05; 5 readings × 2.5 GB = 12.5 GB × 0.023 = 0.2875 → 0.29; fee 29.00
        assertThat(lines).containsExactly(
                new BillingRunPlan.Line("usage", "api_calls", 105),
                new BillingRunPlan.Line("usage", "storage_gb", 29),
                new BillingRunPlan.Line("base_fee", "", 2900));
        assertThat(BillingRunPlan.totalMinor(lines)).isEqualTo(3034);
    }

    @Test
    void calls_within_the_free_tier_bill_zero_and_one_reading_rounds_up_to_six_cents() {
        // when: 3 events are 2 calls (both free) and 1 reading of 2.5 GB × 0.023 = 0.0575
        List<BillingRunPlan.Line> lines = BillingRunPlan.periodEndLines(3);

        // then
        assertThat(lines).containsExactly(
                new BillingRunPlan.Line("usage", "api_calls", 0),
                new BillingRunPlan.Line("usage", "storage_gb", 6),
                new BillingRunPlan.Line("base_fee", "", 2900));
    }

    @Test
    void no_usage_leaves_zero_usage_lines_and_the_fee() {
        // when
        List<BillingRunPlan.Line> lines = BillingRunPlan.periodEndLines(0);

        // then
        assertThat(BillingRunPlan.totalMinor(lines)).isEqualTo(2900);
        assertThat(lines).hasSize(3);
    }

    @Test
    void the_first_invoice_bills_only_the_fee_in_advance() {
        // expect
        assertThat(BillingRunPlan.firstPeriodLines()).containsExactly(new BillingRunPlan.Line("base_fee", "", 2900));
    }

    @Test
    void the_plan_sent_to_the_server_has_the_prices_the_expected_lines_use() {
        // when
        JsonNode plan = JSON.readTree(BillingRunPlan.planJson());

        // then
        assertThat(plan.get("amount_minor").asLong()).isEqualTo(2900);
        assertThat(plan.get("fee_timing").asString()).isEqualTo("in_advance");
        JsonNode tiers = plan.get("charges").get(0).get("properties").get("tiers");
        assertThat(plan.get("charges").get(0).get("metric_code").asString()).isEqualTo("api_calls");
        assertThat(tiers.get(0).get("up_to").asString()).isEqualTo("2");
        assertThat(tiers.get(0).get("unit_price").asString()).isEqualTo("0");
        assertThat(tiers.get(1).get("unit_price").asString()).isEqualTo("0.35");
        assertThat(tiers.get(1).get("up_to").isNull()).isTrue();
        assertThat(plan.get("charges").get(1).get("metric_code").asString()).isEqualTo("storage_gb");
        assertThat(plan.get("charges").get(1).get("properties").get("unit_price").asString()).isEqualTo("0.023");
    }
}
