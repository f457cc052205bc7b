package io.billstream.invoicing.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceStatus;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The invoices table. Amount columns of drafts are rewritten on every refresh; issued invoices only change status. */
@Repository
public class Invoices {

    /**
     * The list filters; every one optional. Ranges are inclusive at both ends.
     *
     * @param issuedFrom on {@code issued_at}; likewise the due and amount ranges
     */
    public record Filter(InvoiceStatus status, String customerId, String subscriptionId, Instant issuedFrom, Instant issuedTo,
                         Instant dueFrom, Instant dueTo, Long totalFrom, Long totalTo) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Invoices(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Invoice i) {
        jdbc.sql("""
                INSERT INTO invoices (id, tenant_id, customer_id, subscription_id, billing_reason, billing_date, status, number, currency,
                    rounding_mode, tax_mode, period_start, period_end, subtotal_minor, tax_minor, total_minor, credit_applied_minor,
                    credited_minor, amount_paid_minor, amount_due_minor, memo, metadata, net_terms_days, finalize_at, test_clock_id,
                    created_at, updated_at)
                VALUES (:id, :tenant, :customer, :subscription, :reason, :billingDate, :status, :number, :currency, :rounding, :taxMode,
                    :periodStart, :periodEnd, :subtotal, :tax, :total, :creditApplied, :credited, :paid, :due, :memo,
                    CAST(:metadata AS jsonb), :netDays, :finalizeAt, :clock, :createdAt, :updatedAt)
                """)
                .param("id", i.id()).param("tenant", i.tenantId()).param("customer", i.customerId())
                .param("subscription", i.subscriptionId()).param("reason", i.billingReason())
                .param("billingDate", Rows.timestamp(i.billingDate())).param("status", i.status().apiName()).param("number", i.number())
                .param("currency", i.currency()).param("rounding", i.roundingMode()).param("taxMode", i.taxMode())
                .param("periodStart", Rows.timestamp(i.periodStart())).param("periodEnd", Rows.timestamp(i.periodEnd()))
                .param("subtotal", i.subtotalMinor()).param("tax", i.taxMinor()).param("total", i.totalMinor())
                .param("creditApplied", i.creditAppliedMinor()).param("credited", i.creditedMinor()).param("paid", i.amountPaidMinor())
                .param("due", i.amountDueMinor()).param("memo", i.memo()).param("metadata", json.writeValueAsString(i.metadata()))
                .param("netDays", i.netTermsDays()).param("finalizeAt", Rows.timestamp(i.finalizeAt()))
                .param("clock", i.testClockId()).param("createdAt", Rows.timestamp(i.createdAt()))
                .param("updatedAt", Rows.timestamp(i.updatedAt()))
                .update();
    }

    public Optional<Invoice> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM invoices WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(this::map).optional();
    }

    /** The run invoice of a customer for one billing date, if a run made it. */
    public Optional<Invoice> findCycle(String tenantId, String customerId, Instant billingDate) {
        return jdbc.sql("""
                SELECT * FROM invoices WHERE tenant_id = :tenant AND customer_id = :customer AND billing_date = :date
                  AND billing_reason = 'subscription_cycle'
                """)
                .param("tenant", tenantId).param("customer", customerId).param("date", Rows.timestamp(billingDate))
                .query(this::map).optional();
    }

    /**
     * Whether the customer has a draft made by billing (not a one-off) that is finalised before {@code before}: its
     * last refresh takes in the late usage of periods already issued, so the invoice at {@code before} will not.
     */
    public boolean hasBillingDraftFinalizingBefore(String tenantId, String customerId, Instant before) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM invoices WHERE tenant_id = :tenant AND customer_id = :customer AND status = 'draft'
                  AND billing_reason <> 'manual' AND finalize_at < :before)
                """)
                .param("tenant", tenantId).param("customer", customerId).param("before", Rows.timestamp(before))
                .query(Boolean.class).single();
    }

    /** Newest first, by ID (IDs are time-ordered). */
    public List<Invoice> list(String tenantId, Filter f, PageRequest page) {
        return jdbc.sql("""
                SELECT * FROM invoices WHERE tenant_id = :tenant
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:customer AS text) IS NULL OR customer_id = :customer)
                  AND (CAST(:subscription AS text) IS NULL OR subscription_id = :subscription)
                  AND (CAST(:issuedFrom AS timestamptz) IS NULL OR issued_at >= :issuedFrom)
                  AND (CAST(:issuedTo AS timestamptz) IS NULL OR issued_at <= :issuedTo)
                  AND (CAST(:dueFrom AS timestamptz) IS NULL OR due_at >= :dueFrom)
                  AND (CAST(:dueTo AS timestamptz) IS NULL OR due_at <= :dueTo)
                  AND (CAST(:totalFrom AS bigint) IS NULL OR total_minor >= :totalFrom)
                  AND (CAST(:totalTo AS bigint) IS NULL OR total_minor <= :totalTo)
                  AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit
                """)
                .param("tenant", tenantId).param("status", f.status() == null ? null : f.status().apiName())
                .param("customer", f.customerId()).param("subscription", f.subscriptionId())
                .param("issuedFrom", Rows.timestamp(f.issuedFrom())).param("issuedTo", Rows.timestamp(f.issuedTo()))
                .param("dueFrom", Rows.timestamp(f.dueFrom())).param("dueTo", Rows.timestamp(f.dueTo()))
                .param("totalFrom", f.totalFrom()).param("totalTo", f.totalTo())
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    /** A draft's amounts after its lines changed. */
    public void updateDraft(Invoice i) {
        jdbc.sql("""
                UPDATE invoices SET subtotal_minor = :subtotal, tax_minor = :tax, total_minor = :total, amount_due_minor = :due,
                    period_start = :periodStart, period_end = :periodEnd, memo = :memo, metadata = CAST(:metadata AS jsonb),
                    tax_mode = :taxMode, updated_at = :updatedAt
                WHERE tenant_id = :tenant AND id = :id AND status IN ('draft', 'pending_tax')
                """)
                .param("subtotal", i.subtotalMinor()).param("tax", i.taxMinor()).param("total", i.totalMinor())
                .param("due", i.amountDueMinor()).param("periodStart", Rows.timestamp(i.periodStart()))
                .param("periodEnd", Rows.timestamp(i.periodEnd())).param("memo", i.memo())
                .param("metadata", json.writeValueAsString(i.metadata())).param("taxMode", i.taxMode())
                .param("updatedAt", Rows.timestamp(i.updatedAt())).param("tenant", i.tenantId()).param("id", i.id())
                .update();
    }

    public void markPendingTax(String tenantId, String id, Instant now) {
        jdbc.sql("UPDATE invoices SET status = 'pending_tax', updated_at = :now WHERE tenant_id = :tenant AND id = :id AND status = 'draft'")
                .param("now", Rows.timestamp(now)).param("tenant", tenantId).param("id", id).update();
    }

    /** Freezes a draft (or pending_tax) invoice as issued, with everything finalisation decided. */
    public void finalize(Invoice i) {
        int updated = jdbc.sql("""
                UPDATE invoices SET status = :status, number = :number, subtotal_minor = :subtotal, tax_minor = :tax,
                    total_minor = :total, credit_applied_minor = :creditApplied, amount_due_minor = :due,
                    customer_snapshot = CAST(:customer AS jsonb), seller_snapshot = CAST(:seller AS jsonb), issued_at = :issuedAt,
                    due_at = :dueAt, finalized_at = :finalizedAt, paid_at = :paidAt, updated_at = :updatedAt
                WHERE tenant_id = :tenant AND id = :id AND status IN ('draft', 'pending_tax')
                """)
                .param("status", i.status().apiName()).param("number", i.number()).param("subtotal", i.subtotalMinor())
                .param("tax", i.taxMinor()).param("total", i.totalMinor()).param("creditApplied", i.creditAppliedMinor())
                .param("due", i.amountDueMinor()).param("customer", i.customerSnapshot()).param("seller", i.sellerSnapshot())
                .param("issuedAt", Rows.timestamp(i.issuedAt())).param("dueAt", Rows.timestamp(i.dueAt()))
                .param("finalizedAt", Rows.timestamp(i.finalizedAt())).param("paidAt", Rows.timestamp(i.paidAt()))
                .param("updatedAt", Rows.timestamp(i.updatedAt())).param("tenant", i.tenantId()).param("id", i.id())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("invoice " + i.id() + " was not a draft when finalised");
        }
    }

    /** void or uncollectible, from {@code from}. */
    public boolean changeStatus(String tenantId, String id, InvoiceStatus from, InvoiceStatus to, Instant at, long amountDueMinor) {
        String column = switch (to) {
            case VOID -> "voided_at";
            case UNCOLLECTIBLE -> "uncollectible_at";
            case PAID -> "paid_at";
            default -> throw new IllegalArgumentException("not a status change: " + to);
        };
        return jdbc.sql("UPDATE invoices SET status = :to, " + column + " = :at, amount_due_minor = :due, updated_at = :at "
                        + "WHERE tenant_id = :tenant AND id = :id AND status = :from")
                .param("to", to.apiName()).param("at", Rows.timestamp(at)).param("due", amountDueMinor).param("tenant", tenantId)
                .param("id", id).param("from", from.apiName()).update() == 1;
    }

    /**
     * Writes what a payment did to an issued invoice ({@code after}, from {@link Invoice#pay}): the amounts, and the
     * status and {@code paid_at} when it became paid. Guarded by the status and amount due the caller read under
     * the invoice's row lock, so a payment is never applied to amounts that moved under it.
     */
    public void recordPayment(Invoice before, Invoice after) {
        int updated = jdbc.sql("""
                UPDATE invoices SET status = :status, amount_paid_minor = :paid, amount_due_minor = :due, paid_at = :paidAt,
                    updated_at = :updatedAt
                WHERE tenant_id = :tenant AND id = :id AND status = :fromStatus AND amount_due_minor = :fromDue
                """)
                .param("status", after.status().apiName()).param("paid", after.amountPaidMinor()).param("due", after.amountDueMinor())
                .param("paidAt", Rows.timestamp(after.paidAt())).param("updatedAt", Rows.timestamp(after.updatedAt()))
                .param("tenant", before.tenantId()).param("id", before.id()).param("fromStatus", before.status().apiName())
                .param("fromDue", before.amountDueMinor())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("invoice " + before.id() + " changed while a payment was applied: is it locked?");
        }
    }

    /** Drafts of one test clock's customers whose grace period is over by {@code until}, earliest first. */
    public List<String> draftsDueOnClock(String tenantId, String testClockId, Instant until) {
        return jdbc.sql("""
                SELECT id FROM invoices WHERE tenant_id = :tenant AND test_clock_id = :clock AND status = 'draft'
                  AND finalize_at <= :until ORDER BY finalize_at, id
                """)
                .param("tenant", tenantId).param("clock", testClockId).param("until", Rows.timestamp(until)).query(String.class).list();
    }

    public record Due(String tenantId, String id) {
    }

    /** Real-time drafts whose grace period is over, across tenants (a definer function). */
    public List<Due> draftsDue(Instant now, int limit) {
        return jdbc.sql("SELECT tenant_id, invoice_id FROM due_invoice_finalizations(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("invoice_id"))).list();
    }

    /** A test clock's invoices go with it (its credit notes and balances are deleted first, by the credit part). */
    public void deleteForTestClock(String tenantId, String testClockId) {
        for (String table : List.of("invoice_line_taxes", "invoice_lines")) {
            jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = :tenant AND invoice_id IN "
                            + "(SELECT id FROM invoices WHERE tenant_id = :tenant AND test_clock_id = :clock)")
                    .param("tenant", tenantId).param("clock", testClockId).update();
        }
        jdbc.sql("DELETE FROM invoices WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
    }

    private Invoice map(ResultSet rs, int row) throws SQLException {
        String metadata = rs.getString("metadata");
        Map<String, String> meta = metadata == null ? Map.of() : json.readValue(metadata, new TypeReference<HashMap<String, String>>() { });
        return new Invoice(rs.getString("id"), rs.getString("tenant_id"), rs.getString("customer_id"), rs.getString("subscription_id"),
                rs.getString("billing_reason"), Rows.instant(rs, "billing_date"), InvoiceStatus.of(rs.getString("status")),
                rs.getString("number"), rs.getString("currency"), rs.getString("rounding_mode"), rs.getString("tax_mode"),
                Rows.instant(rs, "period_start"), Rows.instant(rs, "period_end"), rs.getLong("subtotal_minor"), rs.getLong("tax_minor"),
                rs.getLong("total_minor"), rs.getLong("credit_applied_minor"), rs.getLong("credited_minor"),
                rs.getLong("amount_paid_minor"), rs.getLong("amount_due_minor"), rs.getString("memo"), meta,
                rs.getString("customer_snapshot"), rs.getString("seller_snapshot"), rs.getInt("net_terms_days"),
                Rows.instant(rs, "finalize_at"), Rows.instant(rs, "issued_at"), Rows.instant(rs, "due_at"),
                Rows.instant(rs, "finalized_at"), Rows.instant(rs, "paid_at"), Rows.instant(rs, "voided_at"),
                Rows.instant(rs, "uncollectible_at"), rs.getString("test_clock_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
