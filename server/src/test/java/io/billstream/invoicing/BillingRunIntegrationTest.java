package io.billstream.invoicing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing runs driven by a test clock, over real HTTP: the invoices a subscription's periods produce,
 * hand-computed.
 */
class BillingRunIntegrationTest extends BillingIntegrationTest {

    static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");

    String key;
    String clock;

    @BeforeEach
    void tenant() {
        key = newTenant().adminKey();
        countMetric(key, "api_calls");
        clock = createClock(key, JAN_1);
    }

    @Test
    void fee_in_advance_and_usage_in_arrears_make_one_invoice_per_billing_date() {
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}}]}
                """);
        String customer = customer("acme", "USD");
        String subscription = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"acme\",\"plan_code\":\"pro\"}"))
                .get("id").asString();
        advance(key, clock, Instant.parse("2026-01-15T00:00:00Z"));
        assertThat(invoices(customer)).hasSize(1);
        for (int i = 0; i < 25; i++) {
            ok(api.post("/v1/events", key, "{\"transaction_id\":\"t" + i + "\",\"external_customer_id\":\"acme\",\"code\":\"api_calls\","
                    + "\"timestamp\":\"2026-01-10T00:00:00Z\"}"));
        }

        advance(key, clock, FEB_1.plusSeconds(3600));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        JsonNode first = invoices.get(1);
        assertThat(first.get("status").asString()).isEqualTo("finalized");
        assertThat(first.get("number").asString()).isEqualTo("INV-2026-000001");
        assertThat(first.get("billing_date").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(lines(first)).containsExactly("base_fee|pro base fee|1|2000");
        assertThat(first.get("total_minor").asLong()).isEqualTo(2000);
        assertThat(first.get("amount_due_minor").asLong()).isEqualTo(2000);
        assertThat(first.get("subscription_id").asString()).isEqualTo(subscription);

        JsonNode second = invoices.get(0);
        assertThat(second.get("number").asString()).isEqualTo("INV-2026-000002");
        assertThat(second.get("billing_date").asString()).isEqualTo("2026-02-01T00:00:00Z");
        // January's usage in arrears (25 × 0.10), February's fee in advance.
        assertThat(lines(second)).containsExactly("usage|api_calls|25|250", "base_fee|pro base fee|1|2000");
        assertThat(second.get("total_minor").asLong()).isEqualTo(2250);
        assertThat(second.get("period_start").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(second.get("period_end").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(eventTypes(key, customer)).containsSubsequence("invoice.created", "invoice.finalized", "invoice.created",
                "invoice.finalized");

        // A rerun of the whole advance bills nothing twice.
        advance(key, clock, FEB_1.plusSeconds(7200));
        assertThat(invoices(customer)).hasSize(2);
    }

    String customer(String externalId, String currency) {
        return created(api.post("/v1/customers", key, "{\"external_id\":\"" + externalId + "\",\"currency\":\"" + currency
                + "\",\"test_clock\":\"" + clock + "\"}")).get("id").asString();
    }

    List<JsonNode> invoices(String customer) {
        List<JsonNode> all = new ArrayList<>();
        ok(api.get("/v1/invoices?customer=" + customer + "&limit=100", key)).get("data").forEach(all::add);
        return all;
    }

    static List<String> lines(JsonNode invoice) {
        List<String> result = new ArrayList<>();
        invoice.get("lines").forEach(l -> result.add(l.get("kind").asString() + "|" + l.get("description").asString() + "|"
                + l.get("quantity").asString() + "|" + l.get("amount_minor").asLong()));
        return result;
    }
}
