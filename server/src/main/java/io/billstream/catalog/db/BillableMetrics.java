package io.billstream.catalog.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.billstream.catalog.domain.Aggregation;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PropertyFilter;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Billable metric rows. */
@Repository
public class BillableMetrics {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BillableMetrics(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(BillableMetric metric) {
        jdbc.sql("""
                INSERT INTO billable_metrics (id, tenant_id, code, name, description, aggregation, field_name, filters, group_by,
                    created_at, updated_at, archived_at)
                VALUES (:id, :tenant, :code, :name, :description, :aggregation, :field, CAST(:filters AS jsonb),
                    CAST(:groupBy AS jsonb), :createdAt, :updatedAt, :archivedAt)
                """)
                .param("id", metric.id()).param("tenant", metric.tenantId()).param("code", metric.code())
                .param("name", metric.name()).param("description", metric.description())
                .param("aggregation", metric.aggregation().apiName()).param("field", metric.fieldName())
                .param("filters", json.writeValueAsString(metric.filters()))
                .param("groupBy", json.writeValueAsString(metric.groupBy()))
                .param("createdAt", Rows.timestamp(metric.createdAt())).param("updatedAt", Rows.timestamp(metric.updatedAt()))
                .param("archivedAt", Rows.timestamp(metric.archivedAt()))
                .update();
    }

    public void update(BillableMetric metric) {
        jdbc.sql("""
                UPDATE billable_metrics SET name = :name, description = :description, updated_at = :updatedAt, archived_at = :archivedAt
                WHERE tenant_id = :tenant AND id = :id
                """)
                .param("id", metric.id()).param("tenant", metric.tenantId()).param("name", metric.name())
                .param("description", metric.description()).param("updatedAt", Rows.timestamp(metric.updatedAt()))
                .param("archivedAt", Rows.timestamp(metric.archivedAt()))
                .update();
    }

    /** By ID ({@code bm_...}) or code. */
    public Optional<BillableMetric> find(String tenantId, String idOrCode, boolean forUpdate) {
        String column = idOrCode.startsWith("bm_") ? "id" : "code";
        return jdbc.sql("SELECT * FROM billable_metrics WHERE tenant_id = :tenant AND " + column + " = :key" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("key", idOrCode).query(this::map).optional();
    }

    public boolean existsActive(String tenantId, String code) {
        return jdbc.sql("SELECT count(*) FROM billable_metrics WHERE tenant_id = :tenant AND code = :code AND archived_at IS NULL")
                .param("tenant", tenantId).param("code", code).query(Long.class).single() > 0;
    }

    public List<BillableMetric> list(String tenantId, boolean includeArchived, PageRequest page) {
        return jdbc.sql("SELECT * FROM billable_metrics WHERE tenant_id = :tenant"
                        + (includeArchived ? "" : " AND archived_at IS NULL")
                        + " AND (CAST(:after AS text) IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    private BillableMetric map(ResultSet rs, int row) throws SQLException {
        return new BillableMetric(rs.getString("id"), rs.getString("tenant_id"), rs.getString("code"), rs.getString("name"),
                rs.getString("description"), Aggregation.parse(rs.getString("aggregation"), "aggregation"),
                rs.getString("field_name"),
                json.readValue(rs.getString("filters"), new TypeReference<List<PropertyFilter>>() { }),
                json.readValue(rs.getString("group_by"), new TypeReference<List<String>>() { }),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), Rows.instant(rs, "archived_at"));
    }
}
