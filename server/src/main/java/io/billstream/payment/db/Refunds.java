package io.billstream.payment.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.billstream.payment.domain.Refund;
import io.billstream.payment.domain.RefundStatus;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The refunds table. */
@Repository
public class Refunds {

    private final JdbcClient jdbc;

    Refunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Refund r, Instant now) {
        jdbc.sql("""
                INSERT INTO refunds (id, tenant_id, payment_id, customer_id, invoice_id, credit_note_id, amount_minor, currency, status,
                    reason, test_clock_id, created_at, updated_at)
                VALUES (:id, :tenant, :payment, :customer, :invoice, :creditNote, :amount, :currency, :status, :reason, :clock,
                    :createdAt, :now)
                """)
                .param("id", r.id()).param("tenant", r.tenantId()).param("payment", r.paymentId()).param("customer", r.customerId())
                .param("invoice", r.invoiceId()).param("creditNote", r.creditNoteId()).param("amount", r.amountMinor())
                .param("currency", r.currency()).param("status", r.status().apiName()).param("reason", r.reason())
                .param("clock", r.testClockId()).param("createdAt", Rows.timestamp(r.createdAt())).param("now", Rows.timestamp(now))
                .update();
    }

    public Optional<Refund> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM refunds WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(Refunds::map).optional();
    }

    public void update(Refund r, Instant now) {
        jdbc.sql("""
                UPDATE refunds SET status = :status, provider_refund_id = :providerId, failure_code = :code, failure_message = :message,
                    succeeded_at = :succeededAt, failed_at = :failedAt, updated_at = :now
                WHERE tenant_id = :tenant AND id = :id
                """)
                .param("status", r.status().apiName()).param("providerId", r.providerRefundId()).param("code", r.failureCode())
                .param("message", r.failureMessage()).param("succeededAt", Rows.timestamp(r.succeededAt()))
                .param("failedAt", Rows.timestamp(r.failedAt())).param("now", Rows.timestamp(now))
                .param("tenant", r.tenantId()).param("id", r.id())
                .update();
    }

    /** Whether a credit note already has a refund that is pending or succeeded. */
    public boolean carriesOut(String tenantId, String creditNoteId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM refunds WHERE tenant_id = :tenant AND credit_note_id = :note AND status <> 'failed')")
                .param("tenant", tenantId).param("note", creditNoteId).query(Boolean.class).single();
    }

    /** A payment's refunds, newest first. */
    public List<Refund> ofPayment(String tenantId, String paymentId, PageRequest page) {
        return jdbc.sql("""
                SELECT * FROM refunds WHERE tenant_id = :tenant AND payment_id = :payment AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit
                """)
                .param("tenant", tenantId).param("payment", paymentId).param("after", page.after()).param("limit", page.fetchSize())
                .query(Refunds::map).list();
    }

    /** Which tenant's refund a provider's refund ID names (a SECURITY DEFINER function). */
    public Optional<Payments.Due> ownerOfProviderRefund(String provider, String providerRefundId) {
        return jdbc.sql("SELECT tenant_id, id FROM refund_by_provider_refund(:provider, :refund)")
                .param("provider", provider).param("refund", providerRefundId)
                .query((rs, n) -> new Payments.Due(rs.getString("tenant_id"), rs.getString("id"))).optional();
    }

    private static Refund map(ResultSet rs, int n) throws SQLException {
        return new Refund(rs.getString("id"), rs.getString("tenant_id"), rs.getString("payment_id"), rs.getString("customer_id"),
                rs.getString("invoice_id"), rs.getString("credit_note_id"), rs.getLong("amount_minor"), rs.getString("currency"),
                RefundStatus.fromApiName(rs.getString("status")), rs.getString("reason"), rs.getString("provider_refund_id"),
                rs.getString("failure_code"), rs.getString("failure_message"), rs.getString("test_clock_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "succeeded_at"), Rows.instant(rs, "failed_at"));
    }
}
