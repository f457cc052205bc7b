package io.billstream.platform.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.billstream.platform.db.Rows.instant;
import static io.billstream.platform.db.Rows.strings;

/** API key rows. Queries filter by tenant; row-level security would hide other tenants' rows anyway. */
@Repository
class ApiKeys {

    private static final String COLUMNS = "id, tenant_id, name, secret_hint, scopes, created_at, expires_at, revoked_at, api_version";

    private final JdbcClient jdbc;

    ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiKey key, byte[] secretHash) {
        jdbc.sql("""
                INSERT INTO api_keys (id, tenant_id, name, secret_hash, secret_hint, scopes, created_at, expires_at, api_version)
                VALUES (:id, :tenant, :name, :hash, :hint, :scopes, :createdAt, :expiresAt, :apiVersion)
                """)
                .param("id", key.id()).param("tenant", key.tenantId()).param("name", key.name())
                .param("hash", secretHash).param("hint", key.secretHint())
                .param("scopes", key.scopes().toArray(String[]::new))
                .param("createdAt", Timestamp.from(key.createdAt()))
                .param("expiresAt", key.expiresAt() == null ? null : Timestamp.from(key.expiresAt()))
                .param("apiVersion", key.apiVersion())
                .update();
    }

    Optional<ApiKey> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id)
                .query(ApiKeys::map).optional();
    }

    List<ApiKey> list(String tenantId, PageRequest page) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = :tenant"
                        + (page.after() == null ? "" : " AND id < :after") + " ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("after", page.after()).param("limit", page.fetchSize())
                .query(ApiKeys::map).list();
    }

    void markRevoked(ApiKey key) {
        jdbc.sql("UPDATE api_keys SET revoked_at = :at WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL")
                .param("at", Timestamp.from(key.revokedAt())).param("tenant", key.tenantId()).param("id", key.id())
                .update();
    }

    /** The key whose secret hashes to {@code hash}, in any tenant: authentication comes before tenancy. */
    Optional<ApiKey> findBySecretHash(byte[] hash) {
        return jdbc.sql("SELECT id, tenant_id, scopes, expires_at, revoked_at, api_version FROM find_api_key(:hash)")
                .param("hash", hash)
                .query((rs, n) -> new ApiKey(rs.getString("id"), rs.getString("tenant_id"), null, null,
                        strings(rs, "scopes"), null, instant(rs, "expires_at"), instant(rs, "revoked_at"),
                        rs.getString("api_version")))
                .optional();
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("secret_hint"),
                strings(rs, "scopes"), instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
                rs.getString("api_version"));
    }
}
