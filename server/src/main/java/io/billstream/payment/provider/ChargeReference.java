package io.billstream.payment.provider;

/** A charge already sent to the provider; {@code providerTransactionId} is null if the provider never answered. */
public record ChargeReference(String paymentId, String providerTransactionId, String paymentMethodToken, long amountMinor,
                              String currency) {
}
