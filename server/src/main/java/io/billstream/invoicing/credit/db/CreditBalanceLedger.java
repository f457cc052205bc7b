package io.billstream.invoicing.credit.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.invoicing.credit.domain.CreditBalanceKind;
import io.billstream.invoicing.credit.domain.CreditBalanceTransaction;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Customers' credit balances as an append-only ledger, one per customer and currency. */
@Repository
public class CreditBalanceLedger {

    /** What an invoice took from a credit balance and what voiding it gave back. */
    public record InvoiceConsumption(String customerId, String currency, long consumedMinor, long restoredMinor) {
    }

    private final JdbcClient jdbc;

    CreditBalanceLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises changes to one balance until the transaction ends. An advisory lock rather than a row
     * lock: a ledger has no row to lock before its first transaction. Rows are only ever added under
     * this lock, so the sum read after it is the balance the next row builds on.
     */
    public void lock(String tenantId, String customerId, String currency) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))")
                .param("lock", "credit_balance/" + tenantId + "/" + customerId + "/" + currency)
                .query((rs, n) -> 1).single();
    }

    public long balance(String tenantId, String customerId, String currency) {
        return jdbc.sql("""
                        SELECT coalesce(sum(amount_minor), 0) FROM credit_balance_transactions
                        WHERE tenant_id = :tenant AND customer_id = :customer AND currency = :currency
                        """)
                .param("tenant", tenantId).param("customer", customerId).param("currency", currency)
                .query(Long.class).single();
    }

    /** Every currency the customer has a ledger in, with its balance. */
    public Map<String, Long> balances(String tenantId, String customerId) {
        Map<String, Long> balances = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT currency, sum(amount_minor) AS balance FROM credit_balance_transactions
                        WHERE tenant_id = :tenant AND customer_id = :customer GROUP BY currency ORDER BY currency
                        """)
                .param("tenant", tenantId).param("customer", customerId)
                .query((rs, n) -> Map.entry(rs.getString("currency"), rs.getLong("balance"))).list()
                .forEach(e -> balances.put(e.getKey(), e.getValue()));
        return balances;
    }

    public void insert(CreditBalanceTransaction t) {
        jdbc.sql("""
                        INSERT INTO credit_balance_transactions (id, tenant_id, customer_id, currency, amount_minor, balance_after_minor,
                            kind, credit_note_id, invoice_id, description, created_at)
                        VALUES (:id, :tenant, :customer, :currency, :amount, :balanceAfter, :kind, :creditNote, :invoice, :description,
                            :createdAt)
                        """)
                .param("id", t.id()).param("tenant", t.tenantId()).param("customer", t.customerId()).param("currency", t.currency())
                .param("amount", t.amountMinor()).param("balanceAfter", t.balanceAfterMinor()).param("kind", t.kind().apiName())
                .param("creditNote", t.creditNoteId()).param("invoice", t.invoiceId()).param("description", t.description())
                .param("createdAt", Rows.timestamp(t.createdAt()))
                .update();
    }

    /** Newest first; {@code currency} null for every currency. */
    public List<CreditBalanceTransaction> list(String tenantId, String customerId, String currency, PageRequest page) {
        return jdbc.sql("""
                        SELECT * FROM credit_balance_transactions WHERE tenant_id = :tenant AND customer_id = :customer
                          AND (CAST(:currency AS text) IS NULL OR currency = :currency)
                          AND (CAST(:after AS text) IS NULL OR id < :after)
                        ORDER BY id DESC LIMIT :limit
                        """)
                .param("tenant", tenantId).param("customer", customerId).param("currency", currency)
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    /** What rows of one kind put on the customer's balances for one credit note. */
    public long creditedFor(String tenantId, String customerId, String creditNoteId, CreditBalanceKind kind) {
        return jdbc.sql("""
                        SELECT coalesce(sum(amount_minor), 0) FROM credit_balance_transactions
                        WHERE tenant_id = :tenant AND customer_id = :customer AND credit_note_id = :note AND kind = :kind
                        """)
                .param("tenant", tenantId).param("customer", customerId).param("note", creditNoteId).param("kind", kind.apiName())
                .query(Long.class).single();
    }

    /** Empty when the invoice never consumed credit. */
    public Optional<InvoiceConsumption> consumptionOf(String tenantId, String invoiceId) {
        return jdbc.sql("""
                        SELECT customer_id, currency,
                               coalesce(-sum(amount_minor) FILTER (WHERE kind = 'invoice_applied'), 0) AS consumed,
                               coalesce(sum(amount_minor) FILTER (WHERE kind = 'invoice_voided'), 0) AS restored
                        FROM credit_balance_transactions
                        WHERE tenant_id = :tenant AND invoice_id = :invoice AND kind IN ('invoice_applied', 'invoice_voided')
                        GROUP BY customer_id, currency
                        """)
                .param("tenant", tenantId).param("invoice", invoiceId)
                .query((rs, n) -> new InvoiceConsumption(rs.getString("customer_id"), rs.getString("currency"), rs.getLong("consumed"),
                        rs.getLong("restored")))
                .optional();
    }

    /**
     * Deletes the ledgers of a test clock's customers. The ledger has no clock column of its own:
     * whose ledger it is follows from the customer.
     */
    public void deleteForTestClock(String tenantId, String testClockId) {
        jdbc.sql("""
                        DELETE FROM credit_balance_transactions WHERE tenant_id = :tenant
                          AND customer_id IN (SELECT id FROM customers WHERE tenant_id = :tenant AND test_clock_id = :clock)
                        """)
                .param("tenant", tenantId).param("clock", testClockId).update();
    }

    private CreditBalanceTransaction map(ResultSet rs, int row) throws SQLException {
        return new CreditBalanceTransaction(rs.getString("id"), rs.getString("tenant_id"), rs.getString("customer_id"),
                rs.getString("currency"), rs.getLong("amount_minor"), rs.getLong("balance_after_minor"),
                CreditBalanceKind.fromApiName(rs.getString("kind")), rs.getString("credit_note_id"), rs.getString("invoice_id"),
                rs.getString("description"), Rows.instant(rs, "created_at"));
    }
}
