package io.billstream.customer.db;

import java.time.Instant;
import java.util.List;

import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The erasure marks on customers, and the copies of their personal data held by other modules' rows. */
@Repository
public class CustomerErasures {

    /** Rows changed per kind by {@link #eraseCopies}. */
    public record ErasedCopies(long billingEvents, long notifications, long invoices, long auditRecords) {
    }

    private final JdbcClient jdbc;

    CustomerErasures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isErased(String tenantId, String customerId) {
        return jdbc.sql("SELECT erased_at IS NOT NULL FROM customers WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", customerId).query(Boolean.class).single();
    }

    public void markErased(String tenantId, String customerId, Instant now) {
        jdbc.sql("UPDATE customers SET erased_at = :now WHERE tenant_id = :tenant AND id = :id")
                .param("now", Rows.timestamp(now)).param("tenant", tenantId).param("id", customerId).update();
        // A label is whatever the provider or caller wrote ("Ana's Visa"); the token stays, refunds need it.
        jdbc.sql("UPDATE payment_methods SET label = NULL WHERE tenant_id = :tenant AND customer_id = :id")
                .param("tenant", tenantId).param("id", customerId).update();
    }

    /**
     * Billing-event payloads, notifications, issued invoices' buyer e-mail and audit changes, through the
     * definer function {@code erase_customer_copies} (V14__compliance.sql): the application may not
     * change billing events or audit rows itself.
     *
     * @param secrets      every personal value to scrub wherever it appears in those rows
     * @param erasedFields the customer's personal API fields after erasure, as JSON
     */
    public ErasedCopies eraseCopies(String tenantId, String customerId, String email, List<String> secrets, String erasedFields,
                                    Instant now) {
        return jdbc.sql("SELECT * FROM erase_customer_copies(:tenant, :customer, :email, :secrets, CAST(:fields AS jsonb), :now)")
                .param("tenant", tenantId).param("customer", customerId).param("email", email)
                .param("secrets", secrets.toArray(String[]::new)).param("fields", erasedFields).param("now", Rows.timestamp(now))
                .query((rs, n) -> new ErasedCopies(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
    }
}
