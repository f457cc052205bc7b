package io.billstream.platform.audit;

import java.sql.Timestamp;
import java.time.Instant;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

@RestController
@RequestMapping("/v1/audit-logs")
@Tag(name = "Audit logs", description = "Who changed what, when, and in which request")
class AuditLogController {

    @JacksonXmlRootElement(localName = "audit_record")
    record AuditRecord(String id, String object, Instant occurredAt, String actorType, String actorId, String action,
                       String resourceType, String resourceId, String requestId, JsonNode changes) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLogController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Transactional(readOnly = true)
    @Operation(summary = "List audit records", description = "Newest first; filter by resource_id, action or request_id.")
    ListPage<AuditRecord> list(@RequestParam(name = "resource_id", required = false) String resourceId,
                               @RequestParam(required = false) String action,
                               @RequestParam(name = "request_id", required = false) String requestId,
                               @RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_logs WHERE tenant_id = :tenant");
        if (resourceId != null) {
            sql.append(" AND resource_id = :resourceId");
        }
        if (action != null) {
            sql.append(" AND action = :action");
        }
        if (requestId != null) {
            sql.append(" AND request_id = :requestId");
        }
        if (page.after() != null) {
            sql.append(" AND id < :after");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        var rows = jdbc.sql(sql.toString())
                .param("tenant", TenantContext.require()).param("resourceId", resourceId).param("action", action)
                .param("requestId", requestId).param("after", page.after()).param("limit", page.fetchSize())
                .query((rs, n) -> new AuditRecord(rs.getString("id"), "audit_record",
                        rs.getObject("occurred_at", Timestamp.class).toInstant(), rs.getString("actor_type"),
                        rs.getString("actor_id"), rs.getString("action"), rs.getString("resource_type"),
                        rs.getString("resource_id"), rs.getString("request_id"), json.readTree(rs.getString("changes"))))
                .list();
        return ListPage.of(rows, page, AuditRecord::id, row -> row);
    }
}
