package io.billstream.payment.provider;

/** @param refundId our refund ID: the provider's idempotency key */
public record RefundRequest(String refundId, String paymentId, String providerTransactionId, String paymentMethodToken,
                            long amountMinor, String currency, String reason) {
}
