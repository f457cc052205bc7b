package io.billstream.subscription.db;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.billstream.platform.db.Rows;
import io.billstream.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * What invoicing consumes: billing periods (a stretch of a subscription on one plan version, opened
 * when it starts and closed when it ends) and pending items (prorations and one-time charges).
 */
@Repository
public class BillingLedger {

    public record PeriodRecord(String id, String subscriptionId, String planVersionId, Instant periodStart, Instant periodEnd,
                               Instant fullPeriodStart, Instant fullPeriodEnd, Map<String, Long> quantities, String openedReason,
                               boolean advanceFeesBillable, String status, Instant endedAt, String closedReason) {
    }

    public record PendingItem(String id, String subscriptionId, String kind, String description, BigDecimal quantity,
                              BigDecimal unitPrice, long amountMinor, String currency, Instant serviceStart, Instant serviceEnd,
                              String sourceId, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BillingLedger(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public String openPeriod(String tenantId, String customerId, String subscriptionId, String planVersionId, String currency,
                             Instant start, Instant end, Instant fullStart, Instant fullEnd, Map<String, Long> quantities,
                             String openedReason, boolean advanceFeesBillable, Instant now) {
        String id = Ids.next("bp");
        jdbc.sql("""
                INSERT INTO billing_periods (id, tenant_id, customer_id, subscription_id, plan_version_id, currency, period_start,
                    period_end, full_period_start, full_period_end, quantities, opened_reason, advance_fees_billable, status, created_at)
                VALUES (:id, :tenant, :customer, :subscription, :planVersion, :currency, :start, :end, :fullStart, :fullEnd,
                    CAST(:quantities AS jsonb), :reason, :billable, 'open', :now)
                """)
                .param("id", id).param("tenant", tenantId).param("customer", customerId).param("subscription", subscriptionId)
                .param("planVersion", planVersionId).param("currency", currency).param("start", Rows.timestamp(start))
                .param("end", Rows.timestamp(end)).param("fullStart", Rows.timestamp(fullStart)).param("fullEnd", Rows.timestamp(fullEnd))
                .param("quantities", json.writeValueAsString(quantities)).param("reason", openedReason)
                .param("billable", advanceFeesBillable).param("now", Rows.timestamp(now))
                .update();
        return id;
    }

    /** Closes the subscription's open period at {@code endedAt}; returns its ID, or null if none was open. */
    public String closeOpenPeriod(String tenantId, String subscriptionId, Instant endedAt, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE billing_periods SET status = 'closed', ended_at = :endedAt, closed_reason = :reason, closed_at = :now
                WHERE tenant_id = :tenant AND subscription_id = :subscription AND status = 'open'
                RETURNING id
                """)
                .param("endedAt", Rows.timestamp(endedAt)).param("reason", reason).param("now", Rows.timestamp(now))
                .param("tenant", tenantId).param("subscription", subscriptionId)
                .query(String.class).optional().orElse(null);
    }

    public List<PeriodRecord> periods(String tenantId, String subscriptionId) {
        return jdbc.sql("SELECT * FROM billing_periods WHERE tenant_id = :tenant AND subscription_id = :subscription ORDER BY period_start, created_at")
                .param("tenant", tenantId).param("subscription", subscriptionId).query(this::mapPeriod).list();
    }

    public void addItem(String tenantId, String customerId, PendingItem item) {
        jdbc.sql("""
                INSERT INTO pending_invoice_items (id, tenant_id, customer_id, subscription_id, kind, description, quantity, unit_price,
                    amount_minor, currency, service_start, service_end, source_id, created_at)
                VALUES (:id, :tenant, :customer, :subscription, :kind, :description, :quantity, :unitPrice, :amount, :currency,
                    :serviceStart, :serviceEnd, :source, :createdAt)
                """)
                .param("id", item.id()).param("tenant", tenantId).param("customer", customerId)
                .param("subscription", item.subscriptionId()).param("kind", item.kind()).param("description", item.description())
                .param("quantity", item.quantity()).param("unitPrice", item.unitPrice()).param("amount", item.amountMinor())
                .param("currency", item.currency()).param("serviceStart", Rows.timestamp(item.serviceStart()))
                .param("serviceEnd", Rows.timestamp(item.serviceEnd())).param("source", item.sourceId())
                .param("createdAt", Rows.timestamp(item.createdAt()))
                .update();
    }

    public List<PendingItem> items(String tenantId, String subscriptionId) {
        return jdbc.sql("SELECT * FROM pending_invoice_items WHERE tenant_id = :tenant AND subscription_id = :subscription ORDER BY created_at, id")
                .param("tenant", tenantId).param("subscription", subscriptionId)
                .query((rs, n) -> new PendingItem(rs.getString("id"), rs.getString("subscription_id"), rs.getString("kind"),
                        rs.getString("description"), rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"),
                        rs.getLong("amount_minor"), rs.getString("currency"), Rows.instant(rs, "service_start"),
                        Rows.instant(rs, "service_end"), rs.getString("source_id"), Rows.instant(rs, "created_at")))
                .list();
    }

    private PeriodRecord mapPeriod(ResultSet rs, int row) throws SQLException {
        return new PeriodRecord(rs.getString("id"), rs.getString("subscription_id"), rs.getString("plan_version_id"),
                Rows.instant(rs, "period_start"), Rows.instant(rs, "period_end"), Rows.instant(rs, "full_period_start"),
                Rows.instant(rs, "full_period_end"),
                json.readValue(rs.getString("quantities"), new tools.jackson.core.type.TypeReference<Map<String, Long>>() { }),
                rs.getString("opened_reason"), rs.getBoolean("advance_fees_billable"), rs.getString("status"),
                Rows.instant(rs, "ended_at"), rs.getString("closed_reason"));
    }
}
