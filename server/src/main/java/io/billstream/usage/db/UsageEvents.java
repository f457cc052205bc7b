package io.billstream.usage.db;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The usage_events table and the lookups ingestion makes before writing to it. Each method is one
 * round trip whatever the number of events, because ingestion is measured in events per second.
 */
@Repository
public class UsageEvents {

    /** A customer an event names, with its billing time (a test clock's time, else null) and every subscription. */
    public record Account(String id, String externalId, boolean archived, Instant clockTime, List<Subscription> subscriptions) {
    }

    public record Subscription(String id, String externalId, String customerId, String planVersionId, Instant startAt,
                               Instant endedAt) {

        /** Whether the subscription was running at {@code instant}: from its start until it ended. */
        public boolean coversInstant(Instant instant) {
            return !instant.isBefore(startAt) && (endedAt == null || instant.isBefore(endedAt));
        }
    }

    /** One row to insert: the event resolved to its customer and (when one meters it) subscription. */
    public record NewRow(String transactionId, String metricCode, String customerId, String subscriptionId, Instant occurredAt,
                         String propertiesJson, BigDecimal value, String memo) {
    }

    private final JdbcClient jdbc;

    UsageEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The customers named by {@code customerRefs} (ID or external_id) or owning one of the
     * subscriptions named by {@code subscriptionRefs}, each with all its subscriptions.
     */
    public List<Account> accounts(String tenantId, Set<String> customerRefs, Set<String> subscriptionRefs) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        // FOR KEY SHARE on the customers: a billing run locks its customer FOR UPDATE before it marks a
        // period invoiced and prices its usage, so an insert either commits before the run reads the
        // usage, or starts its statement after the run committed and sees the period as invoiced (and
        // marks the event late). Without it an event could slip between the two and be billed never.
        // Key-share locks do not conflict with each other, so concurrent writers are not serialised.
        jdbc.sql("""
                SELECT c.id, c.external_id, c.archived_at IS NOT NULL AS archived, tc.frozen_time,
                       s.id AS subscription_id, s.external_id AS subscription_external_id, s.plan_version_id, s.start_at, s.ended_at
                FROM customers c
                LEFT JOIN test_clocks tc ON tc.id = c.test_clock_id
                LEFT JOIN subscriptions s ON s.customer_id = c.id
                WHERE c.tenant_id = :tenant
                  AND (c.external_id = ANY (:customers) OR c.id = ANY (:customers)
                       OR c.id IN (SELECT s2.customer_id FROM subscriptions s2
                                   WHERE s2.tenant_id = :tenant AND (s2.external_id = ANY (:subscriptions) OR s2.id = ANY (:subscriptions))))
                ORDER BY c.id, s.start_at, s.id
                FOR KEY SHARE OF c
                """)
                .param("tenant", tenantId)
                .param("customers", customerRefs.toArray(String[]::new))
                .param("subscriptions", subscriptionRefs.toArray(String[]::new))
                .query(rs -> {
                    String id = rs.getString("id");
                    Account account = accounts.get(id);
                    if (account == null) {
                        account = new Account(id, rs.getString("external_id"), rs.getBoolean("archived"),
                                Rows.instant(rs, "frozen_time"), new ArrayList<>());
                        accounts.put(id, account);
                    }
                    String subscriptionId = rs.getString("subscription_id");
                    if (subscriptionId != null) {
                        account.subscriptions().add(new Subscription(subscriptionId, rs.getString("subscription_external_id"), id,
                                rs.getString("plan_version_id"), Rows.instant(rs, "start_at"), Rows.instant(rs, "ended_at")));
                    }
                });
        return List.copyOf(accounts.values());
    }

    /**
     * Inserts the rows that are not duplicates and returns the transaction IDs actually inserted.
     * ON CONFLICT DO NOTHING on the primary key is the exactly-once rule: a concurrent insert of the
     * same transaction_id waits for the first to commit or roll back, then skips or inserts.
     * An event whose billing period was already invoiced is marked with that period on the way in.
     */
    public Set<String> insert(String tenantId, List<NewRow> rows, String source, String importId, Instant receivedAt) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] metrics = new String[n];
        String[] customers = new String[n];
        String[] subscriptions = new String[n];
        String[] times = new String[n];
        String[] properties = new String[n];
        String[] values = new String[n];
        String[] memos = new String[n];
        for (int i = 0; i < n; i++) {
            NewRow row = rows.get(i);
            ids[i] = row.transactionId();
            metrics[i] = row.metricCode();
            customers[i] = row.customerId();
            subscriptions[i] = row.subscriptionId();
            times[i] = row.occurredAt().toString();
            properties[i] = row.propertiesJson();
            values[i] = row.value() == null ? null : row.value().toPlainString();
            memos[i] = row.memo();
        }
        Set<String> inserted = new HashSet<>(n * 2);
        jdbc.sql("""
                INSERT INTO usage_events (tenant_id, transaction_id, metric_code, customer_id, subscription_id, occurred_at,
                    properties, value, memo, source, import_id, received_at, invoiced_period_id)
                SELECT :tenant, e.transaction_id, e.metric_code, e.customer_id, e.subscription_id, e.occurred_at::timestamptz,
                       e.properties::jsonb, e.value::numeric, e.memo, :source, :import, :received,
                       (SELECT bp.id FROM billing_periods bp
                        WHERE bp.tenant_id = :tenant AND bp.subscription_id = e.subscription_id AND bp.invoice_id IS NOT NULL
                          AND bp.period_start <= e.occurred_at::timestamptz
                          AND e.occurred_at::timestamptz < coalesce(bp.ended_at, bp.period_end)
                        LIMIT 1)
                FROM unnest(:ids, :metrics, :customers, :subscriptions, :times, :properties, :values, :memos)
                     AS e (transaction_id, metric_code, customer_id, subscription_id, occurred_at, properties, value, memo)
                ON CONFLICT (tenant_id, transaction_id) DO NOTHING
                RETURNING transaction_id
                """)
                .param("tenant", tenantId).param("source", source).param("import", importId)
                .param("received", Timestamp.from(receivedAt))
                .param("ids", ids).param("metrics", metrics).param("customers", customers).param("subscriptions", subscriptions)
                .param("times", times).param("properties", properties).param("values", values).param("memos", memos)
                .query(rs -> {
                    inserted.add(rs.getString(1));
                });
        return inserted;
    }

    /**
     * Queues the (subscription, metric) pairs whose limit entitlements must be recomputed, in the
     * ingesting transaction so that a crash after commit still leaves the refresh to do.
     */
    public void queueRefresh(String tenantId, Set<List<String>> subscriptionMetricPairs, Instant now) {
        if (subscriptionMetricPairs.isEmpty()) {
            return;
        }
        String[] subscriptions = subscriptionMetricPairs.stream().map(pair -> pair.get(0)).toArray(String[]::new);
        String[] metrics = subscriptionMetricPairs.stream().map(pair -> pair.get(1)).toArray(String[]::new);
        jdbc.sql("""
                INSERT INTO usage_refresh_queue (tenant_id, subscription_id, metric_code, queued_at)
                SELECT :tenant, q.subscription_id, q.metric_code, :now
                FROM unnest(:subscriptions, :metrics) AS q (subscription_id, metric_code)
                ORDER BY 2, 3
                ON CONFLICT (subscription_id, metric_code) DO UPDATE SET version = usage_refresh_queue.version + 1
                """)
                .param("tenant", tenantId).param("now", Timestamp.from(now))
                .param("subscriptions", subscriptions).param("metrics", metrics)
                .update();
    }

    /** Deletes the usage of a test clock's customers, with the clock. */
    public void deleteForTestClock(String tenantId, String testClockId) {
        String customers = "(SELECT c.id FROM customers c WHERE c.tenant_id = :tenant AND c.test_clock_id = :clock)";
        jdbc.sql("DELETE FROM usage_events WHERE tenant_id = :tenant AND customer_id IN " + customers)
                .param("tenant", tenantId).param("clock", testClockId).update();
        String subscriptions = "(SELECT s.id FROM subscriptions s JOIN customers c ON c.id = s.customer_id"
                + " WHERE c.tenant_id = :tenant AND c.test_clock_id = :clock)";
        jdbc.sql("DELETE FROM usage_refresh_queue WHERE tenant_id = :tenant AND subscription_id IN " + subscriptions)
                .param("tenant", tenantId).param("clock", testClockId).update();
        jdbc.sql("DELETE FROM usage_alerts WHERE tenant_id = :tenant AND subscription_id IN " + subscriptions)
                .param("tenant", tenantId).param("clock", testClockId).update();
    }
}
