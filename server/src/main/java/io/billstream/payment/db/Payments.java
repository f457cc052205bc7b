package io.billstream.payment.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.payment.domain.Payment;
import io.billstream.payment.domain.PaymentOrigin;
import io.billstream.payment.domain.PaymentStatus;
import io.billstream.platform.db.ListFilters;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The payments table. */
@Repository
public class Payments {

    /**
     * Filters of a list; null means any. {@code customer} is a customer ID or external_id; the ranges
     * are inclusive from, exclusive to for times and inclusive for amounts.
     */
    public record Filter(PaymentStatus status, String customer, String invoiceId, String provider, String providerTransactionId,
                         Instant createdFrom, Instant createdTo, Long amountFrom, Long amountTo) {
    }

    public record Due(String tenantId, String id) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Payments(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @param submitAfter when the submission worker may send it (billing time) */
    public void insert(Payment p, Instant submitAfter, Instant now) {
        jdbc.sql("""
                INSERT INTO payments (id, tenant_id, customer_id, invoice_id, payment_method_id, provider, amount_minor, currency, status,
                    origin, provider_transaction_id, payment_failure_id, description, metadata, submit_after, test_clock_id, created_at,
                    updated_at)
                VALUES (:id, :tenant, :customer, :invoice, :method, :provider, :amount, :currency, :status, :origin, :transaction,
                    :failure, :description, CAST(:metadata AS jsonb), :submitAfter, :clock, :createdAt, :now)
                """)
                .param("id", p.id()).param("tenant", p.tenantId()).param("customer", p.customerId()).param("invoice", p.invoiceId())
                .param("method", p.paymentMethodId()).param("provider", p.provider()).param("amount", p.amountMinor())
                .param("currency", p.currency()).param("status", p.status().apiName()).param("origin", p.origin().apiName())
                .param("transaction", p.providerTransactionId()).param("failure", p.paymentFailureId())
                .param("description", p.description()).param("metadata", json.writeValueAsString(p.metadata()))
                .param("submitAfter", Rows.timestamp(submitAfter)).param("clock", p.testClockId())
                .param("createdAt", Rows.timestamp(p.createdAt())).param("now", Rows.timestamp(now))
                .update();
    }

    public Optional<Payment> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM payments WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(this::map).optional();
    }

    /**
     * Writes a state change the domain allowed. {@code reconcileAfter} is set for {@code processing}
     * (when the reconciler asks the provider) and cleared otherwise.
     */
    public void updateState(Payment p, Instant reconcileAfter, Instant now) {
        jdbc.sql("""
                UPDATE payments SET status = :status, provider_transaction_id = :transaction, failure_code = :code,
                    failure_message = :message, applied_minor = :applied, overpaid_minor = :overpaid, processing_at = :processingAt,
                    succeeded_at = :succeededAt, failed_at = :failedAt, canceled_at = :canceledAt, submit_after = NULL,
                    reconcile_after = :reconcileAfter, updated_at = :now
                WHERE tenant_id = :tenant AND id = :id
                """)
                .param("status", p.status().apiName()).param("transaction", p.providerTransactionId())
                .param("code", p.failureCode()).param("message", p.failureMessage())
                .param("applied", p.appliedMinor()).param("overpaid", p.overpaidMinor())
                .param("processingAt", Rows.timestamp(p.processingAt())).param("succeededAt", Rows.timestamp(p.succeededAt()))
                .param("failedAt", Rows.timestamp(p.failedAt())).param("canceledAt", Rows.timestamp(p.canceledAt()))
                .param("reconcileAfter", Rows.timestamp(reconcileAfter)).param("now", Rows.timestamp(now))
                .param("tenant", p.tenantId()).param("id", p.id())
                .update();
    }

    /**
     * Takes a pending payment for one submission to the provider until {@code leaseUntil}; false when
     * it is no longer pending, or another submitter holds it.
     */
    public boolean claimSubmission(String tenantId, String id, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                UPDATE payments SET submit_after = :until, updated_at = :now
                WHERE id = (SELECT id FROM payments WHERE tenant_id = :tenant AND id = :id AND status = 'pending'
                            AND submit_after <= :now FOR UPDATE SKIP LOCKED)
                """)
                .param("tenant", tenantId).param("id", id).param("now", Rows.timestamp(now)).param("until", Rows.timestamp(leaseUntil))
                .update() == 1;
    }

    /** The provider could not be reached: send it again after {@code retryAt}. */
    public void deferSubmission(String tenantId, String id, Instant retryAt, Instant now) {
        jdbc.sql("UPDATE payments SET submit_after = :retry, updated_at = :now WHERE tenant_id = :tenant AND id = :id AND status = 'pending'")
                .param("retry", Rows.timestamp(retryAt)).param("now", Rows.timestamp(now)).param("tenant", tenantId).param("id", id)
                .update();
    }

    public void deferReconciliation(String tenantId, String id, Instant retryAt, Instant now) {
        jdbc.sql("""
                UPDATE payments SET reconcile_after = :retry, updated_at = :now
                WHERE tenant_id = :tenant AND id = :id AND status = 'processing'
                """)
                .param("retry", Rows.timestamp(retryAt)).param("now", Rows.timestamp(now)).param("tenant", tenantId).param("id", id)
                .update();
    }

    /** Names the payment failure a payment started, continued or ended; a payment already linked keeps its failure. */
    public void linkFailure(String tenantId, String id, String paymentFailureId, Instant now) {
        jdbc.sql("""
                UPDATE payments SET payment_failure_id = :failure, updated_at = :now
                WHERE tenant_id = :tenant AND id = :id AND payment_failure_id IS NULL
                """)
                .param("failure", paymentFailureId).param("now", Rows.timestamp(now)).param("tenant", tenantId).param("id", id)
                .update();
    }

    public void addRefunded(String tenantId, String id, long deltaMinor, Instant now) {
        jdbc.sql("UPDATE payments SET refunded_minor = refunded_minor + :delta, updated_at = :now WHERE tenant_id = :tenant AND id = :id")
                .param("delta", deltaMinor).param("now", Rows.timestamp(now)).param("tenant", tenantId).param("id", id).update();
    }

    /** Newest first, after the cursor's payment ID. */
    public List<Payment> list(String tenantId, Filter f, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM payments WHERE tenant_id = :tenant");
        if (f.status() != null) {
            sql.append(" AND status = :status");
        }
        if (f.customer() != null) {
            sql.append(ListFilters.CUSTOMER_ID_OR_EXTERNAL_ID);
        }
        if (f.invoiceId() != null) {
            sql.append(" AND invoice_id = :invoice");
        }
        if (f.provider() != null) {
            sql.append(" AND provider = :provider");
        }
        if (f.providerTransactionId() != null) {
            sql.append(" AND provider_transaction_id = :transaction");
        }
        if (f.createdFrom() != null) {
            sql.append(" AND created_at >= :createdFrom");
        }
        if (f.createdTo() != null) {
            sql.append(" AND created_at < :createdTo");
        }
        if (f.amountFrom() != null) {
            sql.append(" AND amount_minor >= :amountFrom");
        }
        if (f.amountTo() != null) {
            sql.append(" AND amount_minor <= :amountTo");
        }
        if (page.after() != null) {
            sql.append(" AND id < :after");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbc.sql(sql.toString())
                .param("tenant", tenantId).param("status", f.status() == null ? null : f.status().apiName())
                .param("customer", f.customer()).param("invoice", f.invoiceId()).param("provider", f.provider())
                .param("transaction", f.providerTransactionId())
                .param("createdFrom", Rows.timestamp(f.createdFrom())).param("createdTo", Rows.timestamp(f.createdTo()))
                .param("amountFrom", f.amountFrom()).param("amountTo", f.amountTo())
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    /** Real-time payments of every tenant waiting to be sent to their provider (a SECURITY DEFINER function). */
    public List<Due> dueSubmissions(Instant now, int limit) {
        return jdbc.sql("SELECT tenant_id, id FROM due_payment_submissions(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    public List<Due> dueReconciliations(Instant now, int limit) {
        return jdbc.sql("SELECT tenant_id, id FROM due_payment_reconciliations(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    /** A test clock's payments waiting for the provider by {@code until}: pending to send, processing to reconcile. */
    public List<Payment> openOnClock(String tenantId, String testClockId, Instant until) {
        return jdbc.sql("""
                SELECT * FROM payments WHERE tenant_id = :tenant AND test_clock_id = :clock
                  AND ((status = 'pending' AND submit_after <= :until) OR (status = 'processing' AND reconcile_after <= :until))
                ORDER BY created_at, id
                """)
                .param("tenant", tenantId).param("clock", testClockId).param("until", Rows.timestamp(until))
                .query(this::map).list();
    }

    /** Which tenant's payment a provider's transaction ID names (a SECURITY DEFINER function: callbacks carry no tenant). */
    public Optional<Due> ownerOfTransaction(String provider, String transactionId) {
        return jdbc.sql("SELECT tenant_id, id FROM payment_by_provider_transaction(:provider, :transaction)")
                .param("provider", provider).param("transaction", transactionId)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).optional();
    }

    public Optional<Due> ownerOfPayment(String provider, String paymentId) {
        return jdbc.sql("SELECT tenant_id, id FROM payment_by_id_for_provider(:provider, :payment)")
                .param("provider", provider).param("payment", paymentId)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).optional();
    }

    public void deleteForTestClock(String tenantId, String testClockId) {
        jdbc.sql("DELETE FROM refunds WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
        jdbc.sql("UPDATE payments SET payment_failure_id = NULL WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
        jdbc.sql("DELETE FROM payment_failures WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
        jdbc.sql("DELETE FROM payments WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
    }

    private Payment map(ResultSet rs, int n) throws SQLException {
        String metadata = rs.getString("metadata");
        Map<String, String> meta = metadata == null ? Map.of() : json.readValue(metadata, new TypeReference<HashMap<String, String>>() { });
        return new Payment(rs.getString("id"), rs.getString("tenant_id"), rs.getString("customer_id"), rs.getString("invoice_id"),
                rs.getString("payment_method_id"), rs.getString("provider"), rs.getLong("amount_minor"), rs.getString("currency"),
                PaymentStatus.parse(rs.getString("status"), "status"), PaymentOrigin.fromApiName(rs.getString("origin")),
                rs.getString("provider_transaction_id"), rs.getString("failure_code"), rs.getString("failure_message"),
                rs.getLong("applied_minor"), rs.getLong("overpaid_minor"), rs.getLong("refunded_minor"),
                rs.getString("payment_failure_id"), rs.getString("description"), meta, rs.getString("test_clock_id"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "processing_at"), Rows.instant(rs, "succeeded_at"),
                Rows.instant(rs, "failed_at"), Rows.instant(rs, "canceled_at"));
    }
}
