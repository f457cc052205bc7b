package io.billstream.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/billing-events: every filter, alone and combined, the sequence cursor, XML and bad parameters. */
class BillingEventQueryIntegrationTest extends BillingIntegrationTest {

    String key;
    String customer;
    String customerExternalId;
    String invoice;
    JsonNode payment;
    String otherCustomer;
    String otherInvoice;

    @BeforeEach
    void billing() {
        key = newTenant().adminKey();
        customerExternalId = "crm-" + UUID.randomUUID();
        customer = createCustomer(key, "{\"external_id\":\"" + customerExternalId + "\",\"currency\":\"USD\",\"email\":\"a@example.com\"}")
                .field("id");
        // The invoice is issued before the customer has a method, so that no automatic collection races the payment made here.
        invoice = invoice(customer, "120.00");
        String card = created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"sandbox_success\",\"type\":\"card\",\"set_default\":false}"))
                .get("id").asString();
        payment = created(api.post("/v1/payments", key, "{\"invoice\":\"" + invoice + "\",\"payment_method\":\"" + card + "\"}",
                "Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(payment.get("status").asString()).isEqualTo("succeeded");

        otherCustomer = createCustomer(key, "{\"currency\":\"USD\",\"email\":\"b@example.com\"}").field("id");
        otherInvoice = invoice(otherCustomer, "5.00");
        created(api.post("/v1/payments", key, "{\"invoice\":\"" + otherInvoice + "\",\"provider\":\"manual\",\"reference\":\"BANK-"
                + UUID.randomUUID() + "\"}", "Idempotency-Key", UUID.randomUUID().toString()));
    }

    @Test
    void typesFilterExactlySeveralAndByPrefix() {
        assertThat(types("type=invoice.finalized")).containsOnly("invoice.finalized").hasSize(2);
        assertThat(types("type=invoice.finalized,payment.succeeded")).containsOnly("invoice.finalized", "payment.succeeded").hasSize(4);
        assertThat(types("type=payment.*")).isNotEmpty().allMatch(t -> t.startsWith("payment."))
                .doesNotContain("payment_method.attached");
        assertThat(types("type=payment_method.*")).containsExactly("payment_method.attached");
    }

    @Test
    void subjectsFilterByCustomerSubscriptionInvoiceAndPayment() {
        assertThat(ids("customer_id=" + customerExternalId)).isEqualTo(ids("customer_id=" + customer)).isNotEmpty();
        assertThat(events("customer_id=" + customer)).allMatch(e -> e.get("customer_id").asString().equals(customer));
        assertThat(events("invoice_id=" + invoice)).isNotEmpty().allMatch(e -> e.get("invoice_id").asString().equals(invoice));
        String paymentId = payment.get("id").asString();
        assertThat(types("payment_id=" + paymentId)).contains("payment.created", "payment.succeeded", "invoice.paid")
                .doesNotContain("invoice.finalized");
        assertThat(events("subscription_id=sub_none")).isEmpty();
        assertThat(events("subscription_id=no-such-external-id")).isEmpty();
    }

    @Test
    void paymentsAreFoundByProviderTransactionMethodTypeAndAmount() {
        String transaction = payment.get("provider_transaction_id").asString();
        assertThat(transaction).isNotBlank();
        assertThat(types("provider_transaction_id=" + transaction)).contains("payment.succeeded").allMatch(t -> t.startsWith("payment."));

        // The method's own event and the payments made with it; the manual payment had no method.
        List<JsonNode> byCard = events("payment_method_type=card");
        assertThat(byCard).extracting(e -> e.get("type").asString()).contains("payment_method.attached", "payment.succeeded");
        assertThat(byCard).noneMatch(e -> otherCustomer.equals(e.get("customer_id").asString()));
        assertThat(events("payment_method_type=sepa_debit")).isEmpty();

        // 120.00 USD: the invoice's total and the payment's amount, both 12000 minor units.
        assertThat(events("amount_from=12000&amount_to=12000")).isNotEmpty()
                .allMatch(e -> customer.equals(e.get("customer_id").asString()));
        assertThat(types("amount_from=100&amount_to=1000")).contains("invoice.finalized", "payment.succeeded");
        assertThat(events("amount_from=100&amount_to=1000")).allMatch(e -> otherCustomer.equals(e.get("customer_id").asString()));
        assertThat(events("amount_from=12001")).isEmpty();
        assertThat(events("currency=USD")).hasSameSizeAs(events("amount_from=0"));
        assertThat(events("currency=EUR")).isEmpty();
    }

    @Test
    void threeFiltersCombine() {
        List<JsonNode> found = events("type=payment.*&customer_id=" + customerExternalId + "&amount_from=12000&currency=USD");
        assertThat(found).extracting(e -> e.get("type").asString()).contains("payment.created", "payment.succeeded")
                .allMatch(t -> t.startsWith("payment."));
        assertThat(events("type=payment.*&customer_id=" + customer + "&amount_to=500")).isEmpty();
        assertThat(events("type=invoice.finalized&invoice_id=" + invoice + "&payment_method_type=card")).isEmpty();
    }

    @Test
    void aConsumerResumesAfterTheLastSequenceItProcessed() {
        List<JsonNode> all = events("order=asc");
        long middle = all.get(all.size() / 2).get("sequence").asLong();
        List<JsonNode> rest = events("after_sequence=" + middle);
        assertThat(rest).extracting(e -> e.get("sequence").asLong())
                .isEqualTo(all.stream().map(e -> e.get("sequence").asLong()).filter(s -> s > middle).toList());
        assertThat(rest.getFirst().get("sequence").asLong()).isEqualTo(middle + 1);

        // Paged one by one from the same position, the cursor continues exactly where the page ended.
        List<Long> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(api.get("/v1/billing-events?limit=1&after_sequence=" + middle + (cursor == null ? "" : "&cursor=" + cursor), key));
            page.get("data").forEach(e -> paged.add(e.get("sequence").asLong()));
            cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asString() : null;
        } while (cursor != null);
        assertThat(paged).isEqualTo(rest.stream().map(e -> e.get("sequence").asLong()).toList());

        long last = all.getLast().get("sequence").asLong();
        JsonNode caughtUp = ok(api.get("/v1/billing-events?after_sequence=" + last, key));
        assertThat(caughtUp.get("data")).isEmpty();
        String paymentType = "type=payment.succeeded&after_sequence=" + middle;
        assertThat(types(paymentType)).allMatch(t -> t.equals("payment.succeeded"));
    }

    @Test
    void listAndEventAreServedAsXml() {
        ApiResponse list = api.get("/v1/billing-events?invoice_id=" + invoice + "&type=invoice.finalized", key, "Accept", "application/xml");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("application/xml");
        assertThat(list.body()).contains("<type>invoice.finalized</type>", "<invoice_id>" + invoice + "</invoice_id>", "<has_more>false</has_more>");

        String id = events("type=invoice.finalized&invoice_id=" + invoice).getFirst().get("id").asString();
        ApiResponse one = api.get("/v1/billing-events/" + id, key, "Accept", "application/xml");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.body()).startsWith("<billing_event>").contains("<id>" + id + "</id>", "<total_minor>12000</total_minor>");
    }

    @Test
    void everyBadParameterIsNamed() {
        assertBad("type=Invoice.Paid", "type");
        assertBad("type=invoice.*.*", "type");
        assertBad("occurred_from=yesterday", "occurred_from");
        assertBad("occurred_to=2026-13-01T00:00:00Z", "occurred_to");
        assertBad("occurred_from=2026-03-02T00:00:00Z&occurred_to=2026-03-01T00:00:00Z", "occurred_to");
        assertBad("amount_from=ten", "amount_from");
        assertBad("amount_to=1.5", "amount_to");
        assertBad("amount_from=10&amount_to=5", "amount_to");
        assertBad("currency=usd", "currency");
        assertBad("currency=XYZ", "currency");
        assertBad("after_sequence=-1", "after_sequence");
        assertBad("after_sequence=abc", "after_sequence");
        assertBad("after_sequence=3&order=desc", "order");
        assertBad("order=sideways", "order");
        assertBad("limit=0", "limit");
        assertBad("cursor=notacursor", "cursor");
        assertBad("provider_transaction_id=" + "x".repeat(256), "provider_transaction_id");
    }

    @Test
    void eventsNeedTheEventsReadScope() {
        String billingOnly = apiKey(key, "billing:read");
        assertThat(api.get("/v1/billing-events", billingOnly).status()).isEqualTo(403);
        assertThat(api.get("/v1/billing-events?type=invoice.*", apiKey(key, "events:read")).status()).isEqualTo(200);
    }

    // --- helpers ---

    private String invoice(String customerId, String amount) {
        return created(api.post("/v1/invoices", key, "{\"customer\":\"" + customerId + "\",\"auto_finalize\":true,\"lines\":[{"
                + "\"description\":\"Consulting\",\"unit_price\":\"" + amount + "\"}]}")).get("id").asString();
    }

    /** Every matching event (all pages), in the order the API returns them. */
    private List<JsonNode> events(String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            JsonNode page = ok(api.get("/v1/billing-events?limit=100&" + query + (cursor == null ? "" : "&cursor=" + cursor), key));
            page.get("data").forEach(all::add);
            if (!page.get("has_more").asBoolean()) {
                return all;
            }
            cursor = page.get("next_cursor").asString();
        }
    }

    private List<String> types(String query) {
        return events(query).stream().map(e -> e.get("type").asString()).toList();
    }

    private List<String> ids(String query) {
        return events(query).stream().map(e -> e.get("id").asString()).toList();
    }

    private void assertBad(String query, String param) {
        ApiResponse response = api.get("/v1/billing-events?" + query, key);
        assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("param")).as(query + " -> " + response).isEqualTo(param);
    }
}
