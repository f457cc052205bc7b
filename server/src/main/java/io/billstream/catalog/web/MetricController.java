package io.billstream.catalog.web;

import java.util.List;

import io.billstream.catalog.application.MetricCatalog;
import io.billstream.catalog.application.MetricView;
import io.billstream.catalog.domain.PropertyFilter;
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
@RequestMapping("/v1/billable-metrics")
@Tag(name = "Billable metrics", description = "What usage charges count. Addressed by ID or code.")
class MetricController {

    private final MetricCatalog catalog;

    MetricController(MetricCatalog catalog) {
        this.catalog = catalog;
    }

    record CreateMetric(String code, String name, String description, String aggregation, String fieldName,
                        List<PropertyFilter> filters, List<String> groupBy) {
    }

    record UpdateMetric(String name, String description) {
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Define a billable metric",
            description = "aggregation: count, sum, max, min, unique_count, latest or weighted_sum; field_name is the event "
                    + "property read (required except for count); filters keep only matching events; group_by splits usage.")
    ResponseEntity<MetricView> create(@RequestBody CreateMetric request, UriComponentsBuilder uri) {
        MetricView created = catalog.define(new MetricCatalog.NewMetric(request.code(), request.name(), request.description(),
                request.aggregation(), request.fieldName(), request.filters(), request.groupBy()));
        return ResponseEntity.created(uri.path("/v1/billable-metrics/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List billable metrics", description = "Newest first; archived ones only with include_archived=true.")
    ListPage<MetricView> list(@RequestParam(name = "include_archived", defaultValue = "false") boolean includeArchived,
                              @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return catalog.list(includeArchived, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a billable metric by ID or code")
    MetricView get(@PathVariable String id) {
        return catalog.get(id);
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Rename a billable metric", description = "Only name and description change: what a metric counts is fixed.")
    MetricView update(@PathVariable String id, @RequestBody UpdateMetric request) {
        return catalog.rename(id, request.name(), request.description());
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Archive a billable metric", description = "No new charges may use it; existing plan versions keep pricing it.")
    MetricView archive(@PathVariable String id) {
        return catalog.archive(id);
    }
}
