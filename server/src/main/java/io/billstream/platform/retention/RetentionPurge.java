package io.billstream.platform.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.db.Rows;
import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Purges, on the scheduler's tick, what each tenant's retention policy says to drop. The deletes run
 * in definer functions (V14__compliance.sql), which also keep what is still needed whatever its age:
 * usage not yet billed on an issued invoice (or waiting to be repriced as late), billing events not
 * yet fanned out to every delivering webhook endpoint or with a delivery pending, pending deliveries.
 *
 * <p>One tenant's pass is one transaction of at most {@link #BATCH} rows per kind, with its audit
 * record; a tenant with more to purge stays due and continues on the next tick, so a large backlog
 * never holds up the tick that also renews subscriptions. Once a pass finds less than a batch of
 * each, the tenant is next due an {@link #INTERVAL} later. Row locks with SKIP LOCKED let any
 * number of instances share the work.
 */
@Component
@Order(200)
class RetentionPurge implements TimeDrivenWork {

    static final int BATCH = 5_000;
    static final Duration INTERVAL = Duration.ofHours(1);
    private static final int TENANTS_PER_TICK = 10;
    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    /** What one pass purged for one tenant. */
    record Purged(String tenantId, long usageEvents, long billingEvents, long webhookDeliveries, boolean complete) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    RetentionPurge(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
    }

    @Override
    public void runDue(Instant now) {
        purgeDue(now);
    }

    @Override
    public void runForTestClock(String testClockId, Instant until) {
        // Nothing: retention counts real days, whatever time a test clock shows.
    }

    /** One pass for each tenant whose purge is due at {@code now}. */
    List<Purged> purgeDue(Instant now) {
        List<String> due = jdbc.sql("SELECT due_retention_purges(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", TENANTS_PER_TICK).query(String.class).list();
        return due.stream()
                .map(tenantId -> TenantContext.callAs(tenantId, () -> transactions.execute(status -> purge(tenantId, now))))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private Purged purge(String tenantId, Instant now) {
        var policy = jdbc.sql("""
                SELECT usage_events_days, billing_events_days, webhook_deliveries_days FROM retention_policies
                WHERE tenant_id = :tenant AND next_purge_at <= :now FOR UPDATE SKIP LOCKED
                """)
                .param("tenant", tenantId).param("now", Rows.timestamp(now))
                .query((rs, n) -> new Integer[] {(Integer) rs.getObject(1), (Integer) rs.getObject(2), (Integer) rs.getObject(3)})
                .optional();
        if (policy.isEmpty()) {
            return null; // another instance has it, or it was purged meanwhile
        }
        Integer[] days = policy.get();
        long usage = purge("purge_usage_events", tenantId, days[0], now);
        long billing = purge("purge_billing_events", tenantId, days[1], now);
        long webhook = purge("purge_webhook_deliveries", tenantId, days[2], now);
        boolean complete = usage < BATCH && billing < BATCH && webhook < BATCH;
        jdbc.sql("UPDATE retention_policies SET next_purge_at = :next, last_purged_at = :now WHERE tenant_id = :tenant")
                .param("next", Rows.timestamp(complete ? now.plus(INTERVAL) : now)).param("now", Rows.timestamp(now))
                .param("tenant", tenantId).update();
        if (usage + billing + webhook > 0) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("usage_events", usage);
            counts.put("billing_events", billing);
            counts.put("webhook_deliveries", webhook);
            counts.put("usage_events_before", cutoff(days[0], now));
            counts.put("billing_events_before", cutoff(days[1], now));
            counts.put("webhook_deliveries_before", cutoff(days[2], now));
            audit.record("retention.purge", "retention_policy", tenantId, null, counts);
            log.info("Retention purge for tenant {}: {} usage events, {} billing events, {} webhook deliveries",
                    tenantId, usage, billing, webhook);
        }
        return new Purged(tenantId, usage, billing, webhook, complete);
    }

    private long purge(String function, String tenantId, Integer days, Instant now) {
        if (days == null) {
            return 0;
        }
        // The function name comes from this class, never from input.
        return jdbc.sql("SELECT " + function + "(:tenant, :before, :limit)")
                .param("tenant", tenantId).param("before", Rows.timestamp(now.minus(Duration.ofDays(days))))
                .param("limit", BATCH).query(Long.class).single();
    }

    private static String cutoff(Integer days, Instant now) {
        return days == null ? null : now.minus(Duration.ofDays(days)).toString();
    }
}
