package io.billstream.usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.billstream.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage that arrived after its billing period was invoiced. Ingestion marks such an event with the
 * period; invoicing reprices the period, bills (or credits) the difference, and clears the marks of
 * the events it saw. An event marked while invoicing reprices is counted by the reprice or keeps its
 * mark for the next one: the difference is recomputed from all the period's events each time, so a
 * repeat costs nothing and nothing is lost.
 */
@Service
public class LateUsage {

    /** A customer with marked events, across tenants. */
    public record Subject(String tenantId, String customerId) {
    }

    private final JdbcClient jdbc;

    LateUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer's marked events, by the billing period they belong to. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, List<String>> markedByPeriod(String customerId) {
        Map<String, List<String>> byPeriod = new LinkedHashMap<>();
        // The partial index on marked events keeps this cheap: marked events are few.
        jdbc.sql("""
                SELECT invoiced_period_id, transaction_id FROM usage_events
                WHERE tenant_id = :tenant AND subscription_id IS NOT NULL AND invoiced_period_id IS NOT NULL AND customer_id = :customer
                ORDER BY invoiced_period_id, transaction_id
                """)
                .param("tenant", TenantContext.require()).param("customer", customerId)
                .query(rs -> {
                    byPeriod.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return byPeriod;
    }

    /** Clears the marks of events whose period has been repriced. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void clear(List<String> transactionIds) {
        if (transactionIds.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE usage_events SET invoiced_period_id = NULL WHERE tenant_id = :tenant AND transaction_id = ANY (:ids)")
                .param("tenant", TenantContext.require()).param("ids", transactionIds.toArray(String[]::new)).update();
    }

    /** Customers with marked events, across tenants (a definer function: the scheduler has no tenant). */
    @Transactional(readOnly = true)
    public List<Subject> subjects(int limit) {
        return jdbc.sql("SELECT tenant_id, customer_id FROM late_usage_customers(:limit)").param("limit", limit)
                .query((rs, n) -> new Subject(rs.getString(1), rs.getString(2))).list();
    }

    /** One test clock's customers with marked events (current tenant). */
    @Transactional(readOnly = true)
    public List<String> subjectsOnClock(String testClockId) {
        return jdbc.sql("""
                SELECT DISTINCT e.customer_id FROM usage_events e JOIN customers c ON c.id = e.customer_id
                WHERE e.tenant_id = :tenant AND e.invoiced_period_id IS NOT NULL AND e.subscription_id IS NOT NULL
                  AND c.test_clock_id = :clock
                ORDER BY e.customer_id
                """)
                .param("tenant", TenantContext.require()).param("clock", testClockId).query(String.class).list();
    }
}
