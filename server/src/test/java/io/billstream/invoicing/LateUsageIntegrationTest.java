package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage that arrives for a period whose invoice is already finalised: billed on the next invoice as
 * a labelled adjustment, the period's price now less what was billed (a credit when negative), or
 * on an invoice of its own when the subscription has ended.
 */
class LateUsageIntegrationTest extends InvoicingIntegrationTest {

    static final String JANUARY = "for 2026-01-01T00:00:00Z to 2026-02-01T00:00:00Z";

    String customer;
    String subscription;

    @BeforeEach
    void subscribed() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        sumMetric("storage", "gb");
        sumMetric("units", "n");
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":1000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}},
                            {"metric_code":"storage","charge_model":"volume","properties":{"tiers":[
                              {"from":"0","up_to":"10","unit_price":"1"},{"from":"10","up_to":null,"unit_price":"0.50"}]}},
                            {"metric_code":"units","charge_model":"standard","properties":{"unit_price":"1"}}]}""");
        customer = customer("acme", "USD", "");
        subscription = subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        events("jan", 5, "acme", "api_calls", Instant.parse("2026-01-10T00:00:00Z"));
    }

    @Test
    void late_usage_is_billed_or_credited_on_the_next_invoice_as_labelled_adjustments() {
        event("gb-jan", "acme", "storage", Instant.parse("2026-01-10T00:00:00Z"), "{\"gb\":\"8\"}");
        event("n-jan", "acme", "units", Instant.parse("2026-01-10T00:00:00Z"), "{\"n\":\"8\"}");
        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));
        JsonNode february = invoices(customer).get(1);
        assertThat(february.get("status").asString()).isEqualTo("finalized");
        // 5 calls × 0.10; 8 GB all in the first volume tier × 1.00; 8 units × 1.00; February's fee.
        assertThat(lines(february)).containsExactly("usage|api_calls|5|0.1|50", "usage|storage|8|-|800", "usage|units|8|1|800",
                "base_fee|pro base fee|1|10|1000");

        // After finalisation: 3 more calls, 4 more GB (12 GB reach the cheaper tier) and a correction of −3 units.
        events("late", 3, "acme", "api_calls", Instant.parse("2026-01-31T00:00:00Z"));
        event("gb-late", "acme", "storage", Instant.parse("2026-01-31T00:00:00Z"), "{\"gb\":\"4\"}");
        event("n-late", "acme", "units", Instant.parse("2026-01-31T00:00:00Z"), "{\"n\":\"-3\"}");
        advanceTo(Instant.parse("2026-02-10T00:00:00Z"));
        // A running subscription's corrections wait for its next invoice; the finalised one is untouched.
        assertThat(invoices(customer)).hasSize(2);
        assertThat(invoice(february.get("id").asString()).get("total_minor").asLong()).isEqualTo(2650);
        JsonNode upcoming = ok(api.get("/v1/subscriptions/" + subscription + "/upcoming-invoice", key));

        advanceTo(Instant.parse("2026-03-01T01:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(3);
        JsonNode march = invoices.get(2);
        // January repriced: 8 calls = 0.80, billed 0.50: +0.30. 12 GB × 0.50 = 6.00, billed 8.00: −2.00.
        // 5 units = 5.00, billed 8.00: −3.00. Plus February's (empty) usage and March's fee: 10.00 + 0.30 − 5.00 = 5.30.
        assertThat(lines(march)).containsExactly(
                "usage|api_calls|0|0.1|0",
                "usage|storage|0|0|0",
                "usage|units|0|1|0",
                "base_fee|pro base fee|1|10|1000",
                "usage_adjustment|Late usage adjustment: api_calls " + JANUARY + " (now 8 in total)|8|-|30",
                "usage_adjustment|Late usage adjustment: storage " + JANUARY + " (now 12 in total)|12|-|-200",
                "usage_adjustment|Late usage adjustment: units " + JANUARY + " (now 5 in total)|5|-|-300");
        assertThat(march.get("total_minor").asLong()).isEqualTo(530);
        JsonNode adjustment = march.get("lines").get(4);
        assertThat(adjustment.get("service_start").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(adjustment.get("service_end").asString()).isEqualTo("2026-02-01T00:00:00Z");
        // The dry run of 10 February showed exactly what was then invoiced.
        assertThat(lines(upcoming)).isEqualTo(lines(march));
        assertThat(upcoming.get("total_minor").asLong()).isEqualTo(530);

        // Corrected once: April's invoice has no adjustment left.
        advanceTo(Instant.parse("2026-04-01T01:00:00Z"));
        assertThat(lines(invoices(customer).get(3))).noneMatch(l -> l.startsWith("usage_adjustment"));
    }

    @Test
    void late_usage_of_an_ended_subscription_is_billed_on_an_invoice_of_its_own() {
        ok(api.post("/v1/subscriptions/" + subscription + "/cancel", key, "{}"));
        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        // The last period's usage; no fee for a February that will not happen.
        assertThat(lines(invoices.get(1))).containsExactly("usage|api_calls|5|0.1|50", "usage|storage|0|0|0", "usage|units|0|1|0");

        events("late", 2, "acme", "api_calls", Instant.parse("2026-01-31T00:00:00Z"));
        advanceTo(Instant.parse("2026-02-02T00:00:00Z"));

        invoices = invoices(customer);
        assertThat(invoices).hasSize(3);
        JsonNode correction = invoices.get(2);
        // 7 calls = 0.70, billed 0.50: 0.20 on an invoice of its own.
        assertThat(correction.get("billing_reason").asString()).isEqualTo("usage_adjustment");
        assertThat(correction.get("subscription_id").asString()).isEqualTo(subscription);
        assertThat(correction.get("status").asString()).isEqualTo("finalized");
        assertThat(correction.get("number").asString()).isEqualTo("INV-2026-000003");
        assertThat(lines(correction)).containsExactly(
                "usage_adjustment|Late usage adjustment: api_calls " + JANUARY + " (now 7 in total)|7|-|20");
        assertThat(correction.get("total_minor").asLong()).isEqualTo(20);

        // Nothing is billed twice on the next steps of the clock.
        advanceTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(invoices(customer)).hasSize(3);
    }
}
