package io.billstream.platform.audit;

import io.billstream.platform.db.Rows;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reading the current tenant's audit log, newest first. */
@Service
class AuditRecords {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRecords(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    ListPage<AuditRecord> list(String resourceId, String action, String requestId, PageRequest page) {
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
                .query((rs, n) -> new AuditRecord(rs.getString("id"), "audit_record", Rows.instant(rs, "occurred_at"),
                        rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("action"),
                        rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("request_id"),
                        json.readTree(rs.getString("changes"))))
                .list();
        return ListPage.of(rows, page, AuditRecord::id, row -> row);
    }
}
