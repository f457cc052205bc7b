package io.billstream.customer;

/** What other modules need to know about a customer to bill it. */
public record BillingAccount(String id, String externalId, String currency, String timezone, String testClockId, boolean archived) {
}
