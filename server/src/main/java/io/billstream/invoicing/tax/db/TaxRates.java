package io.billstream.invoicing.tax.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.invoicing.domain.tax.TaxRateDefinition;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tax rate rows. Never deleted: issued invoices refer to them. */
@Repository
public class TaxRates {

    private final JdbcClient jdbc;

    TaxRates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(TaxRateDefinition definition) {
        TaxRate rate = definition.rate();
        jdbc.sql("""
                INSERT INTO tax_rates (id, tenant_id, name, percentage, country, region, inclusive, is_default, active,
                    description, created_at, updated_at)
                VALUES (:id, :tenant, :name, :percentage, :country, :region, :inclusive, :isDefault, :active,
                    :description, :createdAt, :updatedAt)
                """)
                .param("id", rate.id()).param("tenant", definition.tenantId()).param("name", rate.name())
                .param("percentage", rate.percentage()).param("country", rate.country()).param("region", rate.region())
                .param("inclusive", rate.inclusive()).param("isDefault", definition.isDefault())
                .param("active", definition.active()).param("description", definition.description())
                .param("createdAt", Rows.timestamp(definition.createdAt()))
                .param("updatedAt", Rows.timestamp(definition.updatedAt()))
                .update();
    }

    /** Writes what may change about a rate; percentage, inclusive, country and region are fixed at creation. */
    public void update(TaxRateDefinition definition) {
        jdbc.sql("""
                UPDATE tax_rates SET name = :name, description = :description, is_default = :isDefault, active = :active,
                    updated_at = :updatedAt
                WHERE tenant_id = :tenant AND id = :id
                """)
                .param("id", definition.id()).param("tenant", definition.tenantId()).param("name", definition.rate().name())
                .param("description", definition.description()).param("isDefault", definition.isDefault())
                .param("active", definition.active()).param("updatedAt", Rows.timestamp(definition.updatedAt()))
                .update();
    }

    public Optional<TaxRateDefinition> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM tax_rates WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(TaxRates::map).optional();
    }

    /** The rates among {@code ids} that exist in the tenant, in no particular order. */
    public List<TaxRateDefinition> findAll(String tenantId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM tax_rates WHERE tenant_id = :tenant AND id IN (:ids)")
                .param("tenant", tenantId).param("ids", ids).query(TaxRates::map).list();
    }

    /** Newest first; {@code active} null lists every rate. */
    public List<TaxRateDefinition> list(String tenantId, Boolean active, PageRequest page) {
        return jdbc.sql("SELECT * FROM tax_rates WHERE tenant_id = :tenant"
                        + " AND (CAST(:active AS boolean) IS NULL OR active = :active)"
                        + " AND (CAST(:after AS text) IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("active", active).param("after", page.after()).param("limit", page.fetchSize())
                .query(TaxRates::map).list();
    }

    /** The tenant's active default rates, oldest first (the order they are listed on a line). */
    public List<TaxRate> activeDefaults(String tenantId) {
        return jdbc.sql("SELECT * FROM tax_rates WHERE tenant_id = :tenant AND is_default AND active ORDER BY created_at, id")
                .param("tenant", tenantId).query(TaxRates::map).list().stream().map(TaxRateDefinition::rate).toList();
    }

    static TaxRateDefinition map(ResultSet rs, int row) throws SQLException {
        TaxRate rate = new TaxRate(rs.getString("id"), rs.getString("name"), rs.getBigDecimal("percentage"), rs.getString("country"),
                rs.getString("region"), rs.getBoolean("inclusive"));
        return new TaxRateDefinition(rs.getString("tenant_id"), rate, rs.getString("description"), rs.getBoolean("is_default"),
                rs.getBoolean("active"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
