package io.billstream.invoicing.credit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.billstream.customer.BillingAccount;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.application.InvoiceView;
import io.billstream.invoicing.application.InvoiceViews;
import io.billstream.invoicing.credit.db.CreditBalanceLedger;
import io.billstream.invoicing.credit.db.CreditedInvoices;
import io.billstream.invoicing.credit.db.IssuedCreditNotes;
import io.billstream.invoicing.credit.domain.CreditAllocation;
import io.billstream.invoicing.credit.domain.CreditBalanceKind;
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
    static final String UPDATED = "credit_note.updated";
    static final String INVOICE_PAID = "invoice.paid";
    private static final List<String> REFUND_STATUSES = List.of(CreditNote.REFUND_PENDING, CreditNote.REFUNDED, CreditNote.REFUND_FAILED);

    /**
     * A credit note whose refund waits to be paid out.
     *
     * @param refundMinor what to pay back, in minor units of {@code currency}
     */
    public record PendingRefund(String id, String invoiceId, long refundMinor, String currency) {
    }

    private final CreditedInvoices invoices;
    private final IssuedCreditNotes creditNotes;
    private final CreditBalances balances;
    private final CreditBalanceLedger ledger;
    private final InvoiceViews invoiceViews;
    private final CustomerDirectory customers;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final BillingTime time;
    private final Clock clock;

    CreditNotes(CreditedInvoices invoices, IssuedCreditNotes creditNotes, CreditBalances balances, CreditBalanceLedger ledger,
                InvoiceViews invoiceViews, CustomerDirectory customers, BillingEventLog events, AuditLog audit, BillingTime time,
                Clock clock) {
        this.invoices = invoices;
        this.creditNotes = creditNotes;
        this.balances = balances;
        this.ledger = ledger;
        this.invoiceViews = invoiceViews;
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
        Instant now = time.nowForChange(invoice.testClockId());
        CreditNoteView view = issue(invoice, CreditNoteDraft.of(invoice, lines, method), reason, method, request.memo(), now);
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
        return issue(invoice, CreditNoteDraft.of(invoice, null, method), parsedReason, method, null, time.now(invoice.testClockId()));
    }

    /**
     * Issues the credit note of a refund of money paid for the invoice (reason and method {@code refund},
     * {@code refund_status: pending}): {@code refund_minor} is exactly {@code amountMinor}, taken from the lines in
     * invoice order, each up to what it still has to credit, the tax inside in proportion. It does not reduce the
     * amount due: a partly paid invoice still owes what it owed. Runs in the caller's transaction, under the
     * invoice's row lock.
     *
     * @throws io.billstream.platform.domain.StateConflictException {@code invoice_not_finalized},
     *         {@code refund_exceeds_creditable} (the invoice has less left to credit) or {@code refund_exceeds_paid}
     *         (less was paid for it in money and not yet refunded)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditNoteView forRefund(String invoiceId, long amountMinor, String memo) {
        CreditableInvoice invoice = invoices.lock(TenantContext.require(), invoiceId)
                .orElseThrow(() -> ApiException.notFound("invoice", invoiceId));
        return issue(invoice, CreditNoteDraft.forRefund(invoice, amountMinor), CreditReason.REFUND, CreditMethod.REFUND, memo,
                time.now(invoice.testClockId()));
    }

    /**
     * A credit note an operator issued with {@code credit_method: refund}, about to be carried out. Its row stays
     * locked until the caller's transaction ends, so one credit note's refund is started once at a time.
     *
     * @throws ApiException 404 when there is no such credit note; 409 {@code refund_not_pending} when it refunds
     *                      nothing or its refund is no longer pending
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PendingRefund pendingRefund(String creditNoteId) {
        CreditNote note = creditNotes.lock(TenantContext.require(), creditNoteId)
                .orElseThrow(() -> ApiException.notFound("credit_note", creditNoteId));
        if (!note.refundPending()) {
            throw ApiException.conflict("refund_not_pending", "credit_note", "Credit note " + creditNoteId + (note.refundStatus() == null
                    ? " refunds nothing" : "'s refund is " + note.refundStatus() + ", not pending"));
        }
        return new PendingRefund(note.id(), note.invoiceId(), note.allocation().refundMinor(), note.currency());
    }

    /**
     * The credit note's refund was paid: {@code pending} → {@code refunded}, with {@code credit_note.updated}. Nothing
     * changes when it is already {@code refunded}, or {@code failed} (another part of it failed).
     *
     * @param at when it was paid; the credit note has no column for it (the payments module's refund row records it)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditNoteView refundSucceeded(String creditNoteId, Instant at) {
        CreditNote note = lockForRefund(creditNoteId);
        return changed(note, note.refundSucceeded());
    }

    /**
     * {@code amountMinor} of the credit note's refund could not be paid (declined, or reversed after it succeeded):
     * {@code refund_status} becomes {@code failed} ({@code credit_note.updated}) and the amount goes to the
     * customer's credit balance as {@code refund_failed}, dated {@code at}, so the credit note's value is never
     * lost. Several parts of one refund may fail, never more than the refund in all.
     *
     * @throws io.billstream.platform.domain.StateConflictException {@code no_refund}, or
     *         {@code refund_failure_exceeds_refund} when the failures would add up to more than the refund
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public CreditNoteView refundFailed(String creditNoteId, long amountMinor, Instant at) {
        CreditNote note = lockForRefund(creditNoteId);
        long alreadyFailed = ledger.creditedFor(note.tenantId(), note.customerId(), note.id(), CreditBalanceKind.REFUND_FAILED);
        CreditNoteView view = changed(note, note.refundFailed(amountMinor, alreadyFailed));
        balances.credit(note.customerId(), note.currency(), amountMinor, CreditBalanceKind.REFUND_FAILED.apiName(), note.id(),
                note.invoiceId(), "Refund of credit note " + note.number() + " failed: kept as credit", at);
        return view;
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
        if (refundStatus != null && !REFUND_STATUSES.contains(refundStatus)) {
            throw ApiException.invalid("refund_status", "must be one of " + REFUND_STATUSES);
        }
        var filter = new IssuedCreditNotes.Filter(invoiceId, customerId, parsedReason, refundStatus, createdFrom, createdTo);
        return ListPage.of(creditNotes.list(TenantContext.require(), filter, page), page, CreditNote::id, CreditNoteView::of);
    }

    private CreditNoteView issue(CreditableInvoice invoice, CreditNoteDraft draft, CreditReason reason, CreditMethod method,
                                 String memo, Instant now) {
        String tenantId = TenantContext.require();
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
            // Read only when it is paid: the invoice.paid event shows the invoice as every other invoice.paid does.
            InvoiceView before = settled ? invoiceViews.find(tenantId, invoice.id()).orElseThrow() : null;
            invoices.reduceAmountDue(tenantId, invoice.id(), allocation.invoiceReductionMinor(), paidAt, clock.instant());
            if (settled) {
                events.appendChange(INVOICE_PAID, subjects, before, invoiceViews.find(tenantId, invoice.id()).orElseThrow());
            }
        }
        if (allocation.creditBalanceMinor() > 0) {
            balances.credit(invoice.customerId(), invoice.currency(), allocation.creditBalanceMinor(), "credit_note", note.id(),
                    invoice.id(), "Credit note " + note.number());
        }
        return view;
    }

    private CreditNote lockForRefund(String creditNoteId) {
        return creditNotes.lock(TenantContext.require(), creditNoteId)
                .orElseThrow(() -> ApiException.notFound("credit_note", creditNoteId));
    }

    /** Writes a new refund status with {@code credit_note.updated}; nothing when it stays as it was. */
    private CreditNoteView changed(CreditNote before, CreditNote after) {
        CreditNoteView view = CreditNoteView.of(after);
        if (!after.refundStatus().equals(before.refundStatus())) {
            creditNotes.changeRefundStatus(before.tenantId(), before.id(), before.refundStatus(), after.refundStatus());
            events.appendChange(UPDATED, new EventSubjects(after.customerId(), null, after.invoiceId(), null), CreditNoteView.of(before),
                    view);
        }
        return view;
    }
}
