package io.billstream.invoicing.tax.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.billstream.invoicing.domain.tax.InvoiceSettings.Seller;
import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The invoice_settings row of a tenant: one per tenant, written on the first change. The rounding
 * mode lives on the tenant (platform.money.TenantRounding), not here.
 */
@Repository
public class InvoiceSettingsRows {

    /** What the row holds. */
    public record Row(String taxMode, String numberPrefix, boolean emailInvoices, Seller seller, Instant updatedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InvoiceSettingsRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Row> find(String tenantId, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM invoice_settings WHERE tenant_id = :tenant" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).query(this::map).optional();
    }

    /**
     * Creates the tenant's row with the defaults unless it exists, so that a change can lock it:
     * two concurrent changes then apply one after the other instead of one overwriting the other.
     */
    public void ensure(String tenantId, Instant now) {
        jdbc.sql("INSERT INTO invoice_settings (tenant_id, updated_at) VALUES (:tenant, :now) ON CONFLICT (tenant_id) DO NOTHING")
                .param("tenant", tenantId).param("now", Rows.timestamp(now)).update();
    }

    public void update(String tenantId, Row row) {
        jdbc.sql("""
                UPDATE invoice_settings SET tax_mode = :taxMode, number_prefix = :prefix, email_invoices = :email,
                    seller = CAST(:seller AS jsonb), updated_at = :updatedAt
                WHERE tenant_id = :tenant
                """)
                .param("tenant", tenantId).param("taxMode", row.taxMode()).param("prefix", row.numberPrefix())
                .param("email", row.emailInvoices()).param("seller", json.writeValueAsString(sellerJson(row.seller())))
                .param("updatedAt", Rows.timestamp(row.updatedAt()))
                .update();
    }

    private ObjectNode sellerJson(Seller seller) {
        ObjectNode node = json.createObjectNode();
        node.put("name", seller.name());
        node.put("email", seller.email());
        ArrayNode lines = node.putArray("address_lines");
        seller.addressLines().forEach(lines::add);
        node.put("tax_id", seller.taxId());
        return node;
    }

    private Row map(ResultSet rs, int row) throws SQLException {
        JsonNode seller = json.readTree(rs.getString("seller"));
        List<String> lines = new ArrayList<>();
        JsonNode addressLines = seller.path("address_lines");
        addressLines.forEach(line -> lines.add(line.asString()));
        return new Row(rs.getString("tax_mode"), rs.getString("number_prefix"), rs.getBoolean("email_invoices"),
                new Seller(text(seller, "name"), text(seller, "email"), lines, text(seller, "tax_id")),
                Rows.instant(rs, "updated_at"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
