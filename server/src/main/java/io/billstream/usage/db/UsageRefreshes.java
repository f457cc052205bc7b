package io.billstream.usage.db;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The refresh queue as the scheduler drains it, and the alerts that fire once per threshold and period. */
@Repository
public class UsageRefreshes {

    public record Due(String tenantId, String subscriptionId, String metricCode) {
    }

    private final JdbcClient jdbc;

    UsageRefreshes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queued refreshes and never-counted grants, across tenants (a SECURITY DEFINER function). */
    public List<Due> due(int limit) {
        return jdbc.sql("SELECT tenant_id, subscription_id, metric_code FROM queued_usage_refreshes(:limit)")
                .param("limit", limit)
                .query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** The queue entry's version before recounting, if it is queued. */
    public Optional<Long> queuedVersion(String tenantId, String subscriptionId, String metricCode) {
        return jdbc.sql("SELECT version FROM usage_refresh_queue WHERE tenant_id = :tenant AND subscription_id = :subscription"
                        + " AND metric_code = :metric")
                .param("tenant", tenantId).param("subscription", subscriptionId).param("metric", metricCode)
                .query(Long.class).optional();
    }

    /** Removes the entry unless it was queued again since {@code version} was read: then the next pass recounts. */
    public void dequeue(String tenantId, String subscriptionId, String metricCode, long version) {
        jdbc.sql("DELETE FROM usage_refresh_queue WHERE tenant_id = :tenant AND subscription_id = :subscription"
                        + " AND metric_code = :metric AND version = :version")
                .param("tenant", tenantId).param("subscription", subscriptionId).param("metric", metricCode)
                .param("version", version).update();
    }

    /** Records that usage reached a threshold in a period; false if that alert had already fired. */
    public boolean recordAlert(String tenantId, String subscriptionId, String featureCode, Instant periodStart, BigDecimal threshold,
                               BigDecimal used, BigDecimal limit, Instant now) {
        return jdbc.sql("""
                INSERT INTO usage_alerts (tenant_id, subscription_id, feature_code, period_start, threshold, used, limit_value, reached_at)
                VALUES (:tenant, :subscription, :feature, :periodStart, :threshold, :used, :limit, :now)
                ON CONFLICT DO NOTHING
                """)
                .param("tenant", tenantId).param("subscription", subscriptionId).param("feature", featureCode)
                .param("periodStart", Timestamp.from(periodStart)).param("threshold", threshold).param("used", used)
                .param("limit", limit).param("now", Timestamp.from(now))
                .update() > 0;
    }
}
