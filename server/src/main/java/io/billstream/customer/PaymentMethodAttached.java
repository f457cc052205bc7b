package io.billstream.customer;

/**
 * Published (in the attaching transaction) when a customer gets a payment method, so that payments
 * can retry what failed on the old one without the customer module knowing about payments.
 */
public record PaymentMethodAttached(String tenantId, String customerId, String paymentMethodId, boolean isDefault) {
}
