package io.billstream.payment.domain;

import java.time.Instant;

/** Money going back to the customer for part or all of a succeeded payment, documented by a credit note. */
public record Refund(String id, String tenantId, String paymentId, String customerId, String invoiceId, String creditNoteId,
                     long amountMinor, String currency, RefundStatus status, String reason, String providerRefundId, String failureCode,
                     String failureMessage, String testClockId, Instant createdAt, Instant succeededAt, Instant failedAt) {

    /** The refund in its final state, or this same refund when it already has one (a repeated report). */
    public Refund settle(RefundStatus target, String providerId, String code, String message, Instant at) {
        if (status != RefundStatus.PENDING || target == RefundStatus.PENDING) {
            if (status == RefundStatus.PENDING && providerRefundId == null && providerId != null) {
                return new Refund(id, tenantId, paymentId, customerId, invoiceId, creditNoteId, amountMinor, currency, status, reason,
                        providerId, failureCode, failureMessage, testClockId, createdAt, succeededAt, failedAt);
            }
            return this;
        }
        String provider = providerId != null ? providerId : providerRefundId;
        return target == RefundStatus.SUCCEEDED
                ? new Refund(id, tenantId, paymentId, customerId, invoiceId, creditNoteId, amountMinor, currency, target, reason, provider,
                        null, null, testClockId, createdAt, at, null)
                : new Refund(id, tenantId, paymentId, customerId, invoiceId, creditNoteId, amountMinor, currency, target, reason, provider,
                        code == null ? "refund_failed" : code, message, testClockId, createdAt, null, at);
    }
}
