package io.billstream.subscription.db;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Entitlement state rows: one per subscription and feature, kept current by every subscription change. */
@Repository
public class Entitlements {

    /** @param restricted the grant stands but grants nothing: its subscription's payment is being recovered */
    public record Row(String subscriptionId, String customerId, String featureCode, String featureType, boolean enabled,
                      BigDecimal limit, String reset, String metricCode, BigDecimal used, Instant periodStart, Instant resetsAt,
                      List<BigDecimal> alertThresholds, boolean restricted) {
    }

    private final JdbcClient jdbc;

    Entitlements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the grant; {@code used} is kept unless the period it counts in changed (a new period of a
     * per-period limit starts from zero, and is marked for usage metering to recount from the events).
     * {@code restricted} is written as given: the caller passes its subscription's restriction, so a
     * renewal or a plan change cannot lift it.
     */
    public void upsert(String tenantId, Row row, Instant now) {
        jdbc.sql("""
                INSERT INTO entitlements (tenant_id, subscription_id, customer_id, feature_code, feature_type, enabled, limit_value,
                    reset, metric_code, used, period_start, resets_at, updated_at, alert_thresholds, restricted)
                VALUES (:tenant, :subscription, :customer, :feature, :type, :enabled, :limit, :reset, :metric, 0, :periodStart,
                    :resetsAt, :now, CAST(:thresholds AS numeric[]), :restricted)
                ON CONFLICT (subscription_id, feature_code) DO UPDATE SET feature_type = EXCLUDED.feature_type,
                    enabled = EXCLUDED.enabled, limit_value = EXCLUDED.limit_value, reset = EXCLUDED.reset,
                    metric_code = EXCLUDED.metric_code,
                    used = CASE WHEN EXCLUDED.reset = 'period' AND entitlements.period_start IS DISTINCT FROM EXCLUDED.period_start
                                THEN 0 ELSE entitlements.used END,
                    used_refreshed_at = CASE WHEN EXCLUDED.reset = 'period' AND entitlements.period_start IS DISTINCT FROM EXCLUDED.period_start
                                OR entitlements.metric_code IS DISTINCT FROM EXCLUDED.metric_code
                                THEN NULL ELSE entitlements.used_refreshed_at END,
                    period_start = EXCLUDED.period_start, resets_at = EXCLUDED.resets_at, updated_at = EXCLUDED.updated_at,
                    alert_thresholds = EXCLUDED.alert_thresholds, restricted = EXCLUDED.restricted
                """)
                .param("tenant", tenantId).param("subscription", row.subscriptionId()).param("customer", row.customerId())
                .param("feature", row.featureCode()).param("type", row.featureType()).param("enabled", row.enabled())
                .param("limit", row.limit()).param("reset", row.reset()).param("metric", row.metricCode())
                .param("periodStart", Rows.timestamp(row.periodStart())).param("resetsAt", Rows.timestamp(row.resetsAt()))
                .param("now", Rows.timestamp(now)).param("restricted", row.restricted())
                .param("thresholds", row.alertThresholds().stream().map(BigDecimal::toPlainString).toArray(String[]::new))
                .update();
    }

    /** Removes the subscription's grants for features not in {@code keep}. */
    public void retainOnly(String tenantId, String subscriptionId, List<String> keep) {
        jdbc.sql("DELETE FROM entitlements WHERE tenant_id = :tenant AND subscription_id = :subscription"
                        + " AND NOT (feature_code = ANY (:keep))")
                .param("tenant", tenantId).param("subscription", subscriptionId).param("keep", keep.toArray(String[]::new))
                .update();
    }

    /** Restricts (or lifts the restriction of) all the subscription's grants; returns their feature codes. */
    public List<String> restrict(String tenantId, String subscriptionId, boolean restricted, Instant now) {
        return jdbc.sql("""
                UPDATE entitlements SET restricted = :restricted, updated_at = :now
                WHERE tenant_id = :tenant AND subscription_id = :subscription
                RETURNING feature_code
                """)
                .param("tenant", tenantId).param("subscription", subscriptionId).param("restricted", restricted)
                .param("now", Rows.timestamp(now))
                .query(String.class).list().stream().sorted().toList();
    }

    public void removeAll(String tenantId, String subscriptionId) {
        jdbc.sql("DELETE FROM entitlements WHERE tenant_id = :tenant AND subscription_id = :subscription")
                .param("tenant", tenantId).param("subscription", subscriptionId).update();
    }

    public List<Row> ofSubscription(String tenantId, String subscriptionId) {
        return jdbc.sql("SELECT * FROM entitlements WHERE tenant_id = :tenant AND subscription_id = :subscription ORDER BY feature_code")
                .param("tenant", tenantId).param("subscription", subscriptionId).query(Entitlements::map).list();
    }

    /** The customer named by ID or external_id; one indexed lookup. */
    public List<Row> ofCustomer(String tenantId, String customerIdOrExternalId, String featureCode) {
        return jdbc.sql("""
                SELECT e.* FROM entitlements e
                WHERE e.tenant_id = :tenant
                  AND e.customer_id = CASE WHEN starts_with(:customer, 'cus_') THEN :customer
                        ELSE (SELECT c.id FROM customers c WHERE c.tenant_id = :tenant AND c.external_id = :customer) END
                  AND (CAST(:feature AS text) IS NULL OR e.feature_code = :feature)
                ORDER BY e.feature_code, e.subscription_id
                """)
                .param("tenant", tenantId).param("customer", customerIdOrExternalId).param("feature", featureCode)
                .query(Entitlements::map).list();
    }

    private static Row map(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("subscription_id"), rs.getString("customer_id"), rs.getString("feature_code"),
                rs.getString("feature_type"), rs.getBoolean("enabled"), rs.getBigDecimal("limit_value"), rs.getString("reset"),
                rs.getString("metric_code"), rs.getBigDecimal("used"), Rows.instant(rs, "period_start"),
                Rows.instant(rs, "resets_at"), thresholds(rs), rs.getBoolean("restricted"));
    }

    private static List<BigDecimal> thresholds(ResultSet rs) throws SQLException {
        java.sql.Array array = rs.getArray("alert_thresholds");
        return array == null ? List.of() : List.of((BigDecimal[]) array.getArray());
    }

    /** A limit grant counted by a metric, with what usage metering needs to recount it. */
    public record MeteredLimit(String subscriptionId, String customerId, String featureCode, BigDecimal limit, String reset,
                               Instant periodStart, Instant resetsAt, Instant subscriptionStart, String testClockId,
                               List<BigDecimal> alertThresholds) {
    }

    public List<MeteredLimit> meteredLimits(String tenantId, String subscriptionId, String metricCode) {
        return jdbc.sql("""
                SELECT e.*, s.start_at, s.test_clock_id FROM entitlements e JOIN subscriptions s ON s.id = e.subscription_id
                WHERE e.tenant_id = :tenant AND e.subscription_id = :subscription AND e.metric_code = :metric
                  AND e.feature_type = 'limit'
                ORDER BY e.feature_code
                """)
                .param("tenant", tenantId).param("subscription", subscriptionId).param("metric", metricCode)
                .query((rs, n) -> new MeteredLimit(rs.getString("subscription_id"), rs.getString("customer_id"),
                        rs.getString("feature_code"), rs.getBigDecimal("limit_value"), rs.getString("reset"),
                        Rows.instant(rs, "period_start"), Rows.instant(rs, "resets_at"), Rows.instant(rs, "start_at"),
                        rs.getString("test_clock_id"), thresholds(rs)))
                .list();
    }

    /**
     * Stores a recount of {@code used}, unless the grant moved to another period meanwhile (that one
     * is recounted on its own). Returns whether it was stored.
     */
    public boolean recordUsed(String tenantId, String subscriptionId, String featureCode, Instant periodStart, BigDecimal used,
                              Instant now) {
        return jdbc.sql("""
                UPDATE entitlements SET used = :used, used_refreshed_at = :now
                WHERE tenant_id = :tenant AND subscription_id = :subscription AND feature_code = :feature
                  AND period_start IS NOT DISTINCT FROM :periodStart
                """)
                .param("tenant", tenantId).param("subscription", subscriptionId).param("feature", featureCode)
                .param("periodStart", Rows.timestamp(periodStart)).param("used", used).param("now", Rows.timestamp(now))
                .update() > 0;
    }
}
