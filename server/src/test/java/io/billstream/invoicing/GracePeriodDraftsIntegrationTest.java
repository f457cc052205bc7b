package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;

import io.billstream.support.ApiResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer with a 3-day grace period and 14-day payment terms: billing runs make drafts that wait
 * out the grace period, take in late usage for the period they bill, can be edited and finalised
 * early, and are finalised by themselves when the grace period ends.
 */
class GracePeriodDraftsIntegrationTest extends InvoicingIntegrationTest {

    @Test
    void a_draft_waits_out_the_grace_period_takes_late_usage_and_manual_lines_then_finalises_itself() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}}]}""");
        String customer = customer("acme", "USD",
                "\"billing_preferences\":{\"invoice_grace_period_days\":3,\"net_payment_terms_days\":14}");
        subscribe("acme", "pro", "");

        advanceTo(Instant.parse("2026-01-02T00:00:00Z"));
        JsonNode january = invoices(customer).getFirst();
        assertThat(january.get("status").asString()).isEqualTo("draft");
        assertThat(january.get("number").isNull()).isTrue();
        assertThat(january.get("finalize_at").asString()).isEqualTo("2026-01-04T00:00:00Z");
        assertThat(january.get("issued_at").isNull()).isTrue();
        assertThat(january.get("due_at").isNull()).isTrue();
        String januaryId = january.get("id").asString();

        JsonNode edited = ok(api.patch("/v1/invoices/" + januaryId, key, "{\"memo\":\"Thank you for your business\"}"));
        assertThat(edited.get("memo").asString()).isEqualTo("Thank you for your business");
        assertThat(edited.get("status").asString()).isEqualTo("draft");

        // Finalised early, on 2 January: numbered, issued now, due 14 days later.
        JsonNode issued = ok(api.post("/v1/invoices/" + januaryId + "/finalize", key, null));
        assertThat(issued.get("status").asString()).isEqualTo("finalized");
        assertThat(issued.get("number").asString()).isEqualTo("INV-2026-000001");
        assertThat(issued.get("issued_at").asString()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(issued.get("due_at").asString()).isEqualTo("2026-01-16T00:00:00Z");
        assertThat(issued.get("memo").asString()).isEqualTo("Thank you for your business");
        assertThat(issued.get("amount_due_minor").asLong()).isEqualTo(2000);
        ApiResponse again = api.patch("/v1/invoices/" + januaryId, key, "{\"memo\":\"changed\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.field("code")).isEqualTo("invoice_not_draft");
        assertThat(api.post("/v1/invoices/" + januaryId + "/finalize", key, null).field("code")).isEqualTo("invoice_not_draft");

        advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        events("jan", 5, "acme", "api_calls", Instant.parse("2026-01-10T00:00:00Z"));
        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));
        JsonNode february = invoices(customer).get(1);
        String februaryId = february.get("id").asString();
        assertThat(february.get("status").asString()).isEqualTo("draft");
        assertThat(february.get("finalize_at").asString()).isEqualTo("2026-02-04T00:00:00Z");
        assertThat(lines(february)).containsExactly("usage|api_calls|5|0.1|50", "base_fee|pro base fee|1|20|2000");

        // Two calls of 31 January arrive during the grace period; the clock's next step reprices the draft.
        events("late", 2, "acme", "api_calls", Instant.parse("2026-01-31T12:00:00Z"));
        advanceTo(Instant.parse("2026-02-02T00:00:00Z"));
        february = invoice(februaryId);
        assertThat(february.get("status").asString()).isEqualTo("draft");
        assertThat(lines(february)).containsExactly("usage|api_calls|7|0.1|70", "base_fee|pro base fee|1|20|2000");
        assertThat(february.get("total_minor").asLong()).isEqualTo(2070);

        // Manual lines: 2 × 12.50 kept, a mistaken one removed; lines from the run cannot be removed.
        ok(api.post("/v1/invoices/" + februaryId + "/lines", key,
                "{\"description\":\"Onboarding workshop\",\"quantity\":\"2\",\"unit_price\":\"12.50\"}"));
        JsonNode withMistake = ok(api.post("/v1/invoices/" + februaryId + "/lines", key,
                "{\"description\":\"Mistake\",\"unit_price\":\"1\"}"));
        assertThat(lines(withMistake)).containsExactly("usage|api_calls|7|0.1|70", "base_fee|pro base fee|1|20|2000",
                "manual|Onboarding workshop|2|12.5|2500", "manual|Mistake|1|1|100");
        assertThat(withMistake.get("total_minor").asLong()).isEqualTo(4670);
        String mistake = withMistake.get("lines").get(3).get("id").asString();
        String baseFee = withMistake.get("lines").get(1).get("id").asString();
        ApiResponse refused = api.delete("/v1/invoices/" + februaryId + "/lines/" + baseFee, key);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.field("code")).isEqualTo("line_not_removable");
        JsonNode corrected = ok(api.delete("/v1/invoices/" + februaryId + "/lines/" + mistake, key));
        assertThat(lines(corrected)).containsExactly("usage|api_calls|7|0.1|70", "base_fee|pro base fee|1|20|2000",
                "manual|Onboarding workshop|2|12.5|2500");
        assertThat(corrected.get("total_minor").asLong()).isEqualTo(4570);

        // One more late call, then the grace period ends on 4 February: the draft finalises itself with it.
        event("later", "acme", "api_calls", Instant.parse("2026-01-31T13:00:00Z"), "");
        advanceTo(Instant.parse("2026-02-05T00:00:00Z"));
        february = invoice(februaryId);
        assertThat(february.get("status").asString()).isEqualTo("finalized");
        assertThat(february.get("number").asString()).isEqualTo("INV-2026-000002");
        assertThat(lines(february)).containsExactly("usage|api_calls|8|0.1|80", "base_fee|pro base fee|1|20|2000",
                "manual|Onboarding workshop|2|12.5|2500");
        assertThat(february.get("total_minor").asLong()).isEqualTo(4580);
        assertThat(february.get("issued_at").asString()).isEqualTo("2026-02-04T00:00:00Z");
        assertThat(february.get("due_at").asString()).isEqualTo("2026-02-18T00:00:00Z");
        assertThat(invoices(customer)).hasSize(2);

        List<String> types = eventTypes(key, customer).stream().filter(t -> t.startsWith("invoice.")).toList();
        assertThat(types).containsExactly("invoice.created", "invoice.updated", "invoice.finalized", "invoice.created",
                "invoice.updated", "invoice.updated", "invoice.updated", "invoice.finalized");

        // March's draft is waiting out its grace period when one more call of January arrives, whose invoice
        // (February's) is issued: the correction rides on March's invoice when it is finalised.
        advanceTo(Instant.parse("2026-03-02T00:00:00Z"));
        JsonNode march = invoices(customer).get(2);
        assertThat(march.get("status").asString()).isEqualTo("draft");
        event("much-later", "acme", "api_calls", Instant.parse("2026-01-31T14:00:00Z"), "");
        advanceTo(Instant.parse("2026-03-05T00:00:00Z"));
        march = invoice(march.get("id").asString());
        assertThat(march.get("status").asString()).isEqualTo("finalized");
        // 9 calls = 0.90, billed 0.80: +0.10.
        assertThat(lines(march)).containsExactly("usage|api_calls|0|0.1|0", "base_fee|pro base fee|1|20|2000",
                "usage_adjustment|Late usage adjustment: api_calls for 2026-01-01T00:00:00Z to 2026-02-01T00:00:00Z (now 9 in total)|9|-|10");
        assertThat(march.get("total_minor").asLong()).isEqualTo(2010);
        assertThat(invoice(februaryId).get("total_minor").asLong()).isEqualTo(4580);
    }

    @Test
    void the_upcoming_invoice_leaves_late_usage_of_a_waiting_draft_to_that_draft() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}}]}""");
        String customer = customer("acme", "USD", "\"billing_preferences\":{\"invoice_grace_period_days\":3}");
        String subscription = subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        events("jan", 5, "acme", "api_calls", Instant.parse("2026-01-10T00:00:00Z"));
        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));
        assertThat(invoices(customer).get(1).get("status").asString()).isEqualTo("draft");

        // A call of January arrives while February's draft, which bills January's usage, waits out its grace period.
        event("late", "acme", "api_calls", Instant.parse("2026-01-31T00:00:00Z"), "");
        JsonNode upcoming = ok(api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key));

        advanceTo(Instant.parse("2026-03-01T01:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        // The draft took the call in (6 × 0.10) when it was finalised; March's invoice has no adjustment, and neither had its preview.
        assertThat(lines(invoices.get(1))).containsExactly("usage|api_calls|6|0.1|60", "base_fee|pro base fee|1|20|2000");
        assertThat(lines(invoices.get(2))).containsExactly("usage|api_calls|0|0.1|0", "base_fee|pro base fee|1|20|2000");
        assertThat(lines(upcoming)).isEqualTo(lines(invoices.get(2)));
        assertThat(upcoming.get("total_minor").asLong()).isEqualTo(2000);
    }

    @Test
    void late_usage_rides_on_the_draft_finalised_first_even_when_the_clock_jumps_past_the_next_billing_date() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}}]}""");
        String customer = customer("acme", "USD", "\"billing_preferences\":{\"invoice_grace_period_days\":3}");
        String subscription = subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        events("jan", 5, "acme", "api_calls", Instant.parse("2026-01-10T00:00:00Z"));
        advanceTo(Instant.parse("2026-03-02T00:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        // January's usage is on February's invoice, issued on 4 February; March's draft waits until 4 March.
        assertThat(invoices.get(1).get("status").asString()).isEqualTo("finalized");
        assertThat(invoices.get(2).get("status").asString()).isEqualTo("draft");

        event("late", "acme", "api_calls", Instant.parse("2026-01-31T00:00:00Z"), "");
        JsonNode upcoming = ok(api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key));
        // One step over both 4 March and 1 April, as real time would pass them: March's draft, finalised first, takes
        // the correction (6 calls = 0.60, billed 0.50); April's invoice has none, as its preview said.
        advanceTo(Instant.parse("2026-04-01T01:00:00Z"));

        invoices = invoices(customer);
        assertThat(invoices).hasSize(4);
        assertThat(lines(invoices.get(2))).containsExactly("usage|api_calls|0|0.1|0", "base_fee|pro base fee|1|20|2000",
                "usage_adjustment|Late usage adjustment: api_calls for 2026-01-01T00:00:00Z to 2026-02-01T00:00:00Z (now 6 in total)|6|-|10");
        assertThat(invoices.get(2).get("number").asString()).isEqualTo("INV-2026-000003");
        assertThat(lines(invoices.get(3))).containsExactly("usage|api_calls|0|0.1|0", "base_fee|pro base fee|1|20|2000");
        assertThat(lines(upcoming)).isEqualTo(lines(invoices.get(3)));
    }
}
