package io.billstream.subscription.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.catalog.domain.period.BillingAnchor;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import io.billstream.subscription.domain.PendingChange;
import io.billstream.subscription.domain.Subscription;
import io.billstream.subscription.domain.SubscriptionStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Subscription rows; {@code next_action_at} is kept in step with the state on every write. */
@Repository
public class Subscriptions {

    public record Filter(String customerId, SubscriptionStatus status, String planId, String externalId) {
    }

    public record Due(String tenantId, String id) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Subscriptions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Subscription s) {
        jdbc.sql("""
                INSERT INTO subscriptions (id, tenant_id, customer_id, external_id, plan_id, plan_version_id, status, billing_anchor,
                    currency, timezone, start_at, trial_id, trial_end, trial_will_end_sent, cycle_start, current_period_start,
                    current_period_end, quantities, pending_change, cancellation_id, activated_at, canceled_at, ended_at,
                    ended_reason, past_due_since, entitlements_restricted_at, next_action_at, test_clock_id, metadata, created_at,
                    updated_at, version)
                VALUES (:id, :tenant, :customer, :externalId, :plan, :planVersion, :status, :anchor, :currency, :timezone, :startAt,
                    :trialId, :trialEnd, :trialWillEndSent, :cycleStart, :periodStart, :periodEnd, CAST(:quantities AS jsonb),
                    CAST(:pendingChange AS jsonb), :cancellationId, :activatedAt, :canceledAt, :endedAt, :endedReason,
                    :pastDueSince, :restrictedAt, :nextActionAt, :testClock, CAST(:metadata AS jsonb), :createdAt, :updatedAt, :version)
                """).params(params(s)).update();
    }

    /** Writes a change made from the row read at {@code version - 1}; false if someone else changed it. */
    public boolean update(Subscription s) {
        return jdbc.sql("""
                UPDATE subscriptions SET plan_id = :plan, plan_version_id = :planVersion, status = :status,
                    trial_will_end_sent = :trialWillEndSent, cycle_start = :cycleStart, current_period_start = :periodStart,
                    current_period_end = :periodEnd, quantities = CAST(:quantities AS jsonb),
                    pending_change = CAST(:pendingChange AS jsonb), cancellation_id = :cancellationId, activated_at = :activatedAt,
                    canceled_at = :canceledAt, ended_at = :endedAt, ended_reason = :endedReason, past_due_since = :pastDueSince,
                    entitlements_restricted_at = :restrictedAt, next_action_at = :nextActionAt,
                    metadata = CAST(:metadata AS jsonb), external_id = :externalId, updated_at = :updatedAt, version = :version
                WHERE tenant_id = :tenant AND id = :id AND version = :version - 1
                """).params(params(s)).update() == 1;
    }

    /** By ID ({@code sub_...}) or the caller's external_id. */
    public Optional<Subscription> find(String tenantId, String idOrExternalId, boolean forUpdate) {
        String column = idOrExternalId.startsWith("sub_") ? "id" : "external_id";
        return jdbc.sql("SELECT * FROM subscriptions WHERE tenant_id = :tenant AND " + column + " = :key" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("key", idOrExternalId).query(this::map).optional();
    }

    public List<Subscription> list(String tenantId, Filter filter, PageRequest page) {
        return jdbc.sql("""
                SELECT * FROM subscriptions WHERE tenant_id = :tenant
                  AND (CAST(:customer AS text) IS NULL OR customer_id = :customer)
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:plan AS text) IS NULL OR plan_id = :plan)
                  AND (CAST(:externalId AS text) IS NULL OR external_id = :externalId)
                  AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit
                """)
                .param("tenant", tenantId).param("customer", filter.customerId())
                .param("status", filter.status() == null ? null : filter.status().apiName())
                .param("plan", filter.planId()).param("externalId", filter.externalId())
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    /** The customer's subscriptions that still run or will run. */
    public List<Subscription> live(String tenantId, String customerId) {
        return jdbc.sql("SELECT * FROM subscriptions WHERE tenant_id = :tenant AND customer_id = :customer AND status <> 'terminated'")
                .param("tenant", tenantId).param("customer", customerId).query(this::map).list();
    }

    /** Real-time subscriptions with a transition due, across tenants (a definer function: the scheduler has no tenant). */
    public List<Due> due(Instant now, int limit) {
        return jdbc.sql("SELECT tenant_id, id FROM due_subscriptions(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    /** The test clock's subscription whose transition is due first, if one is due by {@code until}. */
    public List<String> dueOnClock(String tenantId, String testClockId, Instant until, int limit) {
        return jdbc.sql("""
                SELECT id FROM subscriptions WHERE tenant_id = :tenant AND test_clock_id = :clock AND next_action_at <= :until
                ORDER BY next_action_at, id LIMIT :limit
                """)
                .param("tenant", tenantId).param("clock", testClockId).param("until", Rows.timestamp(until)).param("limit", limit)
                .query(String.class).list();
    }

    /** Deletes a test clock's subscriptions with every row that refers to them, dependents first. */
    public void deleteForTestClock(String tenantId, String testClockId) {
        for (String table : List.of("entitlements", "billing_periods", "pending_invoice_items", "cancellations", "trials")) {
            jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = :tenant AND subscription_id IN"
                            + " (SELECT id FROM subscriptions WHERE tenant_id = :tenant AND test_clock_id = :clock)")
                    .param("tenant", tenantId).param("clock", testClockId).update();
        }
        jdbc.sql("DELETE FROM subscriptions WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
    }

    private Map<String, Object> params(Subscription s) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", s.id());
        p.put("tenant", s.tenantId());
        p.put("customer", s.customerId());
        p.put("externalId", s.externalId());
        p.put("plan", s.planId());
        p.put("planVersion", s.planVersionId());
        p.put("status", s.status().apiName());
        p.put("anchor", s.anchor().code());
        p.put("currency", s.currency());
        p.put("timezone", s.timezone());
        p.put("startAt", Rows.timestamp(s.startAt()));
        p.put("trialId", s.trialId());
        p.put("trialEnd", Rows.timestamp(s.trialEnd()));
        p.put("trialWillEndSent", s.trialWillEndSent());
        p.put("cycleStart", Rows.timestamp(s.cycleStart()));
        p.put("periodStart", Rows.timestamp(s.currentPeriodStart()));
        p.put("periodEnd", Rows.timestamp(s.currentPeriodEnd()));
        p.put("quantities", json.writeValueAsString(s.quantities()));
        p.put("pendingChange", s.pendingChange() == null ? null : json.writeValueAsString(s.pendingChange()));
        p.put("cancellationId", s.cancellationId());
        p.put("activatedAt", Rows.timestamp(s.activatedAt()));
        p.put("canceledAt", Rows.timestamp(s.canceledAt()));
        p.put("endedAt", Rows.timestamp(s.endedAt()));
        p.put("endedReason", s.endedReason());
        p.put("pastDueSince", Rows.timestamp(s.pastDueSince()));
        p.put("restrictedAt", Rows.timestamp(s.entitlementsRestrictedAt()));
        p.put("nextActionAt", Rows.timestamp(s.nextActionAt()));
        p.put("testClock", s.testClockId());
        p.put("metadata", json.writeValueAsString(s.metadata()));
        p.put("createdAt", Rows.timestamp(s.createdAt()));
        p.put("updatedAt", Rows.timestamp(s.updatedAt()));
        p.put("version", s.version());
        return p;
    }

    private Subscription map(ResultSet rs, int row) throws SQLException {
        String pending = rs.getString("pending_change");
        return new Subscription(rs.getString("id"), rs.getString("tenant_id"), rs.getString("customer_id"), rs.getString("external_id"),
                rs.getString("plan_id"), rs.getString("plan_version_id"),
                SubscriptionStatus.parse(rs.getString("status"), "status"),
                BillingAnchor.fromCode(rs.getString("billing_anchor"), "billing_anchor"), rs.getString("currency"),
                rs.getString("timezone"), Rows.instant(rs, "start_at"), rs.getString("trial_id"), Rows.instant(rs, "trial_end"),
                rs.getBoolean("trial_will_end_sent"), Rows.instant(rs, "cycle_start"), Rows.instant(rs, "current_period_start"),
                Rows.instant(rs, "current_period_end"),
                json.readValue(rs.getString("quantities"), new TypeReference<Map<String, Long>>() { }),
                pending == null ? null : json.readValue(pending, PendingChange.class), rs.getString("cancellation_id"),
                Rows.instant(rs, "activated_at"), Rows.instant(rs, "canceled_at"), Rows.instant(rs, "ended_at"),
                rs.getString("ended_reason"), Rows.instant(rs, "past_due_since"), Rows.instant(rs, "entitlements_restricted_at"),
                rs.getString("test_clock_id"),
                json.readValue(rs.getString("metadata"), new TypeReference<Map<String, String>>() { }),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), rs.getLong("version"));
    }
}
