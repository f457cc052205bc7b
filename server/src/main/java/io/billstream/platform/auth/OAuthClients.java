package io.billstream.platform.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OAuthClients {

    private static final String COLUMNS = "id, tenant_id, name, scopes, access_token_ttl_seconds, created_at, revoked_at, api_version";

    /** A client as the token endpoint needs it: with its secret's hash, looked up across tenants. */
    record Credentials(OAuthClient client, String secretHash) {
    }

    private final JdbcClient jdbc;

    OAuthClients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OAuthClient client, String secretHash) {
        jdbc.sql("""
                INSERT INTO oauth_clients (id, tenant_id, name, secret_hash, scopes, access_token_ttl_seconds, created_at, api_version)
                VALUES (:id, :tenant, :name, :hash, :scopes, :ttl, :createdAt, :apiVersion)
                """)
                .param("id", client.id()).param("tenant", client.tenantId()).param("name", client.name())
                .param("hash", secretHash).param("scopes", client.scopes().toArray(String[]::new))
                .param("ttl", client.accessTokenTtlSeconds()).param("createdAt", Timestamp.from(client.createdAt()))
                .param("apiVersion", client.apiVersion())
                .update();
    }

    Optional<OAuthClient> find(String tenantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM oauth_clients WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id).query(OAuthClients::map).optional();
    }

    List<OAuthClient> list(String tenantId, PageRequest page) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM oauth_clients WHERE tenant_id = :tenant"
                        + (page.after() == null ? "" : " AND id < :after") + " ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("after", page.after()).param("limit", page.fetchSize())
                .query(OAuthClients::map).list();
    }

    void markRevoked(OAuthClient client) {
        jdbc.sql("UPDATE oauth_clients SET revoked_at = :at WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL")
                .param("at", Timestamp.from(client.revokedAt())).param("tenant", client.tenantId()).param("id", client.id())
                .update();
    }

    Optional<Credentials> findCredentials(String clientId) {
        return jdbc.sql("SELECT * FROM find_oauth_client(:id)")
                .param("id", clientId)
                .query((rs, n) -> new Credentials(new OAuthClient(rs.getString("id"), rs.getString("tenant_id"), null,
                        Rows.strings(rs, "scopes"), rs.getInt("access_token_ttl_seconds"), null,
                        Rows.instant(rs, "revoked_at"), rs.getString("api_version")), rs.getString("secret_hash")))
                .optional();
    }

    private static OAuthClient map(ResultSet rs, int row) throws SQLException {
        return new OAuthClient(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"),
                Rows.strings(rs, "scopes"), rs.getInt("access_token_ttl_seconds"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "revoked_at"), rs.getString("api_version"));
    }
}
