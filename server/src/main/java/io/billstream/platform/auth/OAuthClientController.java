package io.billstream.platform.auth;

import java.util.List;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
@RequestMapping("/v1/oauth-clients")
@Tag(name = "OAuth clients", description = "Machine clients that obtain access tokens at POST /oauth2/token")
class OAuthClientController {

    private final OAuthClientManagement management;

    OAuthClientController(OAuthClientManagement management) {
        this.management = management;
    }

    record CreateOAuthClientRequest(@Size(min = 1, max = 100) String name, List<String> scopes,
                                    @Min(60) @Max(86400) Integer accessTokenTtlSeconds, String apiVersion) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Register an OAuth client",
            description = "Returns client_id and client_secret (shown once) for the client-credentials grant. Scopes default to all scopes; "
                    + "api_version (default: the newest) is the Billstream-Version its requests are answered in.")
    OAuthClientView create(@Valid @RequestBody CreateOAuthClientRequest request) {
        return management.create(TenantContext.require(), request.name(), request.scopes(), request.accessTokenTtlSeconds(),
                request.apiVersion());
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "List OAuth clients")
    ListPage<OAuthClientView> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return management.list(TenantContext.require(), PageRequest.of(limit, cursor));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Revoke an OAuth client", description = "Its tokens, including unexpired ones, are refused from now on.")
    OAuthClientView revoke(@PathVariable String id) {
        return management.revoke(TenantContext.require(), id);
    }
}
