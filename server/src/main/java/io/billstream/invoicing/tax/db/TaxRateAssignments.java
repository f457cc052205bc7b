package io.billstream.invoicing.tax.db;

import java.util.List;

import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.invoicing.domain.tax.TaxRateDefinition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which rates a customer's or a plan's lines carry, in the order they are listed. */
@Repository
public class TaxRateAssignments {

    /** What an assignment is attached to; scope_id is then a customer ID or a plan ID. */
    public enum Scope {
        CUSTOMER("customer"),
        PLAN("plan");

        private final String column;

        Scope(String column) {
            this.column = column;
        }
    }

    private final JdbcClient jdbc;

    TaxRateAssignments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises changes to one customer's or plan's assignments until the transaction ends, so two
     * concurrent replacements apply one after the other instead of mixing their rates.
     */
    public void lock(String tenantId, Scope scope, String scopeId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "billstream:tax-rate-assignments:" + tenantId + ":" + scope.column + ":" + scopeId)
                .query().singleRow();
    }

    /** The assigned rate IDs, active or not, in order. */
    public List<String> rateIds(String tenantId, Scope scope, String scopeId) {
        return jdbc.sql("""
                SELECT tax_rate_id FROM tax_rate_assignments
                WHERE tenant_id = :tenant AND scope = :scope AND scope_id = :scopeId ORDER BY position
                """)
                .param("tenant", tenantId).param("scope", scope.column).param("scopeId", scopeId)
                .query(String.class).list();
    }

    /** The assigned rates that are active, in order. */
    public List<TaxRate> activeRates(String tenantId, Scope scope, String scopeId) {
        return jdbc.sql("""
                SELECT r.* FROM tax_rate_assignments a
                JOIN tax_rates r ON r.tenant_id = a.tenant_id AND r.id = a.tax_rate_id
                WHERE a.tenant_id = :tenant AND a.scope = :scope AND a.scope_id = :scopeId AND r.active
                ORDER BY a.position
                """)
                .param("tenant", tenantId).param("scope", scope.column).param("scopeId", scopeId)
                .query(TaxRates::map).list().stream().map(TaxRateDefinition::rate).toList();
    }

    public void replace(String tenantId, Scope scope, String scopeId, List<String> rateIds) {
        jdbc.sql("DELETE FROM tax_rate_assignments WHERE tenant_id = :tenant AND scope = :scope AND scope_id = :scopeId")
                .param("tenant", tenantId).param("scope", scope.column).param("scopeId", scopeId).update();
        for (int position = 0; position < rateIds.size(); position++) {
            jdbc.sql("""
                    INSERT INTO tax_rate_assignments (tenant_id, scope, scope_id, tax_rate_id, position)
                    VALUES (:tenant, :scope, :scopeId, :rate, :position)
                    """)
                    .param("tenant", tenantId).param("scope", scope.column).param("scopeId", scopeId)
                    .param("rate", rateIds.get(position)).param("position", position)
                    .update();
        }
    }

    /**
     * Removes the assignments of a test clock's customers. Customers are another module's table; the
     * subquery only reads which customers the clock owns, in the transaction that deletes them.
     */
    public void deleteForTestClock(String tenantId, String testClockId) {
        jdbc.sql("""
                DELETE FROM tax_rate_assignments WHERE tenant_id = :tenant AND scope = 'customer'
                    AND scope_id IN (SELECT id FROM customers WHERE tenant_id = :tenant AND test_clock_id = :clock)
                """)
                .param("tenant", tenantId).param("clock", testClockId).update();
    }
}
