package io.billstream.invoicing.db;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Gap-free invoice numbers: the counter row is incremented in the finalising transaction, so it is
 * locked until that commits (finalisations of one tenant queue behind it) and a rollback gives the
 * number back.
 */
@Repository
public class InvoiceNumbers {

    private final JdbcClient jdbc;

    InvoiceNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long next(String tenantId, int year) {
        return jdbc.sql("""
                INSERT INTO invoice_number_sequences (tenant_id, year, last_number) VALUES (:tenant, :year, 1)
                ON CONFLICT (tenant_id, year) DO UPDATE SET last_number = invoice_number_sequences.last_number + 1
                RETURNING last_number
                """)
                .param("tenant", tenantId).param("year", year).query(Long.class).single();
    }
}
