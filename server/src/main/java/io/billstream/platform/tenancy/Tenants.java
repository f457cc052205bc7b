package io.billstream.platform.tenancy;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Tenants {

    private final JdbcClient jdbc;

    Tenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Tenant tenant) {
        jdbc.sql("INSERT INTO tenants (id, name, slug, is_operator, created_at) VALUES (:id, :name, :slug, :operator, :at)")
                .param("id", tenant.id()).param("name", tenant.name()).param("slug", tenant.slug())
                .param("operator", tenant.operator()).param("at", Timestamp.from(tenant.createdAt()))
                .update();
    }

    boolean slugTaken(String slug) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenants WHERE slug = :slug)").param("slug", slug).query(Boolean.class).single();
    }

    boolean any() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenants)").query(Boolean.class).single();
    }

    Optional<Tenant> find(String id) {
        return jdbc.sql("SELECT id, name, slug, is_operator, created_at FROM tenants WHERE id = :id")
                .param("id", id).query(this::map).optional();
    }

    List<Tenant> list(PageRequest page) {
        return jdbc.sql("SELECT id, name, slug, is_operator, created_at FROM tenants"
                        + (page.after() == null ? "" : " WHERE id < :after") + " ORDER BY id DESC LIMIT :limit")
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    /** Points row-level security at {@code tenantId} until the current transaction ends. */
    void scopeTransactionTo(String tenantId) {
        jdbc.sql("SELECT set_config('billstream.tenant_id', :tenant, true)").param("tenant", tenantId).query().singleRow();
    }

    private Tenant map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return Tenant.of(rs.getString("id"), rs.getString("name"), rs.getString("slug"), rs.getBoolean("is_operator"),
                rs.getTimestamp("created_at").toInstant());
    }
}
