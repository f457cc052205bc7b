package io.billstream.platform.ratelimit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.billstream.platform.db.Rows.instant;

/** The {@code tenant_rate_limits} rows: a tenant's own limits, where the operator set them. */
@Repository
class TenantRateLimits {

    /** A tenant's own limits; a null policy means the installation's. */
    record Row(String tenantId, RateLimitPolicy ingestion, RateLimitPolicy rest, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    TenantRateLimits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Row> find(String tenantId) {
        return jdbc.sql("""
                        SELECT tenant_id, ingestion_quota, ingestion_window_seconds, rest_quota, rest_window_seconds, updated_at
                        FROM tenant_rate_limits WHERE tenant_id = :tenant
                        """)
                .param("tenant", tenantId)
                .query((rs, n) -> new Row(rs.getString("tenant_id"),
                        policy(RateLimitPolicy.INGESTION, (Integer) rs.getObject("ingestion_quota"), (Integer) rs.getObject("ingestion_window_seconds")),
                        policy(RateLimitPolicy.REST, (Integer) rs.getObject("rest_quota"), (Integer) rs.getObject("rest_window_seconds")),
                        instant(rs, "updated_at")))
                .optional();
    }

    void save(Row row) {
        jdbc.sql("""
                        INSERT INTO tenant_rate_limits (tenant_id, ingestion_quota, ingestion_window_seconds, rest_quota,
                                                        rest_window_seconds, updated_at)
                        VALUES (:tenant, :ingestionQuota, :ingestionWindow, :restQuota, :restWindow, :updatedAt)
                        ON CONFLICT (tenant_id) DO UPDATE SET
                            ingestion_quota = EXCLUDED.ingestion_quota, ingestion_window_seconds = EXCLUDED.ingestion_window_seconds,
                            rest_quota = EXCLUDED.rest_quota, rest_window_seconds = EXCLUDED.rest_window_seconds,
                            updated_at = EXCLUDED.updated_at
                        """)
                .param("tenant", row.tenantId())
                .param("ingestionQuota", row.ingestion() == null ? null : (int) row.ingestion().quota())
                .param("ingestionWindow", row.ingestion() == null ? null : (int) row.ingestion().windowSeconds())
                .param("restQuota", row.rest() == null ? null : (int) row.rest().quota())
                .param("restWindow", row.rest() == null ? null : (int) row.rest().windowSeconds())
                .param("updatedAt", Timestamp.from(row.updatedAt()))
                .update();
    }

    /** Points row-level security at {@code tenantId} until the current transaction ends (the operator acting on a tenant). */
    void scopeTransactionTo(String tenantId) {
        jdbc.sql("SELECT set_config('billstream.tenant_id', :tenant, true)").param("tenant", tenantId).query().singleRow();
    }

    boolean tenantExists(String tenantId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenants WHERE id = :id)").param("id", tenantId).query(Boolean.class).single();
    }

    private static RateLimitPolicy policy(String name, Integer quota, Integer windowSeconds) {
        return quota == null ? null : new RateLimitPolicy(name, quota, Duration.ofSeconds(windowSeconds));
    }
}
