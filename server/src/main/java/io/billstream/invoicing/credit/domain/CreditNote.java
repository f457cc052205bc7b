package io.billstream.invoicing.credit.domain;

import java.time.Instant;
import java.util.List;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;

/**
 * A correction of a finalised invoice, issued once and never changed (only {@code refund_status}
 * moves on, as the payments module carries the refund out).
 *
 * @param refundStatus {@code pending} while a refund waits for the payments module, {@code refunded} once paid,
 *                     {@code failed} when (part of) it could not be paid and went to the credit balance instead;
 *                     null when nothing is refunded
 */
public record CreditNote(String id, String tenantId, String invoiceId, String customerId, String number, String currency,
                         CreditReason reason, CreditMethod method, long subtotalMinor, long taxMinor, long totalMinor,
                         CreditAllocation allocation, String refundStatus, String memo, String testClockId, Instant createdAt,
                         List<Line> lines) {

    public static final int MAX_MEMO_LENGTH = 500;
    public static final String REFUND_PENDING = "pending";
    public static final String REFUNDED = "refunded";
    public static final String REFUND_FAILED = "failed";

    public CreditNote {
        lines = List.copyOf(lines);
    }

    public record Line(String id, String invoiceLineId, String description, long amountMinor, long taxMinor) {
    }

    /** @param lineIds one new ID per line of the draft, in order */
    public static CreditNote issue(String id, String tenantId, CreditableInvoice invoice, CreditNoteDraft draft, CreditReason reason,
                                   CreditMethod method, String memo, Instant now, List<String> lineIds) {
        List<Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < draft.lines().size(); i++) {
            CreditedLine line = draft.lines().get(i);
            lines.add(new Line(lineIds.get(i), line.invoiceLineId(), line.description(), line.amountMinor(), line.taxMinor()));
        }
        CreditAllocation allocation = draft.allocation();
        return new CreditNote(id, tenantId, invoice.id(), invoice.customerId(), invoice.nextCreditNoteNumber(), invoice.currency(),
                reason, method, draft.subtotalMinor(), draft.taxMinor(), draft.totalMinor(), allocation,
                allocation.refundMinor() > 0 ? REFUND_PENDING : null, memo(memo), invoice.testClockId(), now, lines);
    }

    /** Waiting for the payments module to pay {@code refund_minor} back. */
    public boolean refundPending() {
        return REFUND_PENDING.equals(refundStatus) && allocation.refundMinor() > 0;
    }

    /**
     * The refund was paid: {@code pending} → {@code refunded}. A note already {@code refunded} stays so; one
     * {@code failed} stays failed (another part of its refund failed, and is on the credit balance).
     */
    public CreditNote refundSucceeded() {
        requireRefund();
        return REFUND_PENDING.equals(refundStatus) ? withRefundStatus(REFUNDED) : this;
    }

    /**
     * {@code amountMinor} of the refund could not be paid (declined, or reversed after it succeeded): the note is
     * {@code failed} and that amount is owed to the customer's credit balance. Parts of one refund may fail one by
     * one, never more than the refund in all.
     *
     * @param alreadyFailedMinor what earlier failures of this note's refund put on the credit balance
     */
    public CreditNote refundFailed(long amountMinor, long alreadyFailedMinor) {
        requireRefund();
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("A failed refund is a positive amount; got " + amountMinor);
        }
        if (alreadyFailedMinor + amountMinor > allocation.refundMinor()) {
            throw new StateConflictException("refund_failure_exceeds_refund", "Credit note " + id + " refunds "
                    + allocation.refundMinor() + ", of which " + alreadyFailedMinor + " already failed; " + amountMinor
                    + " more cannot have failed");
        }
        return withRefundStatus(REFUND_FAILED);
    }

    private void requireRefund() {
        if (refundStatus == null || allocation.refundMinor() == 0) {
            throw new StateConflictException("no_refund", "Credit note " + id + " refunds nothing");
        }
    }

    private CreditNote withRefundStatus(String status) {
        return new CreditNote(id, tenantId, invoiceId, customerId, number, currency, reason, method, subtotalMinor, taxMinor, totalMinor,
                allocation, status, memo, testClockId, createdAt, lines);
    }

    private static String memo(String memo) {
        if (memo == null || memo.isBlank()) {
            return null;
        }
        String trimmed = memo.strip();
        if (trimmed.length() > MAX_MEMO_LENGTH) {
            throw new InvalidValueException("memo", "must be at most " + MAX_MEMO_LENGTH + " characters");
        }
        return trimmed;
    }
}
