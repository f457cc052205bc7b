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
                .query(this::mapItem).list();
    }

    /** A period as invoicing reads it: what to bill and what has been billed of it. */
    public record LedgerRow(String id, String customerId, String subscriptionId, String planVersionId, String currency,
                            Instant periodStart, Instant periodEnd, Instant fullPeriodStart, Instant fullPeriodEnd,
                            Map<String, Long> quantities, boolean advanceFeesBillable, String status, Instant endedAt,
                            String closedReason, String invoiceId, Instant advanceBilledAt, Instant arrearsBilledAt) {
    }

    public record DueRun(String tenantId, String customerId, Instant billingDate) {
    }

    /** Closed periods of the customer whose usage and fees in arrears are not billed yet, ended by {@code until}. */
    public List<LedgerRow> arrearsDue(String tenantId, String customerId, Instant until) {
        return jdbc.sql("""
                SELECT * FROM billing_periods WHERE tenant_id = :tenant AND customer_id = :customer AND status = 'closed'
                  AND arrears_billed_at IS NULL AND ended_at <= :until ORDER BY ended_at, period_start, id
                """)
                .param("tenant", tenantId).param("customer", customerId).param("until", Rows.timestamp(until))
                .query(this::mapLedger).list();
    }

    /** Periods of the customer whose fees in advance are not billed yet, started by {@code until}. */
    public List<LedgerRow> advanceDue(String tenantId, String customerId, Instant until) {
        return jdbc.sql("""
                SELECT * FROM billing_periods WHERE tenant_id = :tenant AND customer_id = :customer AND advance_fees_billable
                  AND advance_billed_at IS NULL AND period_start <= :until ORDER BY period_start, id
                """)
                .param("tenant", tenantId).param("customer", customerId).param("until", Rows.timestamp(until))
                .query(this::mapLedger).list();
    }

    public List<LedgerRow> ledgerRows(String tenantId, String subscriptionId) {
        return jdbc.sql("SELECT * FROM billing_periods WHERE tenant_id = :tenant AND subscription_id = :subscription ORDER BY period_start, id")
                .param("tenant", tenantId).param("subscription", subscriptionId).query(this::mapLedger).list();
    }

    public java.util.Optional<LedgerRow> ledgerRow(String tenantId, String periodId) {
        return jdbc.sql("SELECT * FROM billing_periods WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", periodId).query(this::mapLedger).optional();
    }

    public void markArrearsBilled(String tenantId, List<String> periodIds, String invoiceId, Instant now) {
        jdbc.sql("""
                UPDATE billing_periods SET invoice_id = :invoice, arrears_billed_at = :now
                WHERE tenant_id = :tenant AND id = ANY (:ids) AND arrears_billed_at IS NULL
                """)
                .param("invoice", invoiceId).param("now", Rows.timestamp(now)).param("tenant", tenantId)
                .param("ids", periodIds.toArray(String[]::new)).update();
    }

    public void markAdvanceBilled(String tenantId, List<String> periodIds, String invoiceId, Instant now) {
        jdbc.sql("""
                UPDATE billing_periods SET advance_invoice_id = :invoice, advance_billed_at = :now
                WHERE tenant_id = :tenant AND id = ANY (:ids) AND advance_billed_at IS NULL
                """)
                .param("invoice", invoiceId).param("now", Rows.timestamp(now)).param("tenant", tenantId)
                .param("ids", periodIds.toArray(String[]::new)).update();
    }

    /** Items not on an invoice yet, of every subscription of the customer and of none. */
    public List<PendingItem> uninvoicedItems(String tenantId, String customerId) {
        return jdbc.sql("""
                SELECT * FROM pending_invoice_items WHERE tenant_id = :tenant AND customer_id = :customer AND invoice_id IS NULL
                ORDER BY created_at, id
                """)
                .param("tenant", tenantId).param("customer", customerId).query(this::mapItem).list();
    }

    public void markItemsInvoiced(String tenantId, List<String> itemIds, String invoiceId) {
        jdbc.sql("UPDATE pending_invoice_items SET invoice_id = :invoice WHERE tenant_id = :tenant AND id = ANY (:ids) AND invoice_id IS NULL")
                .param("invoice", invoiceId).param("tenant", tenantId).param("ids", itemIds.toArray(String[]::new)).update();
    }

    /** Real-time customers with something to bill by {@code now}, across tenants (a definer function). */
    public List<DueRun> dueRuns(Instant now, int limit) {
        return jdbc.sql("SELECT tenant_id, customer_id, billing_date FROM due_billing_runs(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", limit)
                .query((rs, n) -> new DueRun(rs.getString("tenant_id"), rs.getString("customer_id"), Rows.instant(rs, "billing_date")))
                .list();
    }

    /** One test clock's customers with a billing run due by {@code until}, each at its earliest date, earliest first. */
    public List<DueRun> dueOnClock(String tenantId, String testClockId, Instant until, int limit) {
        return jdbc.sql("""
                SELECT d.customer_id, min(d.due) AS billing_date FROM (
                    SELECT bp.customer_id, bp.ended_at AS due FROM billing_periods bp
                    WHERE bp.tenant_id = :tenant AND bp.status = 'closed' AND bp.arrears_billed_at IS NULL AND bp.ended_at <= :until
                      AND bp.closed_reason IN ('renewal', 'termination')
                    UNION ALL
                    SELECT bp.customer_id, bp.period_start FROM billing_periods bp
                    WHERE bp.tenant_id = :tenant AND bp.advance_fees_billable AND bp.advance_billed_at IS NULL AND bp.period_start <= :until) d
                JOIN customers c ON c.id = d.customer_id AND c.test_clock_id = :clock
                GROUP BY d.customer_id ORDER BY min(d.due), d.customer_id LIMIT :limit
                """)
                .param("tenant", tenantId).param("until", Rows.timestamp(until)).param("clock", testClockId).param("limit", limit)
                .query((rs, n) -> new DueRun(tenantId, rs.getString("customer_id"), Rows.instant(rs, "billing_date"))).list();
    }

    private LedgerRow mapLedger(ResultSet rs, int row) throws SQLException {
        return new LedgerRow(rs.getString("id"), rs.getString("customer_id"), rs.getString("subscription_id"),
                rs.getString("plan_version_id"), rs.getString("currency"), Rows.instant(rs, "period_start"),
                Rows.instant(rs, "period_end"), Rows.instant(rs, "full_period_start"), Rows.instant(rs, "full_period_end"),
                json.readValue(rs.getString("quantities"), new tools.jackson.core.type.TypeReference<Map<String, Long>>() { }),
                rs.getBoolean("advance_fees_billable"), rs.getString("status"), Rows.instant(rs, "ended_at"),
                rs.getString("closed_reason"), rs.getString("invoice_id"), Rows.instant(rs, "advance_billed_at"),
                Rows.instant(rs, "arrears_billed_at"));
    }

    private PendingItem mapItem(ResultSet rs, int row) throws SQLException {
        return new PendingItem(rs.getString("id"), rs.getString("subscription_id"), rs.getString("kind"),
                rs.getString("description"), rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"),
                rs.getLong("amount_minor"), rs.getString("currency"), Rows.instant(rs, "service_start"),
                Rows.instant(rs, "service_end"), rs.getString("source_id"), Rows.instant(rs, "created_at"));
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
