package io.billstream.payment.domain;

import java.time.Instant;
import java.util.Map;

import io.billstream.platform.domain.StateConflictException;

/**
 * One attempt to collect money for an invoice through a provider. The amount never changes once
 * written; only the state moves (see {@link PaymentStatus}) and the settled and refunded amounts
 * accumulate.
 *
 * @param appliedMinor  how much of it went to the invoice's amount due
 * @param overpaidMinor how much went beyond it, to the customer's credit balance
 */
public record Payment(String id, String tenantId, String customerId, String invoiceId, String paymentMethodId, String provider,
                      long amountMinor, String currency, PaymentStatus status, PaymentOrigin origin, String providerTransactionId,
                      String failureCode, String failureMessage, long appliedMinor, long overpaidMinor, long refundedMinor,
                      String paymentFailureId, String description, Map<String, String> metadata, String testClockId,
                      Instant createdAt, Instant processingAt, Instant succeededAt, Instant failedAt, Instant canceledAt) {

    public Payment {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("a payment's amount must be positive");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static Payment pending(String id, String tenantId, String customerId, String invoiceId, String paymentMethodId,
                                  String provider, long amountMinor, String currency, PaymentOrigin origin, String paymentFailureId,
                                  String description, Map<String, String> metadata, String testClockId, Instant now) {
        return new Payment(id, tenantId, customerId, invoiceId, paymentMethodId, provider, amountMinor, currency, PaymentStatus.PENDING,
                origin, null, null, null, 0, 0, 0, paymentFailureId, description, metadata, testClockId, now, null, null, null, null);
    }

    /** A manual payment's own reference (a bank transfer's), recorded as its transaction ID before it is recorded as paid. */
    public Payment withReference(String reference) {
        if (status != PaymentStatus.PENDING) {
            throw new IllegalStateException("payment " + id + " is no longer pending");
        }
        return with(status, reference, failureCode, failureMessage, processingAt, succeededAt, failedAt, canceledAt);
    }

    /**
     * The payment in {@code target}, or this same payment when the move is not allowed (a stale or
     * repeated report): callers compare with {@code ==} to see whether anything changed.
     */
    public Payment moveTo(PaymentStatus target, String transactionId, String code, String message, Instant at) {
        if (target == status && target == PaymentStatus.PROCESSING && providerTransactionId == null && transactionId != null) {
            return with(status, transactionId, failureCode, failureMessage, processingAt, succeededAt, failedAt, canceledAt);
        }
        if (!status.canMoveTo(target)) {
            return this;
        }
        String transaction = transactionId != null ? transactionId : providerTransactionId;
        return switch (target) {
            case PROCESSING -> with(target, transaction, null, null, at, succeededAt, failedAt, canceledAt);
            case SUCCEEDED -> with(target, transaction, null, null, processingAt, at, failedAt, canceledAt);
            case FAILED -> with(target, transaction, code == null ? "payment_failed" : code, message, processingAt, succeededAt, at,
                    canceledAt);
            case CANCELED -> with(target, transaction, code, message, processingAt, succeededAt, failedAt, at);
            case PENDING -> this;
        };
    }

    /** Records what the invoice took and what went to the credit balance; once, on success. */
    public Payment settled(long applied, long overpaid) {
        if (status != PaymentStatus.SUCCEEDED || applied + overpaid != amountMinor) {
            throw new IllegalStateException("payment " + id + " settles only its whole amount once succeeded");
        }
        return new Payment(id, tenantId, customerId, invoiceId, paymentMethodId, provider, amountMinor, currency, status, origin,
                providerTransactionId, failureCode, failureMessage, applied, overpaid, refundedMinor, paymentFailureId, description,
                metadata, testClockId, createdAt, processingAt, succeededAt, failedAt, canceledAt);
    }

    /** What can still be refunded through a credit note: what the invoice took, less what went back already. */
    public long refundableMinor() {
        return status == PaymentStatus.SUCCEEDED ? appliedMinor - refundedMinor : 0;
    }

    public void requireRefundable(long amount) {
        if (status != PaymentStatus.SUCCEEDED) {
            throw new StateConflictException("payment_not_succeeded", "Payment " + id + " is " + status.apiName()
                    + "; only a succeeded payment can be refunded");
        }
        if (amount > refundableMinor()) {
            throw new StateConflictException("refund_exceeds_payment", "Payment " + id + " has " + refundableMinor()
                    + " left to refund, less than " + amount);
        }
    }

    private Payment with(PaymentStatus s, String transaction, String code, String message, Instant processing, Instant succeeded,
                         Instant failed, Instant canceled) {
        return new Payment(id, tenantId, customerId, invoiceId, paymentMethodId, provider, amountMinor, currency, s, origin, transaction,
                code, message, appliedMinor, overpaidMinor, refundedMinor, paymentFailureId, description, metadata, testClockId,
                createdAt, processing, succeeded, failed, canceled);
    }
}
