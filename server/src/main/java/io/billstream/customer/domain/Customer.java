package io.billstream.customer.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;

/**
 * A billing account: who is billed, in which currency and time zone, and how. Archived accounts
 * are kept for the invoices and payments that refer to them, never deleted, and no longer change.
 */
public record Customer(String id, String tenantId, CustomerDetails details, CustomerStatus status, String testClockId,
                       Instant createdAt, Instant updatedAt, Instant archivedAt, long version) {

    /** @param testClockId the test clock whose time drives this customer's billing; null for real time (fixed for life) */
    public static Customer register(String id, String tenantId, CustomerDetails details, String testClockId, Instant now) {
        return new Customer(id, tenantId, details, CustomerStatus.ACTIVE, testClockId, now, now, null, 1);
    }

    public Customer update(CustomerDetails newDetails, Instant now) {
        if (status == CustomerStatus.ARCHIVED) {
            throw new StateConflictException("customer_archived", "Customer " + id + " is archived and can no longer be changed");
        }
        return new Customer(id, tenantId, newDetails, status, testClockId, createdAt, now, archivedAt, version + 1);
    }

    /** Archiving an archived customer changes nothing. */
    public Customer archive(Instant now) {
        if (status == CustomerStatus.ARCHIVED) {
            return this;
        }
        return new Customer(id, tenantId, details, CustomerStatus.ARCHIVED, testClockId, createdAt, now, now, version + 1);
    }

    /**
     * The account without its personal data (GDPR erasure): name, e-mail, address, tax IDs, external_id and
     * metadata go; what billing still needs (currency, time zone, preferences) stays. An erased account
     * is archived, so nothing, a new e-mail address included, can be set on it again.
     */
    public Customer erase(Instant now) {
        CustomerDetails anonymous = new CustomerDetails(null, null, null, null, java.util.List.of(), details.currency(),
                details.timezone(), details.preferences(), java.util.Map.of());
        return new Customer(id, tenantId, anonymous, CustomerStatus.ARCHIVED, testClockId, createdAt, now,
                archivedAt == null ? now : archivedAt, version + 1);
    }
}
