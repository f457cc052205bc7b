package io.billstream.invoicing.db;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Serialises billing per customer: a billing run, a refresh and a finalisation hold the customer's
 * row lock until they commit. Usage ingestion takes a key-share lock on the same row, so it waits
 * for a run that is marking periods invoiced, and a run waits for events in flight.
 */
@Repository
public class CustomerLocks {

    private final JdbcClient jdbc;

    CustomerLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the customer's row for the rest of the transaction; false if there is no such customer. */
    public boolean lock(String tenantId, String customerId) {
        return jdbc.sql("SELECT id FROM customers WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
                .param("tenant", tenantId).param("id", customerId).query(String.class).optional().isPresent();
    }
}
