package io.billstream.catalog.web;

import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.application.PlanSpec;
import io.billstream.catalog.application.PlanView;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/v1/plans")
@Tag(name = "Plans", description = "What a tenant sells: fees, usage charges, items and features, in numbered versions. Addressed by ID or code.")
class PlanController {

    private final PlanCatalog catalog;

    PlanController(PlanCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Create a plan", description = "Creates version 1. See docs/catalog.md for every field.")
    ResponseEntity<PlanView> create(@RequestBody PlanSpec request, UriComponentsBuilder uri) {
        PlanView created = catalog.create(request);
        return ResponseEntity.created(uri.path("/v1/plans/{code}").buildAndExpand(created.code()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List plans", description = "Each at its current version, newest plan first.")
    ListPage<PlanView> list(@RequestParam(name = "include_archived", defaultValue = "false") boolean includeArchived,
                            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return catalog.list(includeArchived, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a plan at its current version")
    PlanView get(@PathVariable String id) {
        return catalog.get(id);
    }

    @GetMapping("/{id}/versions")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List a plan's versions", description = "Newest first.")
    ListPage<PlanView> versions(@PathVariable String id) {
        var versions = catalog.versions(id);
        return new ListPage<>("list", versions, false, null);
    }

    @GetMapping("/{id}/versions/{version}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve one version of a plan")
    PlanView version(@PathVariable String id, @PathVariable int version) {
        return catalog.version(id, version);
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Update a plan",
            description = "Fields given replace the current ones (lists are replaced whole). Name and description change in place. "
                    + "A change to the terms rewrites the current version while no subscription uses it; otherwise it creates "
                    + "the next version, which new subscriptions get. Existing subscriptions keep their version until moved "
                    + "with change-plan.")
    PlanView update(@PathVariable String id, @RequestBody PlanSpec request) {
        return catalog.update(id, request);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Archive a plan", description = "No new subscriptions; existing ones continue.")
    PlanView archive(@PathVariable String id) {
        return catalog.archive(id);
    }
}
