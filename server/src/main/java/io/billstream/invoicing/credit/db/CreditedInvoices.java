package io.billstream.invoicing.credit.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.billstream.invoicing.credit.domain.CreditableInvoice;
import io.billstream.invoicing.credit.domain.CreditableLine;
import io.billstream.invoicing.credit.domain.CreditedLine;
import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The invoice columns credit notes read and move: the amounts an invoice still owes and what its
 * lines have had credited. Invoices themselves are written by the invoicing core.
 */
@Repository
public class CreditedInvoices {

    private final JdbcClient jdbc;
    private final IssuedCreditNotes creditNotes;

    CreditedInvoices(JdbcClient jdbc, IssuedCreditNotes creditNotes) {
        this.jdbc = jdbc;
        this.creditNotes = creditNotes;
    }

    /**
     * The invoice with its lines and earlier credit notes, its row locked until the transaction ends:
     * two credit notes for the same invoice are drawn one after the other, each from what the other
     * left.
     */
    public Optional<CreditableInvoice> lock(String tenantId, String invoiceId) {
        return jdbc.sql("""
                        SELECT id, customer_id, subscription_id, status, number, currency, total_minor, credit_applied_minor,
                               credited_minor, amount_paid_minor, amount_due_minor, test_clock_id
                        FROM invoices WHERE tenant_id = :tenant AND id = :id FOR UPDATE
                        """)
                .param("tenant", tenantId).param("id", invoiceId)
                .query((rs, n) -> new Header(rs.getString("id"), rs.getString("customer_id"), rs.getString("subscription_id"),
                        rs.getString("status"), rs.getString("number"), rs.getString("currency"), rs.getLong("total_minor"),
                        rs.getLong("credit_applied_minor"), rs.getLong("credited_minor"), rs.getLong("amount_paid_minor"),
                        rs.getLong("amount_due_minor"), rs.getString("test_clock_id")))
                .optional()
                .map(h -> new CreditableInvoice(h.id, h.customerId, h.subscriptionId, h.status, h.number, h.currency, h.totalMinor,
                        h.creditAppliedMinor, h.creditedMinor, h.amountPaidMinor, h.amountDueMinor, h.testClockId,
                        lines(tenantId, invoiceId), creditNotes.prior(tenantId, invoiceId)));
    }

    /** Money paid for an invoice; empty if there is no such invoice. */
    public Optional<Long> amountPaid(String tenantId, String invoiceId) {
        return jdbc.sql("SELECT amount_paid_minor FROM invoices WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", invoiceId).query(Long.class).optional();
    }

    public void creditLines(String tenantId, List<CreditedLine> lines) {
        for (CreditedLine line : lines) {
            jdbc.sql("UPDATE invoice_lines SET credited_minor = credited_minor + :amount WHERE tenant_id = :tenant AND id = :id")
                    .param("tenant", tenantId).param("id", line.invoiceLineId()).param("amount", line.amountMinor()).update();
        }
    }

    /** Takes a credit off the amount due; {@code paidAt} non-null when that settles the invoice. */
    public void reduceAmountDue(String tenantId, String invoiceId, long reductionMinor, Instant paidAt, Instant updatedAt) {
        jdbc.sql("""
                        UPDATE invoices SET credited_minor = credited_minor + :reduction, amount_due_minor = amount_due_minor - :reduction,
                            status = CASE WHEN CAST(:paidAt AS timestamptz) IS NULL THEN status ELSE 'paid' END,
                            paid_at = coalesce(CAST(:paidAt AS timestamptz), paid_at), updated_at = :updatedAt
                        WHERE tenant_id = :tenant AND id = :id
                        """)
                .param("tenant", tenantId).param("id", invoiceId).param("reduction", reductionMinor)
                .param("paidAt", Rows.timestamp(paidAt)).param("updatedAt", Rows.timestamp(updatedAt)).update();
    }

    private List<CreditableLine> lines(String tenantId, String invoiceId) {
        return jdbc.sql("""
                        SELECT id, description, amount_minor, tax_minor, inclusive_tax_minor, credited_minor FROM invoice_lines
                        WHERE tenant_id = :tenant AND invoice_id = :invoice ORDER BY position, id
                        """)
                .param("tenant", tenantId).param("invoice", invoiceId)
                .query((rs, n) -> new CreditableLine(rs.getString("id"), rs.getString("description"), rs.getLong("amount_minor"),
                        rs.getLong("tax_minor"), rs.getLong("inclusive_tax_minor"), rs.getLong("credited_minor")))
                .list();
    }

    private record Header(String id, String customerId, String subscriptionId, String status, String number, String currency,
                          long totalMinor, long creditAppliedMinor, long creditedMinor, long amountPaidMinor, long amountDueMinor,
                          String testClockId) {
    }
}
