package io.billstream.invoicing.credit.domain;

import java.util.List;
import java.util.Set;

import io.billstream.platform.domain.StateConflictException;

/**
 * A finalised invoice as a credit note sees it, read under the invoice's row lock so the amounts
 * cannot move while a credit note is drawn against them.
 *
 * @param creditedMinor  what credit notes took off the amount due
 * @param amountDueMinor {@code total − credit_applied − credited − amount_paid}: what the customer still owes
 * @param prior          the credit notes issued against it so far
 */
public record CreditableInvoice(String id, String customerId, String subscriptionId, String status, String number, String currency,
                                long totalMinor, long creditAppliedMinor, long creditedMinor, long amountPaidMinor, long amountDueMinor,
                                String testClockId, List<CreditableLine> lines, PriorCredits prior) {

    /** Issued invoices; drafts can still be edited, and a void invoice claims nothing to correct. */
    private static final Set<String> CREDITABLE_STATUSES = Set.of("finalized", "paid", "uncollectible");

    public CreditableInvoice {
        lines = List.copyOf(lines);
    }

    public void requireCreditable() {
        requireIssued();
        if (remainingMinor() <= 0) {
            throw new StateConflictException("nothing_to_credit", "Invoice " + id + " is already credited in full");
        }
    }

    /** Finalized, paid or uncollectible: a draft can still be edited, and a void invoice claims nothing to correct. */
    public void requireIssued() {
        if (!CREDITABLE_STATUSES.contains(status)) {
            throw new StateConflictException("invoice_not_finalized",
                    "Invoice " + id + " is " + status + ": only finalized, paid or uncollectible invoices can be credited");
        }
    }

    /**
     * What credit notes may still take: no more than the invoice's total minus what earlier notes
     * took, and no more than its positive lines hold (an invoice with a negative adjustment line has a
     * total below the sum of its positive lines).
     */
    public long remainingMinor() {
        long ofLines = lines.stream().mapToLong(CreditableLine::remainingMinor).sum();
        return Math.max(0, Math.min(totalMinor - prior.totalMinor(), ofLines));
    }

    /** Money actually received for the invoice and not yet promised back by a refund. */
    public long cashRefundableMinor() {
        return Math.max(0, amountPaidMinor - prior.refundMinor());
    }

    /** An open invoice whose amount due a credit reduces to zero is settled by it. */
    public boolean settledBy(long invoiceReductionMinor) {
        return status.equals("finalized") && invoiceReductionMinor > 0 && amountDueMinor - invoiceReductionMinor == 0;
    }

    /** Credit notes are numbered after the invoice: {@code INV-2026-000042-CN1}, {@code -CN2}, ... */
    public String nextCreditNoteNumber() {
        if (number == null) {
            throw new IllegalStateException("Invoice " + id + " is " + status + " but has no number");
        }
        return number + "-CN" + (prior.count() + 1);
    }
}
