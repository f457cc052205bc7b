package io.billstream.invoicing.credit.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.invoicing.credit.domain.CreditAllocation;
import io.billstream.invoicing.credit.domain.CreditMethod;
import io.billstream.invoicing.credit.domain.CreditNote;
import io.billstream.invoicing.credit.domain.CreditReason;
import io.billstream.invoicing.credit.domain.PriorCredits;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Credit notes and their lines; written once, when issued. */
@Repository
public class IssuedCreditNotes {

    /**
     * @param createdFrom inclusive
     * @param createdTo   exclusive
     */
    public record Filter(String invoiceId, String customerId, CreditReason reason, String refundStatus, Instant createdFrom,
                         Instant createdTo) {
    }

    private final JdbcClient jdbc;

    IssuedCreditNotes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CreditNote note) {
        CreditAllocation allocation = note.allocation();
        Map<String, Object> p = new HashMap<>();
        p.put("id", note.id());
        p.put("tenant", note.tenantId());
        p.put("invoice", note.invoiceId());
        p.put("customer", note.customerId());
        p.put("number", note.number());
        p.put("currency", note.currency());
        p.put("reason", note.reason().apiName());
        p.put("method", note.method().apiName());
        p.put("subtotal", note.subtotalMinor());
        p.put("tax", note.taxMinor());
        p.put("total", note.totalMinor());
        p.put("reduction", allocation.invoiceReductionMinor());
        p.put("balance", allocation.creditBalanceMinor());
        p.put("refund", allocation.refundMinor());
        p.put("refundStatus", note.refundStatus());
        p.put("memo", note.memo());
        p.put("testClock", note.testClockId());
        p.put("createdAt", Rows.timestamp(note.createdAt()));
        jdbc.sql("""
                INSERT INTO credit_notes (id, tenant_id, invoice_id, customer_id, number, currency, reason, credit_method,
                    subtotal_minor, tax_minor, total_minor, invoice_reduction_minor, credit_balance_minor, refund_minor,
                    refund_status, memo, test_clock_id, created_at)
                VALUES (:id, :tenant, :invoice, :customer, :number, :currency, :reason, :method, :subtotal, :tax, :total,
                    :reduction, :balance, :refund, :refundStatus, :memo, :testClock, :createdAt)
                """).params(p).update();
        for (CreditNote.Line line : note.lines()) {
            jdbc.sql("""
                    INSERT INTO credit_note_lines (id, tenant_id, credit_note_id, invoice_line_id, description, amount_minor,
                        tax_minor, created_at)
                    VALUES (:id, :tenant, :note, :invoiceLine, :description, :amount, :tax, :createdAt)
                    """)
                    .param("id", line.id()).param("tenant", note.tenantId()).param("note", note.id())
                    .param("invoiceLine", line.invoiceLineId()).param("description", line.description())
                    .param("amount", line.amountMinor()).param("tax", line.taxMinor())
                    .param("createdAt", Rows.timestamp(note.createdAt())).update();
        }
    }

    public Optional<CreditNote> find(String tenantId, String id) {
        return jdbc.sql("SELECT * FROM credit_notes WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id).query(this::header).optional()
                .map(note -> withLines(tenantId, List.of(note)).getFirst());
    }

    /** The credit note, its row locked until the transaction ends: its refund is carried out once at a time. */
    public Optional<CreditNote> lock(String tenantId, String id) {
        return jdbc.sql("SELECT * FROM credit_notes WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
                .param("tenant", tenantId).param("id", id).query(this::header).optional()
                .map(note -> withLines(tenantId, List.of(note)).getFirst());
    }

    /** Moves {@code refund_status} on; the only column of an issued credit note that ever changes. */
    public void changeRefundStatus(String tenantId, String id, String from, String to) {
        int updated = jdbc.sql("UPDATE credit_notes SET refund_status = :to WHERE tenant_id = :tenant AND id = :id AND refund_status = :from")
                .param("to", to).param("tenant", tenantId).param("id", id).param("from", from).update();
        if (updated != 1) {
            throw new IllegalStateException("credit note " + id + " was not " + from + " when its refund became " + to);
        }
    }

    /** Newest first. */
    public List<CreditNote> list(String tenantId, Filter filter, PageRequest page) {
        List<CreditNote> notes = jdbc.sql("""
                        SELECT * FROM credit_notes WHERE tenant_id = :tenant
                          AND (CAST(:invoice AS text) IS NULL OR invoice_id = :invoice)
                          AND (CAST(:customer AS text) IS NULL OR customer_id = :customer)
                          AND (CAST(:reason AS text) IS NULL OR reason = :reason)
                          AND (CAST(:refundStatus AS text) IS NULL OR refund_status = :refundStatus)
                          AND (CAST(:createdFrom AS timestamptz) IS NULL OR created_at >= :createdFrom)
                          AND (CAST(:createdTo AS timestamptz) IS NULL OR created_at < :createdTo)
                          AND (CAST(:after AS text) IS NULL OR id < :after)
                        ORDER BY id DESC LIMIT :limit
                        """)
                .param("tenant", tenantId).param("invoice", filter.invoiceId()).param("customer", filter.customerId())
                .param("reason", filter.reason() == null ? null : filter.reason().apiName())
                .param("refundStatus", filter.refundStatus())
                .param("createdFrom", Rows.timestamp(filter.createdFrom())).param("createdTo", Rows.timestamp(filter.createdTo()))
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::header).list();
        return withLines(tenantId, notes);
    }

    public PriorCredits prior(String tenantId, String invoiceId) {
        return jdbc.sql("""
                        SELECT count(*), coalesce(sum(total_minor), 0), coalesce(sum(refund_minor), 0) FROM credit_notes
                        WHERE tenant_id = :tenant AND invoice_id = :invoice
                        """)
                .param("tenant", tenantId).param("invoice", invoiceId)
                .query((rs, n) -> new PriorCredits(rs.getInt(1), rs.getLong(2), rs.getLong(3))).single();
    }

    /** What an invoice's credit notes gave back rather than took off its amount due. */
    public long returnedFor(String tenantId, String invoiceId) {
        return jdbc.sql("""
                        SELECT coalesce(sum(credit_balance_minor + refund_minor), 0) FROM credit_notes
                        WHERE tenant_id = :tenant AND invoice_id = :invoice
                        """)
                .param("tenant", tenantId).param("invoice", invoiceId).query(Long.class).single();
    }

    /** Deletes the credit notes of a test clock's invoices, lines first. */
    public void deleteForTestClock(String tenantId, String testClockId) {
        jdbc.sql("""
                        DELETE FROM credit_note_lines WHERE tenant_id = :tenant
                          AND credit_note_id IN (SELECT id FROM credit_notes WHERE tenant_id = :tenant AND test_clock_id = :clock)
                        """)
                .param("tenant", tenantId).param("clock", testClockId).update();
        jdbc.sql("DELETE FROM credit_notes WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
    }

    private List<CreditNote> withLines(String tenantId, List<CreditNote> notes) {
        if (notes.isEmpty()) {
            return notes;
        }
        Map<String, List<CreditNote.Line>> lines = new HashMap<>();
        jdbc.sql("""
                        SELECT * FROM credit_note_lines WHERE tenant_id = :tenant AND credit_note_id IN (:notes)
                        ORDER BY credit_note_id, id
                        """)
                .param("tenant", tenantId).param("notes", notes.stream().map(CreditNote::id).toList())
                .query((rs, n) -> Map.entry(rs.getString("credit_note_id"), new CreditNote.Line(rs.getString("id"),
                        rs.getString("invoice_line_id"), rs.getString("description"), rs.getLong("amount_minor"), rs.getLong("tax_minor"))))
                .list()
                .forEach(e -> lines.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return notes.stream().map(note -> new CreditNote(note.id(), note.tenantId(), note.invoiceId(), note.customerId(), note.number(),
                note.currency(), note.reason(), note.method(), note.subtotalMinor(), note.taxMinor(), note.totalMinor(),
                note.allocation(), note.refundStatus(), note.memo(), note.testClockId(), note.createdAt(),
                lines.getOrDefault(note.id(), List.of()))).toList();
    }

    private CreditNote header(ResultSet rs, int row) throws SQLException {
        return new CreditNote(rs.getString("id"), rs.getString("tenant_id"), rs.getString("invoice_id"), rs.getString("customer_id"),
                rs.getString("number"), rs.getString("currency"), CreditReason.parse(rs.getString("reason"), "reason"),
                CreditMethod.parseOrDefault(rs.getString("credit_method"), "credit_method"), rs.getLong("subtotal_minor"),
                rs.getLong("tax_minor"), rs.getLong("total_minor"),
                new CreditAllocation(rs.getLong("invoice_reduction_minor"), rs.getLong("credit_balance_minor"), rs.getLong("refund_minor")),
                rs.getString("refund_status"), rs.getString("memo"), rs.getString("test_clock_id"), Rows.instant(rs, "created_at"),
                List.of());
    }
}
