package io.billstream.platform.audit;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/audit-logs")
@Tag(name = "Audit logs", description = "Who changed what, when, and in which request")
class AuditLogController {

    private final AuditRecords records;
    private final AuditChain chain;

    AuditLogController(AuditRecords records, AuditChain chain) {
        this.records = records;
        this.chain = chain;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "List audit records", description = "Newest first; filter by resource_id, action or request_id.")
    ListPage<AuditRecord> list(@RequestParam(name = "resource_id", required = false) String resourceId,
                               @RequestParam(required = false) String action,
                               @RequestParam(name = "request_id", required = false) String requestId,
                               @RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) String cursor) {
        return records.list(resourceId, action, requestId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/verify")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Verify the audit hash chain",
            description = "Recomputes every row's hash from its content and the row before it, oldest first, and reports the "
                    + "first row that does not match (altered, deleted or forged rows). Walks the chain up to its head as it was "
                    + "when the request began.")
    AuditChainVerification verify() {
        return chain.verify(TenantContext.require());
    }
}
