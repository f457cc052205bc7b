package io.billstream.invoicing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.billstream.platform.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What payments do to invoices, through {@link InvoiceCollection} as the payments module calls it (in its own
 * transaction, in the tenant's context): partial, exact and over-payments, payments of written-off, paid and void
 * invoices, and the write-off itself. Invoices are issued and read back through the API.
 */
class InvoiceCollectionIntegrationTest extends InvoicingIntegrationTest {

    static final Instant MAR_1 = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant MAR_5 = Instant.parse("2026-03-05T10:00:00Z");
    static final Instant MAR_6 = Instant.parse("2026-03-06T10:00:00Z");
    static final Instant MAR_10 = Instant.parse("2026-03-10T00:00:00Z");

    @Autowired
    InvoiceCollection collection;

    @Autowired
    TransactionTemplate transactions;

    String customer;

    @BeforeEach
    void customer() {
        tenantAt(MAR_1);
        customer = customer("acme", "USD", "");
    }

    private <T> T inTransaction(Supplier<T> work) {
        return TenantContext.callAs(tenantId, () -> transactions.execute(tx -> work.get()));
    }

    private InvoiceCollection.Settlement settle(String invoiceId, long amountMinor, String paymentId, Instant at) {
        return inTransaction(() -> {
            assertThat(collection.lock(invoiceId)).isPresent();
            return collection.settle(invoiceId, amountMinor, paymentId, at);
        });
    }

    private Optional<PayableInvoice> find(String invoiceId) {
        return TenantContext.callAs(tenantId, () -> collection.find(invoiceId));
    }

    private boolean markUncollectible(String invoiceId, Instant at) {
        return inTransaction(() -> collection.markUncollectible(invoiceId, at));
    }

    /** A one-off invoice of one line, issued at once. */
    private JsonNode issue(String description, String price) {
        return created(api.post("/v1/invoices", key, "{\"customer\":\"acme\",\"lines\":[{\"description\":\"" + description
                + "\",\"unit_price\":\"" + price + "\"}],\"auto_finalize\":true}"));
    }

    private long balance() {
        return ok(api.get("/v1/customers/" + customer + "/credit-balance", key)).get("data").get(0).get("balance_minor").asLong();
    }

    private List<JsonNode> ledger() {
        List<JsonNode> rows = new ArrayList<>();
        ok(api.get("/v1/customers/" + customer + "/credit-balance-transactions?limit=100", key)).get("data").forEach(rows::add);
        return rows;
    }

    private List<JsonNode> events(String type) {
        return events(key, customer).stream().filter(e -> e.get("type").asString().equals(type)).toList();
    }

    @Test
    void a_partial_payment_leaves_the_invoice_open_and_the_payment_of_the_rest_pays_it_once() {
        String id = issue("Consulting", "120.00").get("id").asString();

        // 120.00 due, 50.00 paid: 70.00 left, still finalized.
        assertThat(settle(id, 5000, "pay_part", MAR_5)).isEqualTo(new InvoiceCollection.Settlement(5000, 0, false));

        JsonNode part = invoice(id);
        assertThat(part.get("status").asString()).isEqualTo("finalized");
        assertThat(part.get("amount_paid_minor").asLong()).isEqualTo(5000);
        assertThat(part.get("amount_due_minor").asLong()).isEqualTo(7000);
        assertThat(part.get("paid_at").isNull()).isTrue();
        PayableInvoice payable = find(id).orElseThrow();
        assertThat(payable.status()).isEqualTo("finalized");
        assertThat(payable.amountPaidMinor()).isEqualTo(5000);
        assertThat(payable.amountDueMinor()).isEqualTo(7000);
        assertThat(payable.collectible()).isTrue();
        assertThat(events("invoice.paid")).isEmpty();

        // The other 70.00: nothing left, paid at the payment's time.
        assertThat(settle(id, 7000, "pay_rest", MAR_6)).isEqualTo(new InvoiceCollection.Settlement(7000, 0, true));

        JsonNode paid = invoice(id);
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("amount_paid_minor").asLong()).isEqualTo(12000);
        assertThat(paid.get("amount_due_minor").asLong()).isZero();
        assertThat(paid.get("paid_at").asString()).isEqualTo(MAR_6.toString());
        assertThat(find(id).orElseThrow().collectible()).isFalse();
        assertThat(balance()).isZero();
        List<JsonNode> paidEvents = events("invoice.paid");
        assertThat(paidEvents).hasSize(1);
        JsonNode event = paidEvents.getFirst();
        assertThat(event.get("invoice_id").asString()).isEqualTo(id);
        assertThat(event.get("payment_id").asString()).isEqualTo("pay_rest");
        // The invoice as the API shows it, as finalisation's invoice.paid does.
        assertThat(event.get("data").get("object")).isEqualTo(paid);
        JsonNode previous = event.get("data").get("previous_attributes");
        assertThat(previous.get("status").asString()).isEqualTo("finalized");
        assertThat(previous.get("amount_paid_minor").asLong()).isEqualTo(5000);
        assertThat(previous.get("amount_due_minor").asLong()).isEqualTo(7000);
        assertThat(previous.get("paid_at").isNull()).isTrue();
    }

    @Test
    void a_payment_of_exactly_the_amount_due_pays_the_invoice() {
        String id = issue("Licence", "49.99").get("id").asString();

        assertThat(settle(id, 4999, "pay_exact", MAR_5)).isEqualTo(new InvoiceCollection.Settlement(4999, 0, true));

        JsonNode paid = invoice(id);
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("amount_paid_minor").asLong()).isEqualTo(4999);
        assertThat(paid.get("amount_due_minor").asLong()).isZero();
        assertThat(events("invoice.paid")).hasSize(1);
        assertThat(ledger()).isEmpty();
    }

    @Test
    void an_overpayment_pays_the_invoice_and_the_rest_goes_to_the_credit_balance() {
        String id = issue("Setup", "30.00").get("id").asString();

        // 30.00 due, 45.00 paid: 30.00 settles the invoice, 15.00 is credit.
        assertThat(settle(id, 4500, "pay_over", MAR_5)).isEqualTo(new InvoiceCollection.Settlement(3000, 1500, true));

        JsonNode paid = invoice(id);
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("amount_paid_minor").asLong()).isEqualTo(3000);
        assertThat(balance()).isEqualTo(1500);
        List<JsonNode> rows = ledger();
        assertThat(rows).hasSize(1);
        JsonNode row = rows.getFirst();
        assertThat(row.get("kind").asString()).isEqualTo("overpayment");
        assertThat(row.get("amount_minor").asLong()).isEqualTo(1500);
        assertThat(row.get("balance_after_minor").asLong()).isEqualTo(1500);
        assertThat(row.get("invoice").asString()).isEqualTo(id);
        assertThat(row.get("credit_note").isNull()).isTrue();
        assertThat(row.get("description").asString()).contains("pay_over").contains(paid.get("number").asString());
        assertThat(row.get("created_at").asString()).isEqualTo(MAR_5.toString());
        List<JsonNode> changes = events("customer.credit_balance_changed");
        assertThat(changes).hasSize(1);
        assertThat(changes.getFirst().get("data").get("object").get("kind").asString()).isEqualTo("overpayment");
        assertThat(changes.getFirst().get("data").get("object").get("change_minor").asLong()).isEqualTo(1500);
        assertThat(eventTypes(key, customer)).containsSubsequence("invoice.finalized", "invoice.paid", "customer.credit_balance_changed");

        // The next invoice (10.00) consumes 10.00 of it when it is issued: paid at once, 5.00 left.
        JsonNode next = issue("Extra seat", "10.00");
        assertThat(next.get("credit_applied_minor").asLong()).isEqualTo(1000);
        assertThat(next.get("status").asString()).isEqualTo("paid");
        assertThat(balance()).isEqualTo(500);
    }

    @Test
    void a_written_off_invoice_paid_after_all_becomes_paid() {
        String id = issue("Consulting", "80.00").get("id").asString();

        assertThat(markUncollectible(id, MAR_5)).isTrue();

        JsonNode written = invoice(id);
        assertThat(written.get("status").asString()).isEqualTo("uncollectible");
        assertThat(written.get("uncollectible_at").asString()).isEqualTo(MAR_5.toString());
        assertThat(written.get("amount_due_minor").asLong()).isEqualTo(8000);
        List<JsonNode> writeOffs = events("invoice.marked_uncollectible");
        assertThat(writeOffs).hasSize(1);
        assertThat(writeOffs.getFirst().get("data").get("object")).isEqualTo(written);
        assertThat(writeOffs.getFirst().get("data").get("previous_attributes").get("status").asString()).isEqualTo("finalized");
        assertThat(find(id).orElseThrow().collectible()).isTrue();
        // Only a finalized invoice is written off: a second time changes nothing.
        assertThat(markUncollectible(id, MAR_6)).isFalse();
        assertThat(events("invoice.marked_uncollectible")).hasSize(1);

        // 30.00 of 80.00: still written off, 50.00 due; then the 50.00 pays it.
        assertThat(settle(id, 3000, "pay_late_1", MAR_6)).isEqualTo(new InvoiceCollection.Settlement(3000, 0, false));
        assertThat(invoice(id).get("status").asString()).isEqualTo("uncollectible");
        assertThat(invoice(id).get("amount_due_minor").asLong()).isEqualTo(5000);
        assertThat(settle(id, 5000, "pay_late_2", MAR_10)).isEqualTo(new InvoiceCollection.Settlement(5000, 0, true));

        JsonNode paid = invoice(id);
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("paid_at").asString()).isEqualTo(MAR_10.toString());
        assertThat(paid.get("uncollectible_at").asString()).isEqualTo(MAR_5.toString());
        assertThat(paid.get("amount_paid_minor").asLong()).isEqualTo(8000);
        List<JsonNode> paidEvents = events("invoice.paid");
        assertThat(paidEvents).hasSize(1);
        assertThat(paidEvents.getFirst().get("data").get("previous_attributes").get("status").asString()).isEqualTo("uncollectible");
        assertThat(markUncollectible(id, MAR_10)).isFalse();
    }

    @Test
    void a_payment_for_a_paid_or_void_invoice_goes_to_the_credit_balance_whole() {
        String paidId = issue("Licence", "20.00").get("id").asString();
        settle(paidId, 2000, "pay_first", MAR_5);

        // Paid already: all 20.00 of a second payment is credit.
        assertThat(settle(paidId, 2000, "pay_twice", MAR_6)).isEqualTo(new InvoiceCollection.Settlement(0, 2000, false));

        assertThat(invoice(paidId).get("amount_paid_minor").asLong()).isEqualTo(2000);
        assertThat(events("invoice.paid")).hasSize(1);
        assertThat(balance()).isEqualTo(2000);

        // A 50.00 invoice consumes the 20.00 when it is issued (30.00 due); voiding it gives the 20.00 back.
        String voidId = issue("Training", "50.00").get("id").asString();
        assertThat(invoice(voidId).get("credit_applied_minor").asLong()).isEqualTo(2000);
        assertThat(balance()).isZero();
        ok(api.post("/v1/invoices/" + voidId + "/void", key, "{}"));
        assertThat(balance()).isEqualTo(2000);

        // Void: 10.00 paid for it is credit too. 20.00 + 10.00 = 30.00.
        assertThat(settle(voidId, 1000, "pay_void", MAR_6)).isEqualTo(new InvoiceCollection.Settlement(0, 1000, false));
        assertThat(invoice(voidId).get("status").asString()).isEqualTo("void");
        assertThat(invoice(voidId).get("amount_paid_minor").asLong()).isZero();
        assertThat(balance()).isEqualTo(3000);
        assertThat(ledger()).extracting(r -> r.get("kind").asString())
                .containsExactly("overpayment", "invoice_voided", "invoice_applied", "overpayment");
    }

    @Test
    void drafts_are_not_paid_and_other_tenants_invoices_are_not_found() {
        String draft = created(api.post("/v1/invoices", key, "{\"customer\":\"acme\",\"lines\":[{\"description\":\"Draft\","
                + "\"unit_price\":\"5.00\"}]}")).get("id").asString();

        assertThatThrownBy(() -> settle(draft, 500, "pay_draft", MAR_5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("draft");
        assertThat(markUncollectible(draft, MAR_5)).isFalse();
        assertThat(invoice(draft).get("status").asString()).isEqualTo("draft");
        assertThat(invoice(draft).get("amount_paid_minor").asLong()).isZero();

        String issued = issue("Licence", "20.00").get("id").asString();
        assertThatThrownBy(() -> settle(issued, 0, "pay_zero", MAR_5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantContext.runAs(tenantId, () -> collection.settle(issued, 100, "pay_no_tx", MAR_5)))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(invoice(issued).get("amount_paid_minor").asLong()).isZero();

        Optional<PayableInvoice> missing = inTransaction(() -> collection.lock("in_missing"));
        assertThat(missing).isEmpty();
        String otherTenant = newTenant().id();
        Optional<PayableInvoice> lockedElsewhere = TenantContext.callAs(otherTenant, () -> transactions.execute(tx -> collection.lock(issued)));
        Optional<PayableInvoice> foundElsewhere = TenantContext.callAs(otherTenant, () -> collection.find(issued));
        assertThat(lockedElsewhere).isEmpty();
        assertThat(foundElsewhere).isEmpty();
        assertThatThrownBy(() -> TenantContext.runAs(otherTenant, () -> transactions.executeWithoutResult(tx ->
                collection.settle(issued, 100, "pay_other", MAR_5)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_locked_invoice_shows_what_payments_need() {
        JsonNode issued = created(api.post("/v1/invoices", key, """
                {"customer":"acme","auto_finalize":true,"lines":[{"description":"Consulting","quantity":"3","unit_price":"150.00"},
                                                                   {"description":"Travel","unit_price":"89.99"}]}"""));

        PayableInvoice locked = inTransaction(() -> collection.lock(issued.get("id").asString())).orElseThrow();

        // 3 × 150.00 + 89.99 = 539.99
        assertThat(locked.id()).isEqualTo(issued.get("id").asString());
        assertThat(locked.number()).isEqualTo(issued.get("number").asString());
        assertThat(locked.customerId()).isEqualTo(customer);
        assertThat(locked.status()).isEqualTo("finalized");
        assertThat(locked.currency()).isEqualTo("USD");
        assertThat(locked.totalMinor()).isEqualTo(53999);
        assertThat(locked.amountDueMinor()).isEqualTo(53999);
        assertThat(locked.amountPaidMinor()).isZero();
        assertThat(locked.subscriptionIds()).isEmpty();
        assertThat(locked.testClockId()).isEqualTo(clock);
        assertThat(locked.issuedAt()).isEqualTo(MAR_1);
        assertThat(locked.dueAt()).isEqualTo(Instant.parse(issued.get("due_at").asString()));
        assertThat(find(locked.id())).contains(locked);
    }
}
