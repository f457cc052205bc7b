package io.billstream.invoicing.credit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.billstream.invoicing.InvoiceCollection;
import io.billstream.invoicing.credit.InvoiceFixtures.Invoice;
import io.billstream.invoicing.credit.InvoiceFixtures.Line;
import io.billstream.platform.domain.StateConflictException;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Refunds as the payments module carries them out: the credit notes of refunds it makes
 * ({@link CreditNotes#forRefund}), refunds of credit notes an operator issued ({@link CreditNotes#pendingRefund}),
 * and how each ends ({@link CreditNotes#refundSucceeded}, {@link CreditNotes#refundFailed}). Invoices are
 * hand-computed fixtures, paid through {@link InvoiceCollection} as payments pay them.
 */
class CreditNoteRefundsIntegrationTest extends BillingIntegrationTest {

    static final Instant PAID_AT = Instant.parse("2026-03-05T10:00:00Z");
    static final Instant REFUND_AT = Instant.parse("2026-03-20T09:30:00Z");

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    CreditNotes creditNotes;

    @Autowired
    InvoiceCollection collection;

    @Autowired
    TransactionTemplate transactions;

    InvoiceFixtures invoices;
    TenantFixture tenant;
    String key;
    String customer;

    @BeforeEach
    void customer() {
        invoices = new InvoiceFixtures(ownerDataSource);
        tenant = newTenant();
        key = tenant.adminKey();
        customer = createCustomer(key, "{\"external_id\":\"acme\",\"currency\":\"USD\"}").field("id");
    }

    private <T> T inTransaction(Supplier<T> work) {
        return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> work.get()));
    }

    private void pay(String invoiceId, long amountMinor) {
        inTransaction(() -> collection.settle(invoiceId, amountMinor, "pay_" + invoiceId, PAID_AT));
    }

    private CreditNoteView refund(String invoiceId, long amountMinor) {
        return inTransaction(() -> creditNotes.forRefund(invoiceId, amountMinor, "Customer cancelled"));
    }

    private static void assertConflict(Runnable action, String code) {
        assertThatThrownBy(action::run).isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo(code);
    }

    private static void assertApiError(Runnable action, HttpStatus status, String code) {
        assertThatThrownBy(action::run).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(status))
                .extracting(e -> ((ApiException) e).code()).isEqualTo(code);
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

    private List<String> listed(String refundStatus) {
        List<String> ids = new ArrayList<>();
        ok(api.get("/v1/credit-notes?refund_status=" + refundStatus, key)).get("data").forEach(n -> ids.add(n.get("id").asString()));
        return ids;
    }

    @Test
    void a_refund_takes_exactly_its_amount_from_the_lines_in_order_with_their_tax_and_leaves_the_amount_due_alone() {
        // 100.00 + 20.00 exclusive tax (120.00), and 50.00 containing 7.98 of inclusive tax: 170.00, paid in full.
        Invoice invoice = invoices.finalized(tenant.id(), customer, Line.exclusive("Seats", 10000, 2000),
                Line.inclusive("Support", 5000, 798));
        pay(invoice.id(), 17000);

        CreditNoteView note = refund(invoice.id(), 14000);

        // All 120.00 of the first line (its 20.00 tax), then 20.00 of the second: round(2000 × 798 / 5000 = 319.2) = 3.19.
        assertThat(note.number()).isEqualTo(invoice.number() + "-CN1");
        assertThat(note.reason()).isEqualTo("refund");
        assertThat(note.creditMethod()).isEqualTo("refund");
        assertThat(note.totalMinor()).isEqualTo(14000);
        assertThat(note.taxMinor()).isEqualTo(2319);
        assertThat(note.subtotalMinor()).isEqualTo(11681);
        assertThat(note.invoiceReductionMinor()).isZero();
        assertThat(note.creditBalanceMinor()).isZero();
        assertThat(note.refundMinor()).isEqualTo(14000);
        assertThat(note.refundStatus()).isEqualTo("pending");
        assertThat(note.memo()).isEqualTo("Customer cancelled");
        assertThat(note.lines()).extracting(l -> l.invoiceLine() + "|" + l.amountMinor() + "|" + l.taxMinor())
                .containsExactly(invoice.lineIds().get(0) + "|12000|2000", invoice.lineIds().get(1) + "|2000|319");
        assertThat(invoices.lineCredited(invoice.lineIds().get(0))).isEqualTo(12000);
        assertThat(invoices.lineCredited(invoice.lineIds().get(1))).isEqualTo(2000);
        assertThat(invoices.amounts(invoice.id())).isEqualTo(new InvoiceFixtures.Amounts("paid", 0, 0, PAID_AT));
        assertThat(balance()).isZero();
        JsonNode stored = ok(api.get("/v1/credit-notes/" + note.id(), key));
        assertThat(stored.get("refund_minor").asLong()).isEqualTo(14000);
        assertThat(events("credit_note.created")).extracting(e -> e.get("data").get("object")).containsExactly(stored);
        assertThat(events("invoice.paid")).hasSize(1);

        // The 30.00 the second line has left; its tax is what is left of it: 7.98 − 3.19 = 4.79.
        CreditNoteView rest = refund(invoice.id(), 3000);
        assertThat(rest.number()).isEqualTo(invoice.number() + "-CN2");
        assertThat(rest.lines()).extracting(l -> l.invoiceLine() + "|" + l.amountMinor() + "|" + l.taxMinor())
                .containsExactly(invoice.lineIds().get(1) + "|3000|479");

        // Everything is credited: not a minor unit more, and nothing is written for the refusal.
        assertConflict(() -> refund(invoice.id(), 1), "refund_exceeds_creditable");
        assertThat(invoices.count("SELECT count(*) FROM credit_notes WHERE invoice_id = :p", invoice.id())).isEqualTo(2);
    }

    @Test
    void a_refund_of_a_partly_paid_invoice_leaves_what_it_still_owes_and_refunds_no_more_than_was_paid() {
        // 100.00 invoiced, 40.00 paid: 60.00 due.
        Invoice invoice = invoices.finalized(tenant.id(), customer, Line.exclusive("Consulting", 10000, 0));
        pay(invoice.id(), 4000);

        CreditNoteView first = refund(invoice.id(), 2500);

        assertThat(first.refundMinor()).isEqualTo(2500);
        assertThat(first.invoiceReductionMinor()).isZero();
        // Still 60.00 due: the 25.00 went back to the customer.
        assertThat(invoices.amounts(invoice.id())).isEqualTo(new InvoiceFixtures.Amounts("finalized", 0, 6000, null));
        // 40.00 paid, 25.00 refunded: 15.00 can still go back.
        assertConflict(() -> refund(invoice.id(), 1501), "refund_exceeds_paid");
        assertThat(refund(invoice.id(), 1500).refundMinor()).isEqualTo(1500);
        assertConflict(() -> refund(invoice.id(), 1), "refund_exceeds_paid");
        assertThat(invoices.amounts(invoice.id()).amountDueMinor()).isEqualTo(6000);
    }

    @Test
    void only_issued_invoices_of_the_tenant_are_refunded() {
        Invoice draft = invoices.insert(tenant.id(), customer, "draft", 0, 0, null, Line.exclusive("Draft", 1000, 0));

        assertConflict(() -> refund(draft.id(), 100), "invoice_not_finalized");
        assertApiError(() -> refund("in_missing", 100), HttpStatus.NOT_FOUND, "resource_missing");
        Invoice paid = invoices.paid(tenant.id(), customer, Line.exclusive("Seats", 1000, 0));
        String other = newTenant().id();
        assertApiError(() -> TenantContext.runAs(other, () -> transactions.executeWithoutResult(tx ->
                creditNotes.forRefund(paid.id(), 100, null))), HttpStatus.NOT_FOUND, "resource_missing");
    }

    @Test
    void a_refund_paid_out_is_refunded_once() {
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Seats", 5000, 0));
        CreditNoteView note = refund(invoice.id(), 5000);
        assertThat(listed("pending")).containsExactly(note.id());

        CreditNoteView refunded = inTransaction(() -> creditNotes.refundSucceeded(note.id(), REFUND_AT));

        assertThat(refunded.refundStatus()).isEqualTo("refunded");
        JsonNode stored = ok(api.get("/v1/credit-notes/" + note.id(), key));
        assertThat(stored.get("refund_status").asString()).isEqualTo("refunded");
        assertThat(listed("refunded")).containsExactly(note.id());
        assertThat(listed("pending")).isEmpty();
        List<JsonNode> updated = events("credit_note.updated");
        assertThat(updated).hasSize(1);
        assertThat(updated.getFirst().get("invoice_id").asString()).isEqualTo(invoice.id());
        assertThat(updated.getFirst().get("data").get("object")).isEqualTo(stored);
        assertThat(updated.getFirst().get("data").get("previous_attributes").propertyNames()).containsExactly("refund_status");
        assertThat(updated.getFirst().get("data").get("previous_attributes").get("refund_status").asString()).isEqualTo("pending");

        // Told again (a replayed callback): nothing changes.
        assertThat(inTransaction(() -> creditNotes.refundSucceeded(note.id(), REFUND_AT)).refundStatus()).isEqualTo("refunded");
        assertThat(events("credit_note.updated")).hasSize(1);
        assertThat(balance()).isZero();
    }

    @Test
    void a_refund_that_fails_goes_to_the_credit_balance_never_beyond_the_refund() {
        // 100.00 paid; 60.00 refunded, and the refund fails.
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Seats", 10000, 0));
        CreditNoteView note = refund(invoice.id(), 6000);

        CreditNoteView failed = inTransaction(() -> creditNotes.refundFailed(note.id(), 6000, REFUND_AT));

        assertThat(failed.refundStatus()).isEqualTo("failed");
        assertThat(ok(api.get("/v1/credit-notes/" + note.id(), key)).get("refund_status").asString()).isEqualTo("failed");
        assertThat(listed("failed")).containsExactly(note.id());
        assertThat(balance()).isEqualTo(6000);
        JsonNode row = ledger().getFirst();
        assertThat(row.get("kind").asString()).isEqualTo("refund_failed");
        assertThat(row.get("amount_minor").asLong()).isEqualTo(6000);
        assertThat(row.get("credit_note").asString()).isEqualTo(note.id());
        assertThat(row.get("invoice").asString()).isEqualTo(invoice.id());
        assertThat(row.get("created_at").asString()).isEqualTo(REFUND_AT.toString());
        assertThat(eventTypes(key, customer)).containsSubsequence("credit_note.created", "credit_note.updated",
                "customer.credit_balance_changed");
        assertThat(events("credit_note.updated").getFirst().get("data").get("previous_attributes").get("refund_status").asString())
                .isEqualTo("pending");

        // All 60.00 is on the balance already: not a minor unit more, and a late success does not undo it.
        assertConflict(() -> inTransaction(() -> creditNotes.refundFailed(note.id(), 1, REFUND_AT)), "refund_failure_exceeds_refund");
        assertThat(inTransaction(() -> creditNotes.refundSucceeded(note.id(), REFUND_AT)).refundStatus()).isEqualTo("failed");
        assertThat(balance()).isEqualTo(6000);

        // The other 40.00, refunded in two parts that fail one by one: 15.00, then 25.00. 60 + 15 + 25 = 100.00.
        CreditNoteView second = refund(invoice.id(), 4000);
        inTransaction(() -> creditNotes.refundFailed(second.id(), 1500, REFUND_AT));
        assertThat(balance()).isEqualTo(7500);
        inTransaction(() -> creditNotes.refundFailed(second.id(), 2500, REFUND_AT));
        assertThat(balance()).isEqualTo(10000);
        assertConflict(() -> inTransaction(() -> creditNotes.refundFailed(second.id(), 1, REFUND_AT)), "refund_failure_exceeds_refund");
        assertThat(balance()).isEqualTo(10000);
    }

    @Test
    void an_operators_refund_credit_note_is_carried_out_while_it_is_pending() {
        // 70.00 paid; the operator credits all of it as a refund.
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Seats", 7000, 0));
        String noteId = created(api.post("/v1/credit-notes", key, "{\"invoice\":\"" + invoice.id()
                + "\",\"reason\":\"refund\",\"credit_method\":\"refund\"}")).get("id").asString();

        CreditNotes.PendingRefund pending = inTransaction(() -> creditNotes.pendingRefund(noteId));

        assertThat(pending).isEqualTo(new CreditNotes.PendingRefund(noteId, invoice.id(), 7000, "USD"));
        inTransaction(() -> creditNotes.refundSucceeded(noteId, REFUND_AT));
        assertApiError(() -> inTransaction(() -> creditNotes.pendingRefund(noteId)), HttpStatus.CONFLICT, "refund_not_pending");

        Invoice other = invoices.paid(tenant.id(), customer, Line.exclusive("Support", 2000, 0));
        String toBalance = created(api.post("/v1/credit-notes", key, "{\"invoice\":\"" + other.id() + "\",\"reason\":\"goodwill\"}"))
                .get("id").asString();
        assertApiError(() -> inTransaction(() -> creditNotes.pendingRefund(toBalance)), HttpStatus.CONFLICT, "refund_not_pending");
        assertConflict(() -> inTransaction(() -> creditNotes.refundSucceeded(toBalance, REFUND_AT)), "no_refund");
        assertApiError(() -> inTransaction(() -> creditNotes.pendingRefund("cn_missing")), HttpStatus.NOT_FOUND, "resource_missing");
    }

    @Test
    void credit_notes_are_listed_by_every_refund_status() {
        ApiResponse unknown = api.get("/v1/credit-notes?refund_status=cancelled", key);

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field("param")).isEqualTo("refund_status");
        assertThat(unknown.field("detail")).contains("[pending, refunded, failed]");
        assertThat(listed("failed")).isEmpty();
    }
}
