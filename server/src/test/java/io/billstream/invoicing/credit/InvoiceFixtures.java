package io.billstream.invoicing.credit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issued invoices written straight into the database as the database owner (the invoicing core
 * that finalises them is another part of the system), with hand-computed amounts:
 * {@code total = Σ (amount + exclusive tax)}, {@code amount_due = total − credit_applied − amount_paid}.
 */
final class InvoiceFixtures {

    /** @param taxMinor exclusive tax on top; {@code inclusiveTaxMinor} tax contained in the amount */
    record Line(String description, long amountMinor, long taxMinor, long inclusiveTaxMinor) {

        static Line exclusive(String description, long amountMinor, long taxMinor) {
            return new Line(description, amountMinor, taxMinor, 0);
        }

        static Line inclusive(String description, long amountMinor, long inclusiveTaxMinor) {
            return new Line(description, amountMinor, 0, inclusiveTaxMinor);
        }
    }

    record Invoice(String id, String number, List<String> lineIds) {
    }

    /** The invoice row's amounts and state, read back. */
    record Amounts(String status, long creditedMinor, long amountDueMinor, Instant paidAt) {
    }

    private static final Instant ISSUED = Instant.parse("2026-03-01T00:00:00Z");

    private final JdbcClient owner;

    InvoiceFixtures(DataSource ownerDataSource) {
        this.owner = JdbcClient.create(ownerDataSource);
    }

    Invoice finalized(String tenantId, String customerId, Line... lines) {
        return insert(tenantId, customerId, "finalized", 0, 0, null, lines);
    }

    Invoice paid(String tenantId, String customerId, Line... lines) {
        return insert(tenantId, customerId, "paid", 0, total(lines), null, lines);
    }

    /**
     * @param creditAppliedMinor what the customer's credit balance paid
     * @param amountPaidMinor    what was paid in money
     */
    Invoice insert(String tenantId, String customerId, String status, long creditAppliedMinor, long amountPaidMinor, String testClockId,
                   Line... lines) {
        String id = "in_" + UUID.randomUUID().toString().replace("-", "");
        boolean issued = !status.equals("draft") && !status.equals("pending_tax");
        String number = issued ? "INV-2026-" + id.substring(3, 11).toUpperCase() : null;
        long subtotal = List.of(lines).stream().mapToLong(Line::amountMinor).sum();
        long tax = List.of(lines).stream().mapToLong(Line::taxMinor).sum();
        long total = subtotal + tax;
        long due = status.equals("void") ? 0 : total - creditAppliedMinor - amountPaidMinor;
        Timestamp at = Timestamp.from(ISSUED);
        owner.sql("""
                INSERT INTO invoices (id, tenant_id, customer_id, subscription_id, billing_reason, billing_date, status, number, currency,
                    rounding_mode, tax_mode, subtotal_minor, tax_minor, total_minor, credit_applied_minor, amount_paid_minor,
                    amount_due_minor, issued_at, finalized_at, paid_at, test_clock_id, created_at, updated_at)
                VALUES (:id, :tenant, :customer, :subscription, 'manual', :at, :status, :number, 'USD', 'half_up', 'rates', :subtotal,
                    :tax, :total, :creditApplied, :paid, :due, :issuedAt, :issuedAt, :paidAt, :clock, :at, :at)
                """)
                .params(Map.of("id", id, "tenant", tenantId, "customer", customerId, "at", at, "status", status,
                        "subtotal", subtotal, "tax", tax, "total", total, "creditApplied", creditAppliedMinor, "paid", amountPaidMinor))
                .param("due", due).param("number", number).param("subscription", "sub_of_" + id)
                .param("issuedAt", issued ? at : null).param("paidAt", status.equals("paid") ? at : null).param("clock", testClockId)
                .update();
        List<String> lineIds = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String lineId = "il_" + UUID.randomUUID().toString().replace("-", "");
            owner.sql("""
                    INSERT INTO invoice_lines (id, tenant_id, invoice_id, position, kind, description, quantity, amount_exact,
                        amount_minor, tax_minor, inclusive_tax_minor, created_at)
                    VALUES (:id, :tenant, :invoice, :position, 'manual', :description, 1, :amount, :amount, :tax, :inclusiveTax, :at)
                    """)
                    .param("id", lineId).param("tenant", tenantId).param("invoice", id).param("position", i + 1)
                    .param("description", lines[i].description()).param("amount", lines[i].amountMinor())
                    .param("tax", lines[i].taxMinor()).param("inclusiveTax", lines[i].inclusiveTaxMinor()).param("at", at)
                    .update();
            lineIds.add(lineId);
        }
        return new Invoice(id, number, lineIds);
    }

    Amounts amounts(String invoiceId) {
        return owner.sql("SELECT status, credited_minor, amount_due_minor, paid_at FROM invoices WHERE id = :id")
                .param("id", invoiceId)
                .query((rs, n) -> new Amounts(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .single();
    }

    long lineCredited(String lineId) {
        return owner.sql("SELECT credited_minor FROM invoice_lines WHERE id = :id").param("id", lineId).query(Long.class).single();
    }

    long count(String sql, String param) {
        return owner.sql(sql).param("p", param).query(Long.class).single();
    }

    private static long total(Line... lines) {
        return List.of(lines).stream().mapToLong(l -> l.amountMinor() + l.taxMinor()).sum();
    }
}
