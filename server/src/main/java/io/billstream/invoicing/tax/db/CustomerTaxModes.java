package io.billstream.invoicing.tax.db;

import java.time.Instant;
import java.util.Optional;

import io.billstream.invoicing.domain.tax.TaxMode;
import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A customer's own tax mode; no row means the customer follows the tenant's. */
@Repository
public class CustomerTaxModes {

    private final JdbcClient jdbc;

    CustomerTaxModes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TaxMode> find(String tenantId, String customerId) {
        return jdbc.sql("SELECT tax_mode FROM customer_tax_settings WHERE tenant_id = :tenant AND customer_id = :customer")
                .param("tenant", tenantId).param("customer", customerId).query(String.class).optional()
                .map(mode -> TaxMode.parseForCustomer(mode, "tax_mode"));
    }

    public void set(String tenantId, String customerId, TaxMode mode, Instant now) {
        jdbc.sql("""
                INSERT INTO customer_tax_settings (tenant_id, customer_id, tax_mode, updated_at)
                VALUES (:tenant, :customer, :mode, :now)
                ON CONFLICT (customer_id) DO UPDATE SET tax_mode = EXCLUDED.tax_mode, updated_at = EXCLUDED.updated_at
                """)
                .param("tenant", tenantId).param("customer", customerId).param("mode", mode.apiName())
                .param("now", Rows.timestamp(now)).update();
    }

    public void clear(String tenantId, String customerId) {
        jdbc.sql("DELETE FROM customer_tax_settings WHERE tenant_id = :tenant AND customer_id = :customer")
                .param("tenant", tenantId).param("customer", customerId).update();
    }

    /** See {@link TaxRateAssignments#deleteForTestClock}. */
    public void deleteForTestClock(String tenantId, String testClockId) {
        jdbc.sql("""
                DELETE FROM customer_tax_settings WHERE tenant_id = :tenant
                    AND customer_id IN (SELECT id FROM customers WHERE tenant_id = :tenant AND test_clock_id = :clock)
                """)
                .param("tenant", tenantId).param("clock", testClockId).update();
    }
}
