package io.billstream.platform.audit;

import java.time.Clock;

import io.billstream.platform.auth.Caller;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.RequestIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Append-only record of every change made through the API: who (API key or OAuth client), what
 * (action and resource), when, in which request, and the fields that changed. Written in the
 * transaction of the change itself, so a change and its audit row commit or vanish together. Each
 * tenant's rows form a hash chain ({@link AuditChain} checks it).
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param before the resource's API representation before the change, or null when created
     * @param after  its representation after the change, or null when removed
     */
    public void record(String action, String resourceType, String resourceId, Object before, Object after) {
        ObjectNode changes = changedFields(before, after);
        Caller caller = Caller.current().orElse(null);
        // The database function takes the tenant's chain head under a row lock, so concurrent writers
        // chain in commit order (see V14__compliance.sql and docs/compliance.md).
        jdbc.sql("""
                SELECT append_audit_log(:id, :tenant, :at, :actorType, :actorId, :action, :resourceType, :resourceId,
                                        :requestId, CAST(:changes AS jsonb))
                """)
                .param("id", Ids.next("aud"))
                .param("tenant", TenantContext.require())
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .param("actorType", caller == null ? "system" : caller.actorType())
                .param("actorId", caller == null ? null : caller.actorId())
                .param("action", action)
                .param("resourceType", resourceType)
                .param("resourceId", resourceId)
                .param("requestId", RequestIds.current())
                .param("changes", json.writeValueAsString(changes))
                .query(Long.class).single();
    }

    /** {@code {"field": {"from": old, "to": new}}} for every top-level field whose value differs. */
    private ObjectNode changedFields(Object before, Object after) {
        JsonNode from = before == null ? json.createObjectNode() : json.valueToTree(before);
        JsonNode to = after == null ? json.createObjectNode() : json.valueToTree(after);
        ObjectNode changes = json.createObjectNode();
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        from.propertyNames().forEach(names::add);
        to.propertyNames().forEach(names::add);
        for (String name : names) {
            JsonNode oldValue = from.get(name);
            JsonNode newValue = to.get(name);
            if (oldValue == null ? newValue != null && !newValue.isNull() : !oldValue.equals(newValue)) {
                ObjectNode change = changes.putObject(name);
                change.set("from", oldValue);
                change.set("to", newValue);
            }
        }
        return changes;
    }
}
