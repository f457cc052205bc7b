package io.billstream.platform.ratelimit;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.tenancy.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1")
@Tag(name = "Rate limits", description = "Token buckets per API key or OAuth client: one for usage ingestion, one for the rest")
class RateLimitController {

    private final RateLimitSettings settings;

    RateLimitController(RateLimitSettings settings) {
        this.settings = settings;
    }

    /** Both limits at once; a limit left out (or null) is the installation's default. */
    record SetRateLimits(RateLimitSettings.LimitChange ingestion, RateLimitSettings.LimitChange rest) {
    }

    @GetMapping("/rate-limits")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "The caller's tenant's rate limits",
            description = "Per API key or OAuth client: quota requests per window_seconds, refilled continuously.")
    RateLimitsView own() {
        return settings.view(TenantContext.require());
    }

    @GetMapping("/tenants/{id}/rate-limits")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "A tenant's rate limits (operator only)")
    RateLimitsView ofTenant(@PathVariable String id) {
        return settings.viewAsOperator(id);
    }

    @PutMapping("/tenants/{id}/rate-limits")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Set a tenant's rate limits (operator only)",
            description = "ingestion and rest, each {quota, window_seconds (default 1)}; null or absent: the installation's default. "
                    + "Applies on this instance at once, on others within billstream.rate-limits.tenant-limits-cache-ttl.")
    RateLimitsView set(@PathVariable String id, @RequestBody SetRateLimits request) {
        return settings.set(id, request.ingestion(), request.rest());
    }
}
