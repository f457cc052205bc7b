package io.billstream.invoicing.credit.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;

/**
 * One row of a customer's credit balance ledger in one currency: positive rows add credit, negative
 * ones take it. Rows are never changed; the balance is their sum.
 *
 * @param balanceAfterMinor the balance once this row is counted, never negative
 */
public record CreditBalanceTransaction(String id, String tenantId, String customerId, String currency, long amountMinor,
                                       long balanceAfterMinor, CreditBalanceKind kind, String creditNoteId, String invoiceId,
                                       String description, Instant createdAt) {

    /**
     * The next row after a balance of {@code balanceMinor}, read under the ledger's lock.
     *
     * @throws StateConflictException {@code insufficient_credit_balance} when it would take more than the balance holds
     */
    public static CreditBalanceTransaction post(String id, String tenantId, String customerId, String currency, long balanceMinor,
                                                long amountMinor, CreditBalanceKind kind, String creditNoteId, String invoiceId,
                                                String description, Instant now) {
        if (amountMinor == 0) {
            throw new IllegalArgumentException("A credit balance transaction moves the balance");
        }
        long after = Math.addExact(balanceMinor, amountMinor);
        if (after < 0) {
            throw new StateConflictException("insufficient_credit_balance", "The " + currency + " credit balance of customer "
                    + customerId + " is " + balanceMinor + "; it cannot give " + -amountMinor);
        }
        return new CreditBalanceTransaction(id, tenantId, customerId, currency, amountMinor, after, kind, creditNoteId, invoiceId,
                description, now);
    }
}
