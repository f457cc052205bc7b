package io.billstream.invoicing.credit.domain;

import io.billstream.platform.domain.StateConflictException;

/**
 * Where a credit note's total goes. The invoice's unpaid amount is reduced first: a customer is
 * never handed credit or money back for an invoice it still owes. Only the rest follows the
 * chosen method.
 *
 * @param invoiceReductionMinor taken off the invoice's amount due
 * @param creditBalanceMinor    added to the customer's credit balance
 * @param refundMinor           to be paid back by the payments module
 */
public record CreditAllocation(long invoiceReductionMinor, long creditBalanceMinor, long refundMinor) {

    /**
     * With {@link CreditMethod#REFUND}, only money actually received can go back as money: the part of
     * the rest beyond it (what the invoice's credit balance paid) returns to the credit balance. A
     * refund that would refund nothing is refused, so a caller asking for money back never silently
     * gets something else.
     */
    public static CreditAllocation of(long totalMinor, CreditableInvoice invoice, CreditMethod method) {
        long reduction = Math.min(totalMinor, Math.max(0, invoice.amountDueMinor()));
        long rest = totalMinor - reduction;
        if (method == CreditMethod.CREDIT_BALANCE) {
            return new CreditAllocation(reduction, rest, 0);
        }
        long refund = Math.min(rest, invoice.cashRefundableMinor());
        if (refund == 0) {
            throw new StateConflictException("nothing_to_refund", rest == 0
                    ? "Invoice " + invoice.id() + " is unpaid: this credit only reduces its amount due; use credit_method credit_balance"
                    : "Nothing paid for invoice " + invoice.id() + " is left to refund in money; use credit_method credit_balance");
        }
        return new CreditAllocation(reduction, rest - refund, refund);
    }
}
