package io.billstream.platform.tenancy;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1")
@Tag(name = "Tenants", description = "Organisations whose data Billstream keeps apart")
class TenantController {

    private final TenantManagement management;

    TenantController(TenantManagement management) {
        this.management = management;
    }

    record CreateTenantRequest(@NotBlank @Size(max = 200) String name,
                               @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "must be 2-63 lowercase letters, digits or hyphens") String slug) {
    }

    @PostMapping("/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Create a tenant (operator only)",
            description = "Returns the tenant and its first admin API key; the key's secret is shown once.")
    TenantManagement.CreatedTenant create(@Valid @RequestBody CreateTenantRequest request) {
        return management.create(request.name(), request.slug());
    }

    @GetMapping("/tenants")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "List tenants (operator only)")
    ListPage<Tenant> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return management.list(PageRequest.of(limit, cursor));
    }

    @GetMapping("/tenant")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "The caller's own tenant")
    Tenant current() {
        return management.current();
    }
}
