package io.billstream.payment.provider;

/**
 * @param paymentId          our payment ID: the provider's idempotency key and the metadata that ties
 *                           the provider's object back to us
 * @param paymentMethodToken the provider's token for the customer's payment method
 * @param amountMinor        in minor units of {@code currency} (ISO 4217 exponent)
 */
public record ChargeRequest(String paymentId, String tenantId, String customerId, String invoiceId, String paymentMethodToken,
                            long amountMinor, String currency, String description) {
}
