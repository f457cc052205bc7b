package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Immediate plan changes in February 2026 (28 days): the next invoice carries the proration credit
 * and charge, and the usage of each stretch priced by its own plan version. A change of billing
 * interval starts a new cycle and is invoiced at the change.
 */
class PlanChangeInvoicesIntegrationTest extends InvoicingIntegrationTest {

    static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");
    static final Instant MAR_1 = Instant.parse("2026-03-01T00:00:00Z");

    String customer;
    String subscription;

    @BeforeEach
    void catalog() {
        tenantAt(FEB_1);
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"basic","name":"Basic","interval":"month","currency":"USD","amount_minor":1000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}}]}""");
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":3000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.05"}}]}""");
        createPlan(key, """
                {"code":"annual","name":"Annual","interval":"year","currency":"USD","amount_minor":12000}""");
        customer = customer("acme", "USD", "");
    }

    @Test
    void an_upgrade_halfway_credits_the_old_fee_charges_the_new_one_and_prices_each_stretch_by_its_plan() {
        subscription = subscribe("acme", "basic", "");
        advanceTo(Instant.parse("2026-02-15T00:00:00Z"));
        assertThat(lines(invoices(customer).getFirst())).containsExactly("base_fee|basic base fee|1|10|1000");
        events("basic", 4, "acme", "api_calls", Instant.parse("2026-02-10T00:00:00Z"));

        ok(api.post("/v1/subscriptions/" + subscription + "/change-plan", key, "{\"plan_code\":\"pro\"}"));
        advanceTo(Instant.parse("2026-02-20T00:00:00Z"));
        events("pro", 6, "acme", "api_calls", Instant.parse("2026-02-16T00:00:00Z"));
        // The change itself bills nothing: its prorations wait for the next billing date.
        assertThat(invoices(customer)).hasSize(1);
        JsonNode upcoming = ok(api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key));

        advanceTo(MAR_1.plusSeconds(3600));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        JsonNode march = invoices.get(1);
        // 4 calls on Basic × 0.10 = 0.40; 6 calls on Pro × 0.05 = 0.30; March on Pro: 30.00;
        // 14 of 28 days: Basic's unused half −5.00, Pro's remaining half +15.00. 40.70 in all.
        String stretch = " (2026-02-15T00:00:00Z to 2026-03-01T00:00:00Z) (plan change)";
        assertThat(lines(march)).containsExactly(
                "usage|api_calls|4|0.1|40",
                "usage|api_calls|6|0.05|30",
                "base_fee|pro base fee|1|30|3000",
                "proration|Unused time: basic base fee" + stretch + "|1|10|-500",
                "proration|Remaining time: pro base fee" + stretch + "|1|30|1500");
        assertThat(march.get("total_minor").asLong()).isEqualTo(4070);
        assertThat(march.get("billing_date").asString()).isEqualTo("2026-03-01T00:00:00Z");
        // The dry run of 20 February showed what the run then made.
        assertThat(lines(upcoming)).isEqualTo(lines(march));
        assertThat(upcoming.get("billing_date").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(upcoming.get("total_minor").asLong()).isEqualTo(4070);
        JsonNode basicUsage = march.get("lines").get(0);
        JsonNode proUsage = march.get("lines").get(1);
        assertThat(basicUsage.get("service_start").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(basicUsage.get("service_end").asString()).isEqualTo("2026-02-15T00:00:00Z");
        assertThat(proUsage.get("service_start").asString()).isEqualTo("2026-02-15T00:00:00Z");
        assertThat(proUsage.get("service_end").asString()).isEqualTo("2026-03-01T00:00:00Z");
    }

    @Test
    void a_downgrade_late_in_the_period_credits_more_than_it_charges() {
        subscription = subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-02-21T00:00:00Z"));
        events("pro", 4, "acme", "api_calls", Instant.parse("2026-02-05T00:00:00Z"));
        ok(api.post("/v1/subscriptions/" + subscription + "/change-plan", key, "{\"plan_code\":\"basic\"}"));
        advanceTo(Instant.parse("2026-02-25T00:00:00Z"));
        events("basic", 6, "acme", "api_calls", Instant.parse("2026-02-22T00:00:00Z"));

        advanceTo(MAR_1.plusSeconds(3600));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        assertThat(lines(invoices.get(0))).containsExactly("base_fee|pro base fee|1|30|3000");
        JsonNode march = invoices.get(1);
        // 8 of 28 days remain: Pro's 30.00 × 8/28 = 8.5714… → −8.57; Basic's 10.00 × 8/28 = 2.8571… → 2.86.
        // Usage: 4 × 0.05 on Pro = 0.20, 6 × 0.10 on Basic = 0.60; March on Basic 10.00. 0.20 + 0.60 + 10.00 − 8.57 + 2.86 = 5.09.
        String stretch = " (2026-02-21T00:00:00Z to 2026-03-01T00:00:00Z) (plan change)";
        assertThat(lines(march)).containsExactly(
                "usage|api_calls|4|0.05|20",
                "usage|api_calls|6|0.1|60",
                "base_fee|basic base fee|1|10|1000",
                "proration|Unused time: pro base fee" + stretch + "|1|30|-857",
                "proration|Remaining time: basic base fee" + stretch + "|1|10|286");
        assertThat(march.get("total_minor").asLong()).isEqualTo(509);
        assertThat(march.get("amount_due_minor").asLong()).isEqualTo(509);
    }

    @Test
    void a_change_of_billing_interval_is_invoiced_at_the_change() {
        subscription = subscribe("acme", "basic", "");
        advanceTo(Instant.parse("2026-02-15T00:00:00Z"));
        events("basic", 4, "acme", "api_calls", Instant.parse("2026-02-10T00:00:00Z"));

        ok(api.post("/v1/subscriptions/" + subscription + "/change-plan", key, "{\"plan_code\":\"annual\"}"));
        advanceTo(Instant.parse("2026-02-15T01:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        JsonNode change = invoices.get(1);
        // The new yearly cycle starts at the change and is billed in full (120.00, no "remaining time"),
        // Basic's unused half is credited (−5.00), and Basic's stretch's usage is billed: 4 × 0.10.
        assertThat(change.get("billing_date").asString()).isEqualTo("2026-02-15T00:00:00Z");
        assertThat(lines(change)).containsExactly(
                "usage|api_calls|4|0.1|40",
                "base_fee|annual base fee|1|120|12000",
                "proration|Unused time: basic base fee (2026-02-15T00:00:00Z to 2026-03-01T00:00:00Z) (plan change)|1|10|-500");
        assertThat(change.get("total_minor").asLong()).isEqualTo(11540);
        assertThat(change.get("period_start").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(change.get("period_end").asString()).isEqualTo("2027-02-15T00:00:00Z");

        // Nothing more is due on 1 March: the year has been paid for.
        advanceTo(MAR_1.plusSeconds(3600));
        assertThat(invoices(customer)).hasSize(2);
    }

    @Test
    void a_downgrade_at_the_period_end_bills_the_new_plan_from_the_renewal_as_previewed() {
        subscription = subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-02-10T00:00:00Z"));
        events("pro", 4, "acme", "api_calls", Instant.parse("2026-02-05T00:00:00Z"));
        ok(api.post("/v1/subscriptions/" + subscription + "/change-plan", key, "{\"plan_code\":\"basic\",\"timing\":\"period_end\"}"));
        JsonNode upcoming = ok(api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key));

        advanceTo(MAR_1.plusSeconds(3600));
        JsonNode march = invoices(customer).get(1);
        // February's usage at Pro's price (4 × 0.05), then March on Basic; nothing prorated.
        assertThat(lines(march)).containsExactly("usage|api_calls|4|0.05|20", "base_fee|basic base fee|1|10|1000");
        assertThat(lines(upcoming)).isEqualTo(lines(march));
        assertThat(upcoming.get("total_minor").asLong()).isEqualTo(1020);
    }

    @Test
    void more_seats_mid_period_are_charged_for_the_rest_of_it_then_billed_in_full() {
        createPlan(key, """
                {"code":"team","name":"Team","interval":"month","currency":"USD","amount_minor":1000,
                 "recurring_items":[{"code":"seats","name":"Seats","unit_price":"5.00","default_quantity":3}]}""");
        subscription = subscribe("acme", "team", "");
        advanceTo(Instant.parse("2026-02-15T00:00:00Z"));
        assertThat(lines(invoices(customer).getFirst())).containsExactly("base_fee|team base fee|1|10|1000",
                "recurring_item|Seats|3|5|1500");

        ok(api.post("/v1/subscriptions/" + subscription + "/change-plan", key, "{\"items\":[{\"code\":\"seats\",\"quantity\":5}]}"));
        advanceTo(MAR_1.plusSeconds(3600));

        JsonNode march = invoices(customer).get(1);
        // 2 more seats × 5.00 for 14 of 28 days = 5.00; March at 5 seats.
        assertThat(lines(march)).containsExactly("base_fee|team base fee|1|10|1000", "recurring_item|Seats|5|5|2500",
                "proration|Seats: quantity 3 → 5 for 2026-02-15T00:00:00Z to 2026-03-01T00:00:00Z|2|5|500");
        assertThat(march.get("total_minor").asLong()).isEqualTo(4000);
    }

    @Test
    void an_immediate_cancellation_is_invoiced_at_once_with_its_credit_and_nothing_is_left_due() {
        subscription = subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-02-15T00:00:00Z"));
        events("pro", 4, "acme", "api_calls", Instant.parse("2026-02-10T00:00:00Z"));
        ok(api.post("/v1/subscriptions/" + subscription + "/cancel", key, "{\"timing\":\"immediately\"}"));
        advanceTo(Instant.parse("2026-02-15T01:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        JsonNode last = invoices.get(1);
        // The half month used: 4 calls × 0.05 = 0.20; the unused half of February's 30.00 credited: −15.00.
        assertThat(last.get("billing_date").asString()).isEqualTo("2026-02-15T00:00:00Z");
        assertThat(lines(last)).containsExactly("usage|api_calls|4|0.05|20",
                "proration|Unused time: pro base fee (2026-02-15T00:00:00Z to 2026-03-01T00:00:00Z) (cancellation)|1|30|-1500");
        assertThat(last.get("total_minor").asLong()).isEqualTo(-1480);
        // A credit is owed to the customer, never an amount below zero to pay.
        assertThat(last.get("amount_due_minor").asLong()).isZero();
        assertThat(last.get("status").asString()).isEqualTo("paid");

        advanceTo(MAR_1.plusSeconds(3600));
        assertThat(invoices(customer)).hasSize(2);
        // An ended subscription has no next invoice to preview.
        var upcoming = api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key);
        assertThat(upcoming.status()).isEqualTo(409);
        assertThat(upcoming.field("code")).isEqualTo("no_upcoming_invoice");
    }

    @Test
    void fees_in_arrears_are_billed_for_each_stretch_at_its_own_plan() {
        createPlan(key, """
                {"code":"small","name":"Small","interval":"month","currency":"USD","amount_minor":1000,"fee_timing":"in_arrears"}""");
        createPlan(key, """
                {"code":"large","name":"Large","interval":"month","currency":"USD","amount_minor":3000,"fee_timing":"in_arrears"}""");
        subscription = subscribe("acme", "small", "");
        advanceTo(Instant.parse("2026-02-15T00:00:00Z"));
        ok(api.post("/v1/subscriptions/" + subscription + "/change-plan", key, "{\"plan_code\":\"large\"}"));
        JsonNode upcoming = ok(api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key));

        advanceTo(MAR_1.plusSeconds(3600));
        List<JsonNode> invoices = invoices(customer);
        // Nothing was billed in advance, so nothing is prorated; February's fee is billed after it, half at each plan.
        assertThat(invoices).hasSize(1);
        assertThat(lines(invoices.get(0))).containsExactly(
                "base_fee|small base fee (in arrears) (2026-02-01T00:00:00Z to 2026-02-15T00:00:00Z)|1|10|500",
                "base_fee|large base fee (in arrears) (2026-02-15T00:00:00Z to 2026-03-01T00:00:00Z)|1|30|1500");
        assertThat(lines(upcoming)).isEqualTo(lines(invoices.get(0)));
    }
}
