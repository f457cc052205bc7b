package io.billstream.customer.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;

/**
 * A billing account: who is billed, in which currency and time zone, and how. Archived accounts
 * are kept for the invoices and payments that refer to them, never deleted, and no longer change.
 */
public record Customer(String id, String tenantId, CustomerDetails details, CustomerStatus status,
                       Instant createdAt, Instant updatedAt, Instant archivedAt, long version) {

    public static Customer register(String id, String tenantId, CustomerDetails details, Instant now) {
        return new Customer(id, tenantId, details, CustomerStatus.ACTIVE, now, now, null, 1);
    }

    public Customer update(CustomerDetails newDetails, Instant now) {
        if (status == CustomerStatus.ARCHIVED) {
            throw new StateConflictException("customer_archived", "Customer " + id + " is archived and can no longer be changed");
        }
        return new Customer(id, tenantId, newDetails, status, createdAt, now, archivedAt, version + 1);
    }

    /** Archiving an archived customer changes nothing. */
    public Customer archive(Instant now) {
        if (status == CustomerStatus.ARCHIVED) {
            return this;
        }
        return new Customer(id, tenantId, details, CustomerStatus.ARCHIVED, createdAt, now, now, version + 1);
    }
}
