package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Month-end anniversaries keep their day without drifting; amounts are in each currency's own minor
 * unit (JPY has none, KWD has three decimals), each line rounded once, half up.
 */
class AnchorsAndCurrenciesIntegrationTest extends InvoicingIntegrationTest {

    @Test
    void a_subscription_started_on_31_january_is_invoiced_on_the_last_day_of_shorter_months() {
        tenantAt(Instant.parse("2026-01-31T10:00:00Z"));
        createPlan(key, """
                {"code":"monthly","name":"Monthly","interval":"month","currency":"USD","amount_minor":3100}""");
        String customer = customer("acme", "USD", "");
        subscribe("acme", "monthly", "");

        advanceTo(Instant.parse("2026-05-01T00:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        // 31 Jan, then 28 Feb (no 31st), 31 Mar (back to the anchor day), 30 Apr; each at 10:00 UTC.
        String[] starts = {"2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z", "2026-03-31T10:00:00Z", "2026-04-30T10:00:00Z",
                "2026-05-31T10:00:00Z"};
        assertThat(invoices).hasSize(4);
        for (int i = 0; i < 4; i++) {
            JsonNode invoice = invoices.get(i);
            assertThat(invoice.get("billing_date").asString()).as("invoice %d", i).isEqualTo(starts[i]);
            assertThat(invoice.get("period_start").asString()).as("invoice %d", i).isEqualTo(starts[i]);
            assertThat(invoice.get("period_end").asString()).as("invoice %d", i).isEqualTo(starts[i + 1]);
            assertThat(invoice.get("number").asString()).isEqualTo("INV-2026-00000" + (i + 1));
            // Every period is a whole period, so the fee is never prorated, however long the month.
            assertThat(lines(invoice)).containsExactly("base_fee|monthly base fee|1|31|3100");
            assertThat(invoice.get("issued_at").asString()).isEqualTo(starts[i]);
        }
    }

    @Test
    void yen_have_no_minor_unit_so_half_a_yen_rounds_up_to_a_whole_one() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"yen","name":"Yen","interval":"month","currency":"JPY","amount_minor":1000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.5"}}]}""");
        String customer = customer("tanaka", "JPY", "");
        subscribe("tanaka", "yen", "");
        advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        events("call", 5, "tanaka", "api_calls", Instant.parse("2026-01-10T00:00:00Z"));
        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        // ¥1,000 a month (amount_minor is yen); 5 calls × ¥0.5 = ¥2.5 → ¥3.
        assertThat(lines(invoices.get(0))).containsExactly("base_fee|yen base fee|1|1000|1000");
        JsonNode february = invoices.get(1);
        assertThat(february.get("currency").asString()).isEqualTo("JPY");
        assertThat(lines(february)).containsExactly("usage|api_calls|5|0.5|3", "base_fee|yen base fee|1|1000|1000");
        assertThat(line(february, "usage").get("amount").asString()).isEqualTo("2.5");
        assertThat(february.get("total_minor").asLong()).isEqualTo(1003);

        // A one-off line of 3 × ¥0.5 = ¥1.5 → ¥2.
        JsonNode oneOff = created(api.post("/v1/invoices", key, """
                {"customer":"tanaka","lines":[{"description":"Stickers","quantity":"3","unit_price":"0.5"}]}"""));
        assertThat(lines(oneOff)).containsExactly("manual|Stickers|3|0.5|2");
        assertThat(oneOff.get("total_minor").asLong()).isEqualTo(2);
    }

    @Test
    void dinars_have_three_decimals_and_half_a_fils_rounds_up() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"dinar","name":"Dinar","interval":"month","currency":"KWD","amount_minor":12345,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.0005"}}],
                 "recurring_items":[{"code":"seats","name":"Seats","unit_price":"1.0005","default_quantity":3}]}""");
        String customer = customer("sabah", "KWD", "");
        subscribe("sabah", "dinar", "");
        advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        events("call", 7, "sabah", "api_calls", Instant.parse("2026-01-10T00:00:00Z"));
        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        // 12.345 KWD a month = 12,345 fils; 3 seats × 1.0005 = 3.0015 → 3.002 (3,002 fils), rounded once for the line,
        // not per seat (3 × 1.001 would be 3.003).
        assertThat(lines(invoices.get(0))).containsExactly("base_fee|dinar base fee|1|12.345|12345", "recurring_item|Seats|3|1.0005|3002");
        JsonNode february = invoices.get(1);
        assertThat(february.get("currency").asString()).isEqualTo("KWD");
        // 7 calls × 0.0005 = 0.0035 → 0.004 KWD = 4 fils.
        assertThat(lines(february)).containsExactly("usage|api_calls|7|0.0005|4", "base_fee|dinar base fee|1|12.345|12345",
                "recurring_item|Seats|3|1.0005|3002");
        assertThat(line(february, "usage").get("amount").asString()).isEqualTo("0.0035");
        assertThat(february.get("total_minor").asLong()).isEqualTo(4 + 12345 + 3002);
    }

    @Test
    void grace_periods_and_payment_terms_count_days_on_the_customers_clock_across_a_dst_change() {
        // Midnight of 1 March 2026 in New York (EST, UTC−5); clocks go forward on 8 March.
        tenantAt(Instant.parse("2026-03-01T05:00:00Z"));
        createPlan(key, """
                {"code":"monthly","name":"Monthly","interval":"month","currency":"USD","amount_minor":1000}""");
        String customer = customer("nyc", "USD", "\"timezone\":\"America/New_York\","
                + "\"billing_preferences\":{\"invoice_grace_period_days\":10,\"net_payment_terms_days\":30}");
        subscribe("nyc", "monthly", "");

        advanceTo(Instant.parse("2026-03-02T00:00:00Z"));
        JsonNode march = invoices(customer).getFirst();
        // 10 days after midnight EST is midnight EDT on 11 March: 04:00Z, not 05:00Z.
        assertThat(march.get("status").asString()).isEqualTo("draft");
        assertThat(march.get("finalize_at").asString()).isEqualTo("2026-03-11T04:00:00Z");

        advanceTo(Instant.parse("2026-04-02T00:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        march = invoices.get(0);
        assertThat(march.get("status").asString()).isEqualTo("finalized");
        assertThat(march.get("issued_at").asString()).isEqualTo("2026-03-11T04:00:00Z");
        assertThat(march.get("due_at").asString()).isEqualTo("2026-04-10T04:00:00Z");
        // The anniversary keeps local midnight: 1 April 00:00 EDT.
        JsonNode april = invoices.get(1);
        assertThat(april.get("billing_date").asString()).isEqualTo("2026-04-01T04:00:00Z");
        assertThat(april.get("period_end").asString()).isEqualTo("2026-05-01T04:00:00Z");
        assertThat(april.get("finalize_at").asString()).isEqualTo("2026-04-11T04:00:00Z");
    }
}
