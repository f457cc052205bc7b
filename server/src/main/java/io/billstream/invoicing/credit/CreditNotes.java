package io.billstream.invoicing.credit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.billstream.customer.BillingAccount;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.credit.db.CreditedInvoices;
import io.billstream.invoicing.credit.db.IssuedCreditNotes;
import io.billstream.invoicing.credit.domain.CreditAllocation;
import io.billstream.invoicing.credit.domain.CreditMethod;
import io.billstream.invoicing.credit.domain.CreditNote;
import io.billstream.invoicing.credit.domain.CreditNoteDraft;
import io.billstream.invoicing.credit.domain.CreditReason;
import io.billstream.invoicing.credit.domain.CreditableInvoice;
import io.billstream.invoicing.credit.domain.RequestedLine;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Correcting finalised invoices: a credit note takes tax-inclusive amounts off an invoice's lines,
 * first off what the invoice still owes, then onto the customer's credit balance or back as a
 * refund. Issued under the invoice's row lock, so concurrent credit notes never credit more than the
 * invoice holds.
 */
@Service
public class CreditNotes {

    static final String CREATED = "credit_note.created";
    static final String INVOICE_PAID = "invoice.paid";

    private final CreditedInvoices invoices;
    private final IssuedCreditNotes creditNotes;
    private final CreditBalances balances;
    private final CustomerDirectory customers;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final BillingTime time;
    private final Clock clock;

    CreditNotes(CreditedInvoices invoices, IssuedCreditNotes creditNotes, CreditBalances balances, CustomerDirectory customers,
                BillingEventLog events, AuditLog audit, BillingTime time, Clock clock) {
        this.invoices = invoices;
        this.creditNotes = creditNotes;
        this.balances = balances;
        this.customers = customers;
        this.events = events;
        this.audit = audit;
        this.time = time;
        this.clock = clock;
    }

    @Transactional
    public CreditNoteView create(CreditNoteRequests.CreateCreditNote request) {
        CreditReason reason = CreditReason.parse(request.reason(), "reason");
        CreditMethod method = CreditMethod.parseOrDefault(request.creditMethod(), "credit_method");
        List<RequestedLine> lines = request.lines() == null ? null : request.lines().stream()
                .map(line -> line == null ? null : new RequestedLine(line.invoiceLine(), line.amountMinor())).toList();
        if (request.invoice() == null || request.invoice().isBlank()) {
            throw ApiException.invalid("invoice", "invoice is required: the ID of a finalized invoice");
        }
        CreditableInvoice invoice = invoices.lock(TenantContext.require(), request.invoice())
                .orElseThrow(() -> ApiException.invalid("invoice", "No invoice '" + request.invoice() + "' in this tenant"));
        CreditNoteView view = issue(invoice, lines, reason, method, request.memo(), time.nowForChange(invoice.testClockId()));
        audit.record("credit_note.create", "credit_note", view.id(), null, view);
        return view;
    }

    /**
     * Issues a credit note for everything the invoice still has to credit (how a paid invoice is
     * credited before it is voided). Runs in the caller's transaction; the invoice's row stays locked
     * until it ends.
     *
     * @param reason       {@code refund}, {@code correction} or {@code goodwill}
     * @param creditMethod {@code credit_balance} or {@code refund}; null for {@code credit_balance}
     * @throws io.billstream.platform.domain.StateConflictException {@code invoice_not_finalized},
     *         {@code nothing_to_credit} or {@code nothing_to_refund}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditNoteView creditRemaining(String invoiceId, String reason, String creditMethod) {
        CreditReason parsedReason = CreditReason.parse(reason, "reason");
        CreditMethod method = CreditMethod.parseOrDefault(creditMethod, "credit_method");
        CreditableInvoice invoice = invoices.lock(TenantContext.require(), invoiceId)
                .orElseThrow(() -> ApiException.notFound("invoice", invoiceId));
        return issue(invoice, null, parsedReason, method, null, time.now(invoice.testClockId()));
    }

    @Transactional(readOnly = true)
    public CreditNoteView get(String id) {
        return creditNotes.find(TenantContext.require(), id).map(CreditNoteView::of)
                .orElseThrow(() -> ApiException.notFound("credit_note", id));
    }

    /** @param customer the customer's ID or external_id */
    @Transactional(readOnly = true)
    public ListPage<CreditNoteView> list(String invoiceId, String customer, String reason, String refundStatus, Instant createdFrom,
                                         Instant createdTo, PageRequest page) {
        String customerId = customer == null ? null : customers.find(customer).map(BillingAccount::id).orElse("none");
        CreditReason parsedReason = reason == null ? null : CreditReason.parse(reason, "reason");
        if (refundStatus != null && !refundStatus.equals("pending") && !refundStatus.equals("refunded")) {
            throw ApiException.invalid("refund_status", "must be one of [pending, refunded]");
        }
        var filter = new IssuedCreditNotes.Filter(invoiceId, customerId, parsedReason, refundStatus, createdFrom, createdTo);
        return ListPage.of(creditNotes.list(TenantContext.require(), filter, page), page, CreditNote::id, CreditNoteView::of);
    }

    private CreditNoteView issue(CreditableInvoice invoice, List<RequestedLine> lines, CreditReason reason, CreditMethod method,
                                 String memo, Instant now) {
        String tenantId = TenantContext.require();
        CreditNoteDraft draft = CreditNoteDraft.of(invoice, lines, method);
        CreditNote note = CreditNote.issue(Ids.next("cn"), tenantId, invoice, draft, reason, method, memo, now,
                draft.lines().stream().map(line -> Ids.next("cnl")).toList());
        creditNotes.insert(note);
        invoices.creditLines(tenantId, draft.lines());
        CreditNoteView view = CreditNoteView.of(note);
        EventSubjects subjects = new EventSubjects(invoice.customerId(), invoice.subscriptionId(), invoice.id(), null);
        events.append(CREATED, subjects, view, null);
        CreditAllocation allocation = draft.allocation();
        if (allocation.invoiceReductionMinor() > 0) {
            boolean settled = invoice.settledBy(allocation.invoiceReductionMinor());
            Instant paidAt = settled ? now : null;
            invoices.reduceAmountDue(tenantId, invoice.id(), allocation.invoiceReductionMinor(), paidAt, clock.instant());
            if (settled) {
                events.appendChange(INVOICE_PAID, subjects, SettledInvoiceView.before(invoice),
                        SettledInvoiceView.settled(invoice, allocation.invoiceReductionMinor(), paidAt));
            }
        }
        if (allocation.creditBalanceMinor() > 0) {
            balances.credit(invoice.customerId(), invoice.currency(), allocation.creditBalanceMinor(), "credit_note", note.id(),
                    invoice.id(), "Credit note " + note.number());
        }
        return view;
    }
}
