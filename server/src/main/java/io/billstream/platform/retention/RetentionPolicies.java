package io.billstream.platform.retention;

import java.time.Clock;
import java.time.Instant;

import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.db.Rows;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading and replacing the current tenant's retention policy. */
@Service
class RetentionPolicies {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    RetentionPolicies(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    RetentionPolicy current() {
        return find(TenantContext.require(), false).orElse(RetentionPolicy.keepForever());
    }

    /** Replaces the whole policy; the first purge under it is due at once. */
    @Transactional
    RetentionPolicy replace(RetentionPolicy requested) {
        String tenantId = TenantContext.require();
        RetentionPolicy before = find(tenantId, true).orElse(RetentionPolicy.keepForever());
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO retention_policies (tenant_id, usage_events_days, billing_events_days, webhook_deliveries_days,
                                                next_purge_at, updated_at)
                VALUES (:tenant, :usage, :billing, :webhook, :nextPurge, :now)
                ON CONFLICT (tenant_id) DO UPDATE SET usage_events_days = excluded.usage_events_days,
                    billing_events_days = excluded.billing_events_days, webhook_deliveries_days = excluded.webhook_deliveries_days,
                    next_purge_at = excluded.next_purge_at, updated_at = excluded.updated_at
                """)
                .param("tenant", tenantId).param("usage", requested.usageEventsDays())
                .param("billing", requested.billingEventsDays()).param("webhook", requested.webhookDeliveriesDays())
                .param("nextPurge", requested.purgesAnything() ? Rows.timestamp(now) : null)
                .param("now", Rows.timestamp(now))
                .update();
        RetentionPolicy after = new RetentionPolicy(null, requested.usageEventsDays(), requested.billingEventsDays(),
                requested.webhookDeliveriesDays(), before.lastPurgedAt(), now);
        audit.record("retention_policy.update", "retention_policy", tenantId, before, after);
        return after;
    }

    private java.util.Optional<RetentionPolicy> find(String tenantId, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM retention_policies WHERE tenant_id = :tenant" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId)
                .query((rs, n) -> new RetentionPolicy(null, (Integer) rs.getObject("usage_events_days"),
                        (Integer) rs.getObject("billing_events_days"), (Integer) rs.getObject("webhook_deliveries_days"),
                        Rows.instant(rs, "last_purged_at"), Rows.instant(rs, "updated_at")))
                .optional();
    }
}
