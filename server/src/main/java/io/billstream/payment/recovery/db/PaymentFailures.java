package io.billstream.payment.recovery.db;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.payment.recovery.domain.FinalAction;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.payment.recovery.domain.PaymentFailureStatus;
import io.billstream.platform.db.ListFilters;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payment_failures table, and the payments that were attempts of each failure. */
@Repository
public class PaymentFailures {

    /** Filters of a list; null means any. {@code customer} is a customer ID or external_id. */
    public record Filter(PaymentFailureStatus status, String customer, String invoiceId) {
    }

    public record Due(String tenantId, String id) {
    }

    /** A payment made to recover a failure (or the one that started it), as the failure shows it. */
    public record Attempt(String failureId, String paymentId, String status, String origin, String failureCode, String failureMessage,
                          Instant createdAt) {
    }

    private final JdbcClient jdbc;

    PaymentFailures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(PaymentFailure f, Instant now) {
        jdbc.sql("""
                INSERT INTO payment_failures (id, tenant_id, customer_id, invoice_id, status, reason_code, reason_message, attempt_count,
                    retries_scheduled, retry_days, last_payment_id, first_failed_at, last_failed_at, next_retry_at, restrict_at,
                    restricted_at, final_action, subscription_ids, recovered_at, recovered_by_payment_id, exhausted_at, next_action_at,
                    test_clock_id, created_at, updated_at)
                VALUES (:id, :tenant, :customer, :invoice, :status, :code, :message, :attempts, :retries, CAST(:retryDays AS integer[]),
                    :lastPayment, :firstFailed, :lastFailed, :nextRetry, :restrictAt, :restrictedAt, :finalAction,
                    CAST(:subscriptions AS text[]), :recoveredAt, :recoveredBy, :exhaustedAt, :nextAction, :clock, :createdAt, :now)
                """)
                .param("id", f.id()).param("tenant", f.tenantId()).param("customer", f.customerId()).param("invoice", f.invoiceId())
                .param("retryDays", f.retryDays().toArray(Integer[]::new)).param("subscriptions", f.subscriptionIds().toArray(String[]::new))
                .param("finalAction", f.finalAction().apiName()).param("clock", f.testClockId())
                .param("createdAt", Rows.timestamp(f.createdAt())).param("firstFailed", Rows.timestamp(f.firstFailedAt()))
                .param("restrictAt", Rows.timestamp(f.restrictAt()))
                .params(state(f, now))
                .update();
    }

    /** Writes the parts of a failure that change as its recovery goes on. */
    public void update(PaymentFailure f, Instant now) {
        jdbc.sql("""
                UPDATE payment_failures SET status = :status, reason_code = :code, reason_message = :message, attempt_count = :attempts,
                    retries_scheduled = :retries, last_payment_id = :lastPayment, last_failed_at = :lastFailed,
                    next_retry_at = :nextRetry, restricted_at = :restrictedAt, recovered_at = :recoveredAt,
                    recovered_by_payment_id = :recoveredBy, exhausted_at = :exhaustedAt, next_action_at = :nextAction, updated_at = :now
                WHERE tenant_id = :tenant AND id = :id
                """)
                .params(state(f, now)).param("tenant", f.tenantId()).param("id", f.id())
                .update();
    }

    private static Map<String, Object> state(PaymentFailure f, Instant now) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("status", f.status().apiName());
        params.put("code", f.reasonCode());
        params.put("message", f.reasonMessage());
        params.put("attempts", f.attemptCount());
        params.put("retries", f.retriesUsed());
        params.put("lastPayment", f.lastPaymentId());
        params.put("lastFailed", Rows.timestamp(f.lastFailedAt()));
        params.put("nextRetry", Rows.timestamp(f.nextRetryAt()));
        params.put("restrictedAt", Rows.timestamp(f.restrictedAt()));
        params.put("recoveredAt", Rows.timestamp(f.recoveredAt()));
        params.put("recoveredBy", f.recoveredByPaymentId());
        params.put("exhaustedAt", Rows.timestamp(f.exhaustedAt()));
        params.put("nextAction", Rows.timestamp(f.nextActionAt()));
        params.put("now", Rows.timestamp(now));
        return params;
    }

    public Optional<PaymentFailure> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM payment_failures WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(this::map).optional();
    }

    /** The invoice's failure still under way (open), or given up on (exhausted) and not yet paid; locked. */
    public Optional<PaymentFailure> unresolvedForInvoice(String tenantId, String invoiceId) {
        return jdbc.sql("""
                SELECT * FROM payment_failures WHERE tenant_id = :tenant AND invoice_id = :invoice AND status IN ('open', 'exhausted')
                ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE
                """)
                .param("tenant", tenantId).param("invoice", invoiceId).query(this::map).optional();
    }

    /** The customer's open failures, locked, oldest first. */
    public List<PaymentFailure> openForCustomer(String tenantId, String customerId) {
        return jdbc.sql("""
                SELECT * FROM payment_failures WHERE tenant_id = :tenant AND customer_id = :customer AND status = 'open'
                ORDER BY id FOR UPDATE
                """)
                .param("tenant", tenantId).param("customer", customerId).query(this::map).list();
    }

    /** Newest first, after the cursor's failure ID. */
    public List<PaymentFailure> list(String tenantId, Filter f, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM payment_failures WHERE tenant_id = :tenant");
        if (f.status() != null) {
            sql.append(" AND status = :status");
        }
        if (f.customer() != null) {
            sql.append(ListFilters.CUSTOMER_ID_OR_EXTERNAL_ID);
        }
        if (f.invoiceId() != null) {
            sql.append(" AND invoice_id = :invoice");
        }
        if (page.after() != null) {
            sql.append(" AND id < :after");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbc.sql(sql.toString())
                .param("tenant", tenantId).param("status", f.status() == null ? null : f.status().apiName())
                .param("customer", f.customer()).param("invoice", f.invoiceId())
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    /** The payments linked to these failures, oldest first. */
    public List<Attempt> attempts(String tenantId, List<String> failureIds) {
        if (failureIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT payment_failure_id, id, status, origin, failure_code, failure_message, created_at FROM payments
                WHERE tenant_id = :tenant AND payment_failure_id = ANY(:ids)
                ORDER BY created_at, id
                """)
                .param("tenant", tenantId).param("ids", failureIds.toArray(String[]::new))
                .query((rs, n) -> new Attempt(rs.getString("payment_failure_id"), rs.getString("id"), rs.getString("status"),
                        rs.getString("origin"), rs.getString("failure_code"), rs.getString("failure_message"),
                        Rows.instant(rs, "created_at")))
                .list();
    }

    /** Real-time failures of every tenant with an action due (a SECURITY DEFINER function), earliest first. */
    public List<Due> due(Instant now, int limit) {
        return jdbc.sql("SELECT tenant_id, id FROM due_payment_failures(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    /** The test clock's open failure with the earliest action due by {@code until}, if any. */
    public Optional<PaymentFailure> nextDueOnClock(String tenantId, String testClockId, Instant until) {
        return jdbc.sql("""
                SELECT * FROM payment_failures
                WHERE tenant_id = :tenant AND test_clock_id = :clock AND status = 'open' AND next_action_at <= :until
                ORDER BY next_action_at, id LIMIT 1
                """)
                .param("tenant", tenantId).param("clock", testClockId).param("until", Rows.timestamp(until))
                .query(this::map).optional();
    }

    private PaymentFailure map(ResultSet rs, int n) throws SQLException {
        return new PaymentFailure(rs.getString("id"), rs.getString("tenant_id"), rs.getString("customer_id"), rs.getString("invoice_id"),
                PaymentFailureStatus.parse(rs.getString("status"), "status"), rs.getString("reason_code"), rs.getString("reason_message"),
                rs.getInt("attempt_count"), rs.getInt("retries_scheduled"), integers(rs.getArray("retry_days")),
                rs.getString("last_payment_id"), Rows.instant(rs, "first_failed_at"), Rows.instant(rs, "last_failed_at"),
                Rows.instant(rs, "next_retry_at"), Rows.instant(rs, "restrict_at"), Rows.instant(rs, "restricted_at"),
                FinalAction.parse(rs.getString("final_action"), "final_action"), Rows.strings(rs, "subscription_ids"),
                Rows.instant(rs, "recovered_at"), rs.getString("recovered_by_payment_id"), Rows.instant(rs, "exhausted_at"),
                rs.getString("test_clock_id"), Rows.instant(rs, "created_at"));
    }

    private static List<Integer> integers(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<Integer> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            values.add(((Number) value).intValue());
        }
        return values;
    }
}
