package io.billstream.platform.auth;

import java.time.Instant;
import java.util.List;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/api-keys")
@Tag(name = "API keys", description = "Secret keys a tenant's servers authenticate with")
class ApiKeyController {

    private final ApiKeyManagement management;

    ApiKeyController(ApiKeyManagement management) {
        this.management = management;
    }

    record CreateApiKeyRequest(@Size(min = 1, max = 100) String name, List<String> scopes, Instant expiresAt, String apiVersion) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Create an API key", description = "The secret is returned once, in this response. Scopes default to all scopes; "
            + "api_version (default: the newest) is the Billstream-Version its requests are answered in unless they send the header.")
    ApiKeyView create(@Valid @RequestBody CreateApiKeyRequest request) {
        return management.create(TenantContext.require(), request.name(), request.scopes(), request.expiresAt(), null,
                request.apiVersion());
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "List API keys", description = "Newest first; secrets are never shown again.")
    ListPage<ApiKeyView> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return management.list(TenantContext.require(), PageRequest.of(limit, cursor));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Revoke an API key", description = "Requests made with it are refused from now on.")
    ApiKeyView revoke(@PathVariable String id) {
        return management.revoke(TenantContext.require(), id);
    }
}
