package io.billstream.invoicing.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.billstream.invoicing.domain.DraftLine;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.LineKind;
import io.billstream.invoicing.domain.LineTaxAmount;
import io.billstream.platform.db.Rows;
import io.billstream.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Invoice lines and the tax on each. Lines of a draft are replaced when it is refreshed; lines of issued invoices never change. */
@Repository
public class InvoiceLines {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InvoiceLines(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends lines after the invoice's last position; returns them as stored. */
    public List<InvoiceLine> append(String tenantId, String invoiceId, List<DraftLine> lines, Instant now) {
        int position = jdbc.sql("SELECT coalesce(max(position), 0) FROM invoice_lines WHERE invoice_id = :invoice")
                .param("invoice", invoiceId).query(Integer.class).single();
        List<InvoiceLine> stored = new ArrayList<>();
        for (DraftLine l : lines) {
            stored.add(insertAt(tenantId, invoiceId, l, ++position, now));
        }
        return stored;
    }

    /** Stores one line at {@code position}. */
    public InvoiceLine insertAt(String tenantId, String invoiceId, DraftLine l, int position, Instant now) {
        String id = Ids.next("il");
        jdbc.sql("""
                INSERT INTO invoice_lines (id, tenant_id, invoice_id, position, kind, description, subscription_id, plan_id, billing_period_id,
                    pending_item_id, metric_code, group_key, quantity, unit_price, amount_exact, amount_minor, breakdown,
                    service_start, service_end, tax_rate_ids, created_at)
                VALUES (:id, :tenant, :invoice, :position, :kind, :description, :subscription, :plan, :period, :item, :metric,
                    CAST(:group AS jsonb), :quantity, :unitPrice, :exact, :amount, CAST(:breakdown AS jsonb), :serviceStart,
                    :serviceEnd, :taxRates, :now)
                """)
                .param("id", id).param("tenant", tenantId).param("invoice", invoiceId).param("position", position)
                .param("kind", l.kind().apiName()).param("description", l.description()).param("subscription", l.subscriptionId())
                .param("plan", l.planId())
                .param("period", l.billingPeriodId()).param("item", l.pendingItemId()).param("metric", l.metricCode())
                .param("group", l.group() == null ? null : json.writeValueAsString(l.group())).param("quantity", l.quantity())
                .param("unitPrice", l.unitPrice()).param("exact", l.amountExact()).param("amount", l.amountMinor())
                .param("breakdown", l.breakdown().isEmpty() ? null : json.writeValueAsString(l.breakdown()))
                .param("serviceStart", Rows.timestamp(l.serviceStart())).param("serviceEnd", Rows.timestamp(l.serviceEnd()))
                .param("taxRates", l.taxRateIds().toArray(String[]::new)).param("now", Rows.timestamp(now))
                .update();
        return new InvoiceLine(id, invoiceId, position, l.kind(), l.description(), l.subscriptionId(), l.planId(), l.billingPeriodId(),
                l.pendingItemId(), l.metricCode(), l.group(), l.quantity(), l.unitPrice(), l.amountExact(), l.amountMinor(), 0, 0, 0,
                l.breakdown(), l.serviceStart(), l.serviceEnd(), l.taxRateIds());
    }

    public void reposition(String tenantId, String lineId, int position) {
        jdbc.sql("UPDATE invoice_lines SET position = :position WHERE tenant_id = :tenant AND id = :id AND position <> :position")
                .param("position", position).param("tenant", tenantId).param("id", lineId).update();
    }

    public List<InvoiceLine> lines(String tenantId, String invoiceId) {
        return jdbc.sql("SELECT * FROM invoice_lines WHERE tenant_id = :tenant AND invoice_id = :invoice ORDER BY position")
                .param("tenant", tenantId).param("invoice", invoiceId).query(this::map).list();
    }

    /** Lines of many invoices at once, by invoice, in position order. */
    public Map<String, List<InvoiceLine>> linesOf(String tenantId, List<String> invoiceIds) {
        Map<String, List<InvoiceLine>> byInvoice = new HashMap<>();
        jdbc.sql("SELECT * FROM invoice_lines WHERE tenant_id = :tenant AND invoice_id = ANY (:ids) ORDER BY invoice_id, position")
                .param("tenant", tenantId).param("ids", invoiceIds.toArray(String[]::new)).query(this::map).list()
                .forEach(line -> byInvoice.computeIfAbsent(line.invoiceId(), k -> new ArrayList<>()).add(line));
        return byInvoice;
    }

    /** Removes lines (and their tax) of a draft. */
    public void delete(String tenantId, String invoiceId, List<String> lineIds) {
        if (lineIds.isEmpty()) {
            return;
        }
        String[] ids = lineIds.toArray(String[]::new);
        jdbc.sql("DELETE FROM invoice_line_taxes WHERE tenant_id = :tenant AND invoice_id = :invoice AND line_id = ANY (:ids)")
                .param("tenant", tenantId).param("invoice", invoiceId).param("ids", ids).update();
        jdbc.sql("DELETE FROM invoice_lines WHERE tenant_id = :tenant AND invoice_id = :invoice AND id = ANY (:ids)")
                .param("tenant", tenantId).param("invoice", invoiceId).param("ids", ids).update();
    }

    /**
     * What has been billed for one usage charge of one period on invoices other than {@code exceptInvoiceId}: the
     * usage, minimum and earlier adjustment lines. Late usage is billed as the difference from this.
     */
    public long billedForPeriod(String tenantId, String periodId, String metricCode, String exceptInvoiceId) {
        return jdbc.sql("""
                SELECT coalesce(sum(l.amount_minor), 0) FROM invoice_lines l
                WHERE l.tenant_id = :tenant AND l.billing_period_id = :period AND l.metric_code = :metric
                  AND l.kind IN ('usage', 'minimum', 'usage_adjustment') AND l.invoice_id <> :except
                """)
                .param("tenant", tenantId).param("period", periodId).param("metric", metricCode)
                .param("except", exceptInvoiceId == null ? "" : exceptInvoiceId).query(Long.class).single();
    }

    /** Replaces the tax of every line of a draft. */
    public void replaceTaxes(String tenantId, String invoiceId, List<LineTaxAmount> taxes, Instant now) {
        jdbc.sql("DELETE FROM invoice_line_taxes WHERE tenant_id = :tenant AND invoice_id = :invoice")
                .param("tenant", tenantId).param("invoice", invoiceId).update();
        jdbc.sql("UPDATE invoice_lines SET tax_minor = 0, inclusive_tax_minor = 0 WHERE tenant_id = :tenant AND invoice_id = :invoice")
                .param("tenant", tenantId).param("invoice", invoiceId).update();
        Map<String, long[]> perLine = new HashMap<>();
        for (LineTaxAmount t : taxes) {
            jdbc.sql("""
                    INSERT INTO invoice_line_taxes (id, tenant_id, invoice_id, line_id, tax_rate_id, name, percentage, inclusive,
                        taxable_minor, amount_minor, jurisdiction, external_ref, created_at)
                    VALUES (:id, :tenant, :invoice, :line, :rate, :name, :percentage, :inclusive, :taxable, :amount, :jurisdiction,
                        :ref, :now)
                    """)
                    .param("id", Ids.next("ilt")).param("tenant", tenantId).param("invoice", invoiceId).param("line", t.lineId())
                    .param("rate", t.taxRateId()).param("name", t.name()).param("percentage", t.percentage())
                    .param("inclusive", t.inclusive()).param("taxable", t.taxableMinor()).param("amount", t.amountMinor())
                    .param("jurisdiction", t.jurisdiction()).param("ref", t.externalRef()).param("now", Rows.timestamp(now))
                    .update();
            long[] sums = perLine.computeIfAbsent(t.lineId(), k -> new long[2]);
            sums[t.inclusive() ? 1 : 0] = Math.addExact(sums[t.inclusive() ? 1 : 0], t.amountMinor());
        }
        perLine.forEach((lineId, sums) -> jdbc.sql("""
                        UPDATE invoice_lines SET tax_minor = :exclusive, inclusive_tax_minor = :inclusive
                        WHERE tenant_id = :tenant AND id = :line
                        """)
                .param("exclusive", sums[0]).param("inclusive", sums[1]).param("tenant", tenantId).param("line", lineId).update());
    }

    public List<LineTaxAmount> taxes(String tenantId, String invoiceId) {
        return taxesOf(tenantId, List.of(invoiceId)).getOrDefault(invoiceId, List.of());
    }

    /** The taxes of many invoices at once, by invoice. */
    public Map<String, List<LineTaxAmount>> taxesOf(String tenantId, List<String> invoiceIds) {
        Map<String, List<LineTaxAmount>> byInvoice = new HashMap<>();
        jdbc.sql("""
                SELECT * FROM invoice_line_taxes WHERE tenant_id = :tenant AND invoice_id = ANY (:ids) ORDER BY invoice_id, created_at, id
                """)
                .param("tenant", tenantId).param("ids", invoiceIds.toArray(String[]::new))
                .query(rs -> {
                    byInvoice.computeIfAbsent(rs.getString("invoice_id"), k -> new ArrayList<>()).add(new LineTaxAmount(
                            rs.getString("line_id"), rs.getString("tax_rate_id"), rs.getString("name"), rs.getBigDecimal("percentage"),
                            rs.getBoolean("inclusive"), rs.getLong("taxable_minor"), rs.getLong("amount_minor"),
                            rs.getString("jurisdiction"), rs.getString("external_ref")));
                });
        return byInvoice;
    }

    private InvoiceLine map(ResultSet rs, int row) throws SQLException {
        String group = rs.getString("group_key");
        String breakdown = rs.getString("breakdown");
        return new InvoiceLine(rs.getString("id"), rs.getString("invoice_id"), rs.getInt("position"), LineKind.of(rs.getString("kind")),
                rs.getString("description"), rs.getString("subscription_id"), rs.getString("plan_id"), rs.getString("billing_period_id"),
                rs.getString("pending_item_id"), rs.getString("metric_code"),
                group == null ? null : json.readValue(group, new TypeReference<HashMap<String, String>>() { }),
                rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"), rs.getBigDecimal("amount_exact"),
                rs.getLong("amount_minor"), rs.getLong("tax_minor"), rs.getLong("inclusive_tax_minor"), rs.getLong("credited_minor"),
                breakdown == null ? List.of() : json.readValue(breakdown, new TypeReference<List<DraftLine.Breakdown>>() { }),
                Rows.instant(rs, "service_start"), Rows.instant(rs, "service_end"), Rows.strings(rs, "tax_rate_ids"));
    }
}
