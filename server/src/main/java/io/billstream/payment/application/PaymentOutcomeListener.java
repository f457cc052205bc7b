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

    /**
     * The provider canceled a payment it had accepted (a Stripe PaymentIntent canceled): nothing was
     * collected, and nothing was declined either.
     */
    default void paymentCanceled(Payment payment, Instant at) {
    }
}
