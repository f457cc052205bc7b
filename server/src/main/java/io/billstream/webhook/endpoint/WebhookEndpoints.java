package io.billstream.webhook.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The webhook_endpoints rows of the current tenant (row-level security scopes every statement). */
@Repository
class WebhookEndpoints {

    private static final String COLUMNS = """
            id, tenant_id, url, description, event_types, enabled, format, field_mapping, verify_tls, development, ordered,
            api_version, secret_ciphertext, previous_secret_ciphertext, previous_secret_expires_at,
            dispatched_through_sequence, disabled_reason, disabled_at, failing_since, metadata, created_at, updated_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    WebhookEndpoints(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(WebhookEndpoint endpoint) {
        EndpointSettings s = endpoint.settings();
        jdbc.sql("""
                INSERT INTO webhook_endpoints (id, tenant_id, url, description, event_types, enabled, format, field_mapping,
                    verify_tls, development, ordered, api_version, secret_ciphertext, dispatched_through_sequence,
                    disabled_reason, disabled_at, metadata, created_at, updated_at)
                VALUES (:id, :tenant, :url, :description, :eventTypes, :enabled, :format, CAST(:mapping AS jsonb),
                    :verifyTls, :development, :ordered, :apiVersion, :secret, :sequence,
                    :disabledReason, :disabledAt, CAST(:metadata AS jsonb), :createdAt, :updatedAt)
                """)
                .param("id", endpoint.id()).param("tenant", endpoint.tenantId())
                .param("url", s.url()).param("description", s.description())
                .param("eventTypes", s.eventTypes().toArray(String[]::new))
                .param("enabled", s.enabled()).param("format", s.format())
                .param("mapping", s.fieldMapping() == null ? null : json.writeValueAsString(s.fieldMapping()))
                .param("verifyTls", s.verifyTls()).param("development", s.development()).param("ordered", s.ordered())
                .param("apiVersion", s.apiVersion()).param("secret", endpoint.secretSealed())
                .param("sequence", endpoint.dispatchedThroughSequence())
                .param("disabledReason", endpoint.disabledReason()).param("disabledAt", Rows.timestamp(endpoint.disabledAt()))
                .param("metadata", json.writeValueAsString(s.metadata()))
                .param("createdAt", Rows.timestamp(endpoint.createdAt())).param("updatedAt", Rows.timestamp(endpoint.updatedAt()))
                .update();
    }

    /**
     * Writes what the API changes: settings, secrets and the disabled state. The dispatch position is
     * the delivery engine's and is left alone (a concurrent fan-out is never undone), except when a
     * disabled endpoint is enabled again: fan-out stood still while it was disabled, and it resumes
     * from now on. What it missed can be replayed (POST /v1/webhook-endpoints/{id}/replay).
     */
    void update(WebhookEndpoint endpoint) {
        EndpointSettings s = endpoint.settings();
        jdbc.sql("""
                UPDATE webhook_endpoints SET url = :url, description = :description, event_types = :eventTypes,
                    enabled = :enabled, format = :format, field_mapping = CAST(:mapping AS jsonb), verify_tls = :verifyTls,
                    development = :development, ordered = :ordered, api_version = :apiVersion, secret_ciphertext = :secret,
                    previous_secret_ciphertext = :previousSecret, previous_secret_expires_at = :previousExpiresAt,
                    disabled_reason = :disabledReason, disabled_at = :disabledAt, failing_since = :failingSince,
                    metadata = CAST(:metadata AS jsonb), updated_at = :updatedAt,
                    dispatched_through_sequence = CASE WHEN NOT enabled AND :enabled
                        THEN GREATEST(dispatched_through_sequence, COALESCE(
                            (SELECT last_sequence FROM tenant_event_sequences s WHERE s.tenant_id = webhook_endpoints.tenant_id), 0))
                        ELSE dispatched_through_sequence END
                WHERE id = :id
                """)
                .param("id", endpoint.id())
                .param("url", s.url()).param("description", s.description())
                .param("eventTypes", s.eventTypes().toArray(String[]::new))
                .param("enabled", s.enabled()).param("format", s.format())
                .param("mapping", s.fieldMapping() == null ? null : json.writeValueAsString(s.fieldMapping()))
                .param("verifyTls", s.verifyTls()).param("development", s.development()).param("ordered", s.ordered())
                .param("apiVersion", s.apiVersion()).param("secret", endpoint.secretSealed())
                .param("previousSecret", endpoint.previousSecretSealed())
                .param("previousExpiresAt", Rows.timestamp(endpoint.previousSecretExpiresAt()))
                .param("disabledReason", endpoint.disabledReason()).param("disabledAt", Rows.timestamp(endpoint.disabledAt()))
                .param("failingSince", Rows.timestamp(endpoint.failingSince()))
                .param("metadata", json.writeValueAsString(s.metadata()))
                .param("updatedAt", Rows.timestamp(endpoint.updatedAt()))
                .update();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM webhook_endpoints WHERE id = :id").param("id", id).update() == 1;
    }

    Optional<WebhookEndpoint> find(String id, boolean forUpdate) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("id", id).query(this::map).optional();
    }

    /** Newest first. */
    List<WebhookEndpoint> list(PageRequest page) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoints"
                        + (page.after() == null ? "" : " WHERE id < :after") + " ORDER BY id DESC LIMIT :limit")
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    /** The tenant's last billing-event sequence; 0 before its first event. */
    long lastEventSequence(String tenantId) {
        return jdbc.sql("SELECT last_sequence FROM tenant_event_sequences WHERE tenant_id = :tenant")
                .param("tenant", tenantId).query(Long.class).optional().orElse(0L);
    }

    private WebhookEndpoint map(ResultSet rs, int row) throws SQLException {
        String mapping = rs.getString("field_mapping");
        Map<String, String> metadata = json.readValue(rs.getString("metadata"), new TypeReference<>() { });
        // Stored settings were valid when written; reading them back validates again, cheaply.
        EndpointSettings settings = new EndpointSettings(rs.getString("url"), rs.getString("description"),
                Rows.strings(rs, "event_types"), rs.getBoolean("enabled"), rs.getString("format"),
                mapping == null ? null : json.readValue(mapping, JsonNode.class), rs.getBoolean("verify_tls"),
                rs.getBoolean("development"), rs.getBoolean("ordered"), rs.getString("api_version"), metadata);
        return new WebhookEndpoint(rs.getString("id"), rs.getString("tenant_id"), settings, rs.getString("secret_ciphertext"),
                rs.getString("previous_secret_ciphertext"), Rows.instant(rs, "previous_secret_expires_at"),
                rs.getLong("dispatched_through_sequence"), rs.getString("disabled_reason"), Rows.instant(rs, "disabled_at"),
                Rows.instant(rs, "failing_since"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
