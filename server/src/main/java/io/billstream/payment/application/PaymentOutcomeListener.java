package io.billstream.payment.application;

import java.time.Instant;

import io.billstream.payment.domain.Payment;

/**
 * Told, inside the transaction that records it, when a payment reaches a final state: how the
 * recovery workflow learns of failures and of the payments that end them.
 */
public interface PaymentOutcomeListener {

    /** @param invoicePaid the payment left nothing due on its invoice */
    void paymentSucceeded(Payment payment, boolean invoicePaid, Instant at);

    void paymentFailed(Payment payment, Instant at);
}
