package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One hand-computed invoice per charge model: a monthly plan without a base fee, January's usage
 * billed on the run of 1 February 2026, each line rounded once, half up, to the cent.
 */
class ChargeModelInvoicesIntegrationTest extends InvoicingIntegrationTest {

    static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant JAN_20 = Instant.parse("2026-01-20T00:00:00Z");
    static final Instant JAN_10 = Instant.parse("2026-01-10T00:00:00Z");
    static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");

    @BeforeEach
    void tenant() {
        tenantAt(JAN_1);
        countMetric(key, "api_calls");
        sumMetric("storage", "gb");
        sumMetric("payments", "amount");
    }

    @Test
    void standard_prices_every_unit_alike_and_a_minimum_tops_up_an_unused_charge() {
        plan("""
                [{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.015"}},
                 {"metric_code":"storage","charge_model":"standard","properties":{"unit_price":"1"},"min_amount":"2.5"}]""");
        String customer = subscribedCustomer();
        events("call", 7, "acme", "api_calls", JAN_10);

        JsonNode invoice = februaryInvoice(customer);

        // 7 calls × 0.015 = 0.105, rounded half up once: 0.11. No storage at all: a line of 0 × 1 = 0, then the
        // minimum of 2.50 less the 0 billed = 2.50.
        assertThat(lines(invoice)).containsExactly(
                "usage|api_calls|7|0.015|11",
                "usage|storage|0|1|0",
                "minimum|Minimum commitment: storage (minimum 2.5)|1|-|250");
        assertThat(line(invoice, "usage").get("amount").asString()).isEqualTo("0.105");
        assertThat(invoice.get("total_minor").asLong()).isEqualTo(261);
    }

    @Test
    void graduated_prices_each_tier_with_its_flat_fee() {
        plan("""
                [{"metric_code":"storage","charge_model":"graduated","properties":{"tiers":[
                  {"from":"0","up_to":"10","unit_price":"1","flat_fee":"2"},
                  {"from":"10","up_to":null,"unit_price":"0.333"}]}}]""");
        String customer = subscribedCustomer();
        event("s1", "acme", "storage", JAN_10, "{\"gb\":\"9.5\"}");
        event("s2", "acme", "storage", JAN_10.plusSeconds(60), "{\"gb\":\"3.5\"}");

        JsonNode invoice = februaryInvoice(customer);

        // 13 GB: tier 1 holds 10 × 1 + 2 flat = 12; tier 2 holds 3 × 0.333 = 0.999. 12.999 → 13.00.
        assertThat(lines(invoice)).containsExactly("usage|storage|13|-|1300");
        JsonNode usage = line(invoice, "usage");
        assertThat(usage.get("amount").asString()).isEqualTo("12.999");
        assertThat(breakdown(usage)).containsExactly(
                "Tier 1 (0 to 10)|10|1|2|12",
                "Tier 2 (10 and above)|3|0.333|0|0.999");
    }

    @Test
    void volume_prices_all_units_at_the_tier_the_total_reaches() {
        plan("""
                [{"metric_code":"storage","charge_model":"volume","properties":{"tiers":[
                  {"from":"0","up_to":"10","unit_price":"1","flat_fee":"2"},
                  {"from":"10","up_to":null,"unit_price":"0.335","flat_fee":"1"}]}}]""");
        String customer = subscribedCustomer();
        event("s1", "acme", "storage", JAN_10, "{\"gb\":\"13\"}");

        JsonNode invoice = februaryInvoice(customer);

        // All 13 GB at tier 2: 13 × 0.335 + 1 = 5.355, rounded half up: 5.36.
        assertThat(lines(invoice)).containsExactly("usage|storage|13|-|536");
        JsonNode usage = line(invoice, "usage");
        assertThat(usage.get("amount").asString()).isEqualTo("5.355");
        assertThat(breakdown(usage)).containsExactly("Tier 2 (10 and above)|13|0.335|1|5.355");
    }

    @Test
    void package_counts_started_packages_after_the_free_units() {
        plan("""
                [{"metric_code":"storage","charge_model":"package",
                  "properties":{"package_size":"100","package_price":"5.25","free_units":"50"}}]""");
        String customer = subscribedCustomer();
        event("s1", "acme", "storage", JAN_10, "{\"gb\":\"260.5\"}");

        JsonNode invoice = februaryInvoice(customer);

        // 260.5 − 50 free = 210.5 billable: 3 started packages × 5.25 = 15.75.
        assertThat(lines(invoice)).containsExactly("usage|storage|260.5|-|1575");
        assertThat(breakdown(line(invoice, "usage"))).containsExactly("Packages of 100 (210.5 billable of 260.5 units)|3|5.25|-|15.75");
    }

    @Test
    void percentage_takes_a_share_of_each_event_with_a_fixed_fee_and_per_event_bounds() {
        plan("""
                [{"metric_code":"payments","charge_model":"percentage","properties":{"rate":"2.9","fixed_fee_per_event":"0.30",
                  "free_events":1,"per_event_min":"0.50","per_event_max":"10"}}]""");
        String customer = subscribedCustomer();
        String[] amounts = {"100", "5", "12", "250", "800"};
        for (int i = 0; i < amounts.length; i++) {
            event("p" + i, "acme", "payments", JAN_10.plusSeconds(60L * i), "{\"amount\":\"" + amounts[i] + "\"}");
        }

        JsonNode invoice = februaryInvoice(customer);

        // The first event (100) is free. Then per event: 5 → 0.145 + 0.30 = 0.445, raised to 0.50;
        // 12 → 0.348 + 0.30 = 0.648; 250 → 7.25 + 0.30 = 7.55; 800 → 23.20 + 0.30 = 23.50, capped at 10.
        // 0.50 + 0.648 + 7.55 + 10 = 18.698 → 18.70. The quantity is the metric's sum: 1,167.
        assertThat(lines(invoice)).containsExactly("usage|payments|1167|-|1870");
        JsonNode usage = line(invoice, "usage");
        assertThat(usage.get("amount").asString()).isEqualTo("18.698");
        assertThat(breakdown(usage)).containsExactly("4 billable events (1 free): 2.9 % of 1067 plus fixed fees|4|-|1.2|18.698");
    }

    @Test
    void each_group_of_a_grouped_metric_is_a_line_of_its_own_including_events_without_the_property() {
        created(api.post("/v1/billable-metrics", key, """
                {"code":"calls","name":"Calls","aggregation":"count","group_by":["region"]}"""));
        plan("""
                [{"metric_code":"calls","charge_model":"graduated","properties":{"tiers":[
                  {"from":"0","up_to":"2","unit_price":"0.25"},{"from":"2","up_to":null,"unit_price":"0.10"}]}}]""");
        String customer = subscribedCustomer();
        for (int i = 0; i < 3; i++) {
            event("eu" + i, "acme", "calls", JAN_10.plusSeconds(i), "{\"region\":\"eu\"}");
        }
        event("us", "acme", "calls", JAN_10, "{\"region\":\"us\"}");
        event("nowhere", "acme", "calls", JAN_10, "{}");

        JsonNode invoice = februaryInvoice(customer);

        // Each group is priced on its own, its tiers from zero: eu 2 × 0.25 + 1 × 0.10 = 0.60; us 0.25; the event
        // without a region is a group of its own, 0.25.
        assertThat(lines(invoice)).containsExactlyInAnyOrder("usage|Calls (region: eu)|3|-|60", "usage|Calls (region: us)|1|-|25",
                "usage|Calls (region: none)|1|-|25");
        for (JsonNode line : invoice.get("lines")) {
            String region = line.get("description").asString().contains("eu") ? "eu" : line.get("description").asString()
                    .contains("us") ? "us" : null;
            assertThat(line.get("group").get("region").isNull()).isEqualTo(region == null);
            if (region != null) {
                assertThat(line.get("group").get("region").asString()).isEqualTo(region);
            }
        }
        assertThat(breakdown(invoice.get("lines").get(0)).getFirst()).startsWith("Tier 1 (0 to 2)|");
        assertThat(invoice.get("total_minor").asLong()).isEqualTo(110);
    }

    private void plan(String charges) {
        createPlan(key, "{\"code\":\"metered\",\"name\":\"Metered\",\"interval\":\"month\",\"currency\":\"USD\",\"amount_minor\":0,"
                + "\"charges\":" + charges + "}");
    }

    /** acme, subscribed on 1 January, with the clock moved to 20 January so January's usage can be sent. */
    private String subscribedCustomer() {
        String customer = customer("acme", "USD", "");
        subscribe("acme", "metered", "");
        advanceTo(JAN_20);
        // No base fee and no items: the run of 1 January had nothing to bill.
        assertThat(invoices(customer)).isEmpty();
        return customer;
    }

    /** Closes January and returns the one invoice it made, checking what every run invoice here shares. */
    private JsonNode februaryInvoice(String customer) {
        advanceTo(FEB_1.plusSeconds(3600));
        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(1);
        JsonNode invoice = invoices.getFirst();
        assertThat(invoice.get("status").asString()).isEqualTo("finalized");
        assertThat(invoice.get("number").asString()).isEqualTo("INV-2026-000001");
        assertThat(invoice.get("billing_reason").asString()).isEqualTo("subscription_cycle");
        assertThat(invoice.get("billing_date").asString()).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(invoice.get("period_start").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(invoice.get("period_end").asString()).isEqualTo("2026-02-01T00:00:00Z");
        long sum = 0;
        for (JsonNode l : invoice.get("lines")) {
            sum += l.get("amount_minor").asLong();
        }
        assertThat(invoice.get("subtotal_minor").asLong()).isEqualTo(sum);
        assertThat(invoice.get("total_minor").asLong()).isEqualTo(sum);
        assertThat(invoice.get("amount_due_minor").asLong()).isEqualTo(sum);
        return invoice;
    }
}
