package io.billstream.customer;

/**
 * A payment method as payments charge it: the provider and its token, nothing more.
 *
 * @param type {@code card}, {@code sepa_debit}, {@code us_bank_account}, {@code bank_transfer} or {@code other}
 */
public record ChargeableMethod(String id, String customerId, String provider, String providerToken, String type, boolean isDefault) {
}
