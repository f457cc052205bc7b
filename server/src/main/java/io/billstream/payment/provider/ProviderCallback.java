package io.billstream.payment.provider;

import java.time.Instant;

/**
 * A verified provider callback, read into what Billstream acts on.
 *
 * @param providerEventId       the provider's event ID: callbacks are counted once per ID
 * @param type                  the provider's own event type, as recorded
 * @param providerTransactionId the charge it is about, if any
 * @param paymentId             our payment ID, when the provider echoes it (metadata); may be null
 * @param charge                the charge's new state; null when the callback is not about a charge
 * @param providerRefundId      the refund it is about, if any
 * @param refund                the refund's new state; null when it is not about a refund
 * @param occurredAt            when the provider says it happened
 */
public record ProviderCallback(String providerEventId, String type, String providerTransactionId, String paymentId,
                               ChargeOutcome.ChargeState charge, String providerRefundId, RefundOutcome.RefundState refund,
                               String failureCode, String failureMessage, Instant occurredAt) {
}
