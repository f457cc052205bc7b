package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When fixed fees are billed: in advance at the start of the period they pay for, in arrears on the
 * next billing date for the period that closed; trials bill nothing, and one-time items ride on the
 * first paid invoice.
 */
class FeeTimingIntegrationTest extends InvoicingIntegrationTest {

    @Test
    void fees_in_advance_bill_each_period_when_it_starts() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        createPlan(key, """
                {"code":"advance","name":"Advance","interval":"month","currency":"USD","amount_minor":2000,"fee_timing":"in_advance",
                 "recurring_items":[{"code":"seats","name":"Seats","unit_price":"5.00","default_quantity":3}]}""");
        String customer = customer("acme", "USD", "");
        subscribe("acme", "advance", "");

        advanceTo(Instant.parse("2026-01-02T00:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(1);
        // January, paid for on 1 January: 20.00 + 3 seats × 5.00.
        assertThat(invoices.get(0).get("billing_date").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(lines(invoices.get(0))).containsExactly("base_fee|advance base fee|1|20|2000", "recurring_item|Seats|3|5|1500");
        assertThat(line(invoices.get(0), "base_fee").get("service_start").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(line(invoices.get(0), "base_fee").get("service_end").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(invoices.get(0).get("total_minor").asLong()).isEqualTo(3500);

        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));
        invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        // February, paid for on 1 February; nothing in arrears for January.
        assertThat(invoices.get(1).get("billing_date").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(lines(invoices.get(1))).containsExactly("base_fee|advance base fee|1|20|2000", "recurring_item|Seats|3|5|1500");
        assertThat(invoices.get(1).get("period_start").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(invoices.get(1).get("period_end").asString()).isEqualTo("2026-03-01T00:00:00Z");
    }

    @Test
    void a_fee_in_arrears_bills_the_closed_period_on_the_next_billing_date_prorating_a_calendar_stub() {
        tenantAt(Instant.parse("2026-01-15T00:00:00Z"));
        createPlan(key, """
                {"code":"arrears","name":"Arrears","interval":"month","currency":"USD","amount_minor":2000,"fee_timing":"in_arrears"}""");
        String customer = customer("acme", "USD", "");
        subscribe("acme", "arrears", "\"billing_anchor\":\"calendar\"");

        advanceTo(Instant.parse("2026-01-16T00:00:00Z"));
        // Nothing is owed in advance.
        assertThat(invoices(customer)).isEmpty();

        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(1);
        // The stub 15 Jan → 1 Feb is 17 of January's 31 days: 20.00 × 17 / 31 = 10.9677… → 10.97.
        JsonNode stub = invoices.get(0);
        assertThat(stub.get("billing_date").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(lines(stub)).containsExactly(
                "base_fee|arrears base fee (in arrears) (2026-01-15T00:00:00Z to 2026-02-01T00:00:00Z)|1|20|1097");
        assertThat(stub.get("period_start").asString()).isEqualTo("2026-01-15T00:00:00Z");
        assertThat(stub.get("period_end").asString()).isEqualTo("2026-02-01T00:00:00Z");

        advanceTo(Instant.parse("2026-03-01T01:00:00Z"));
        invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        // February in full, billed on 1 March.
        JsonNode february = invoices.get(1);
        assertThat(february.get("billing_date").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(lines(february)).containsExactly("base_fee|arrears base fee (in arrears)|1|20|2000");
        assertThat(february.get("period_start").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(february.get("period_end").asString()).isEqualTo("2026-03-01T00:00:00Z");
    }

    @Test
    void a_trial_bills_nothing_and_the_first_paid_invoice_carries_the_one_time_items() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"trialed","name":"Trialed","interval":"month","currency":"USD","amount_minor":3000,"trial_days":14,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}}],
                 "one_time_items":[{"code":"setup","name":"Setup fee","unit_price":"20.00"}]}""");
        String customer = customer("acme", "USD", "");
        String subscription = subscribe("acme", "trialed", "");
        advanceTo(Instant.parse("2026-01-05T00:00:00Z"));
        events("trial", 3, "acme", "api_calls", Instant.parse("2026-01-03T00:00:00Z"));
        assertThat(invoices(customer)).isEmpty();

        // The dry run during the trial: the first paid period's fee and the setup fee, at the trial's end.
        JsonNode upcoming = ok(api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key));
        assertThat(upcoming.get("billing_date").asString()).isEqualTo("2026-01-15T00:00:00Z");
        assertThat(upcoming.get("total_minor").asLong()).isEqualTo(5000);

        advanceTo(Instant.parse("2026-01-16T00:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(1);
        JsonNode first = invoices.get(0);
        // No usage line for the trial's 3 calls: the trial billed nothing.
        assertThat(first.get("billing_date").asString()).isEqualTo("2026-01-15T00:00:00Z");
        assertThat(lines(first)).containsExactly("base_fee|trialed base fee|1|30|3000", "one_time|Setup fee|1|20|2000");
        assertThat(first.get("total_minor").asLong()).isEqualTo(5000);
        assertThat(lines(upcoming)).isEqualTo(lines(first));

        advanceTo(Instant.parse("2026-01-21T00:00:00Z"));
        events("paid", 2, "acme", "api_calls", Instant.parse("2026-01-20T00:00:00Z"));
        advanceTo(Instant.parse("2026-02-15T01:00:00Z"));
        invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        // Only the paid period's 2 calls × 0.10; the setup fee is not billed again.
        assertThat(lines(invoices.get(1))).containsExactly("usage|api_calls|2|0.1|20", "base_fee|trialed base fee|1|30|3000");
        assertThat(line(invoices.get(1), "usage").get("service_start").asString()).isEqualTo("2026-01-15T00:00:00Z");
    }

    @Test
    void subscriptions_billed_on_the_same_date_share_one_invoice_and_others_get_their_own() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        createPlan(key, """
                {"code":"main","name":"Main","interval":"month","currency":"USD","amount_minor":2000}""");
        createPlan(key, """
                {"code":"addon","name":"Addon","interval":"month","currency":"USD","amount_minor":500}""");
        String customer = customer("acme", "USD", "");
        subscribe("acme", "main", "");
        subscribe("acme", "addon", "");
        advanceTo(Instant.parse("2026-01-10T00:00:00Z"));
        String late = subscribe("acme", "addon", "");
        advanceTo(Instant.parse("2026-02-10T01:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).extracting(i -> i.get("billing_date").asString()).containsExactly("2026-01-01T00:00:00Z",
                "2026-01-10T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-10T00:00:00Z");
        // One invoice per customer and billing date: the two subscriptions of 1 January together, naming neither.
        assertThat(lines(invoices.get(0))).containsExactlyInAnyOrder("base_fee|main base fee|1|20|2000", "base_fee|addon base fee|1|5|500");
        assertThat(invoices.get(0).get("subscription_id").isNull()).isTrue();
        assertThat(lines(invoices.get(1))).containsExactly("base_fee|addon base fee|1|5|500");
        assertThat(invoices.get(1).get("subscription_id").asString()).isEqualTo(late);
        assertThat(lines(invoices.get(2))).containsExactlyInAnyOrder("base_fee|main base fee|1|20|2000", "base_fee|addon base fee|1|5|500");
        assertThat(invoices.get(3).get("subscription_id").asString()).isEqualTo(late);
    }

    @Test
    void a_subscription_started_at_an_instant_already_invoiced_is_billed_on_an_invoice_of_its_own() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        createPlan(key, """
                {"code":"main","name":"Main","interval":"month","currency":"USD","amount_minor":2000}""");
        createPlan(key, """
                {"code":"addon","name":"Addon","interval":"month","currency":"USD","amount_minor":500}""");
        String customer = customer("acme", "USD", "");
        subscribe("acme", "main", "");
        // Exactly to the renewal: the run of 1 February has invoiced that instant when the clock stops there.
        advanceTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(invoices(customer)).hasSize(2);

        String addon = subscribe("acme", "addon", "");
        advanceTo(Instant.parse("2026-02-02T00:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(3);
        JsonNode started = invoices.get(2);
        assertThat(started.get("billing_date").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(started.get("billing_reason").asString()).isEqualTo("subscription_update");
        assertThat(started.get("subscription_id").asString()).isEqualTo(addon);
        assertThat(lines(started)).containsExactly("base_fee|addon base fee|1|5|500");
        assertThat(started.get("number").asString()).isEqualTo("INV-2026-000003");

        // From then on both are billed together again, each once.
        advanceTo(Instant.parse("2026-03-01T01:00:00Z"));
        invoices = invoices(customer);
        assertThat(invoices).hasSize(4);
        assertThat(lines(invoices.get(3))).containsExactlyInAnyOrder("base_fee|main base fee|1|20|2000", "base_fee|addon base fee|1|5|500");
    }
}
