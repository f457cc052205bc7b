package io.billstream.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run left in the database, counted as the schema's owner (no row-level security in the way):
 * the tenant's subscription-cycle invoices for one billing date, their status, numbers and totals,
 * and all their lines by kind, metric and amount. A run counts only if there is exactly one
 * finalised, numbered invoice per subscription, each with the hand-computed lines and total of
 * {@link BillingRunPlan}, and no other invoice.
 *
 * @param lines         invoice lines of the billing date, counted by {@link BillingRunPlan.Line#key()}
 * @param tenantInvoices every invoice of the tenant, whatever its date or reason
 */
record BillingRunCheck(Instant billingDate, long invoices, long customers, long finalized, long distinctNumbers, long atTotal,
                       long totalMinor, Map<String, Long> lines, long tenantInvoices) {

    static BillingRunCheck read(Connection owner, String tenantId, Instant billingDate, long totalMinor) throws SQLException {
        long invoices;
        long customers;
        long finalized;
        long numbers;
        long atTotal;
        try (PreparedStatement query = owner.prepareStatement("""
                SELECT count(*), count(DISTINCT customer_id), count(*) FILTER (WHERE status = 'finalized' AND number IS NOT NULL),
                       count(DISTINCT number), count(*) FILTER (WHERE total_minor = ? AND amount_due_minor = ?)
                FROM invoices WHERE tenant_id = ? AND billing_date = ? AND billing_reason = 'subscription_cycle'
                """)) {
            query.setLong(1, totalMinor);
            query.setLong(2, totalMinor);
            query.setString(3, tenantId);
            query.setTimestamp(4, Timestamp.from(billingDate));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                invoices = row.getLong(1);
                customers = row.getLong(2);
                finalized = row.getLong(3);
                numbers = row.getLong(4);
                atTotal = row.getLong(5);
            }
        }
        Map<String, Long> lines = new TreeMap<>();
        try (PreparedStatement query = owner.prepareStatement("""
                SELECT l.kind, coalesce(l.metric_code, ''), l.amount_minor, count(*)
                FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                WHERE i.tenant_id = ? AND i.billing_date = ? AND i.billing_reason = 'subscription_cycle'
                GROUP BY 1, 2, 3
                """)) {
            query.setString(1, tenantId);
            query.setTimestamp(2, Timestamp.from(billingDate));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    lines.put(new BillingRunPlan.Line(rows.getString(1), rows.getString(2), rows.getLong(3)).key(), rows.getLong(4));
                }
            }
        }
        long tenantInvoices;
        try (PreparedStatement query = owner.prepareStatement("SELECT count(*) FROM invoices WHERE tenant_id = ?")) {
            query.setString(1, tenantId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                tenantInvoices = row.getLong(1);
            }
        }
        return new BillingRunCheck(billingDate, invoices, customers, finalized, numbers, atTotal, totalMinor, lines, tenantInvoices);
    }

    /**
     * Everything that differs from one invoice per subscription with exactly {@code expectedLines};
     * empty when the run is right.
     *
     * @param expectedTenantInvoices how many invoices the tenant must have in all after this run
     */
    List<String> problems(int subscriptions, List<BillingRunPlan.Line> expectedLines, long expectedTenantInvoices) {
        List<String> problems = new ArrayList<>();
        if (invoices != subscriptions) {
            problems.add(invoices + " invoices for billing date " + billingDate + ", expected " + subscriptions);
        }
        if (customers != subscriptions) {
            problems.add(customers + " customers invoiced for " + billingDate + ", expected " + subscriptions);
        }
        if (finalized != subscriptions) {
            problems.add(finalized + " of the invoices finalised with a number, expected " + subscriptions);
        }
        if (distinctNumbers != subscriptions) {
            problems.add(distinctNumbers + " distinct invoice numbers, expected " + subscriptions);
        }
        if (atTotal != subscriptions) {
            problems.add(atTotal + " invoices with total and amount due " + totalMinor + ", expected " + subscriptions);
        }
        Map<String, Long> expected = new TreeMap<>();
        expectedLines.forEach(line -> expected.merge(line.key(), (long) subscriptions, Long::sum));
        if (!lines.equals(expected)) {
            problems.add("invoice lines (kind|metric|amount_minor=count) " + lines + ", expected " + expected);
        }
        if (tenantInvoices != expectedTenantInvoices) {
            problems.add(tenantInvoices + " invoices in the tenant, expected " + expectedTenantInvoices);
        }
        return problems;
    }
}
