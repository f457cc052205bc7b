package io.billstream.invoicing.tax.web;

import java.util.Optional;
import java.util.Set;

import io.billstream.catalog.application.ChargeModelJson;
import io.billstream.invoicing.tax.TaxRateCatalog;
import io.billstream.invoicing.tax.TaxRateView;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/tax-rates")
@Tag(name = "Tax rates", description = "Taxes applied to invoice lines by customer, plan or tenant default. See docs/taxes.md.")
class TaxRateController {

    /** Fixed at creation: issued invoices refer to the rate, so a different tax is a new rate. */
    private static final Set<String> IMMUTABLE = Set.of("percentage", "inclusive", "country", "region");
    private static final Set<String> CHANGEABLE = Set.of("name", "description", "active", "is_default");

    private final TaxRateCatalog catalog;

    TaxRateController(TaxRateCatalog catalog) {
        this.catalog = catalog;
    }

    record CreateTaxRate(
            @Schema(description = "Shown on invoices, 1 to 100 characters", requiredMode = Schema.RequiredMode.REQUIRED, example = "VAT")
            String name,
            String description,
            @Schema(description = "Greater than 0 and at most 100, up to 4 decimals; a string or a number", type = "string",
                    requiredMode = Schema.RequiredMode.REQUIRED, example = "8.875")
            JsonNode percentage,
            @Schema(description = "ISO 3166-1 alpha-2, upper case", example = "DE")
            String country,
            @Schema(description = "State or province, free text", example = "NY")
            String region,
            @Schema(description = "true if prices already include this tax", requiredMode = Schema.RequiredMode.REQUIRED)
            Boolean inclusive,
            @Schema(description = "Applied to lines for which neither the customer nor the plan names rates; default false")
            Boolean isDefault,
            @Schema(description = "Only active rates are applied; default true")
            Boolean active) {
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Create a tax rate",
            description = "percentage and inclusive (and country and region) cannot change afterwards; create another rate instead.")
    ResponseEntity<TaxRateView> create(@RequestBody CreateTaxRate request, UriComponentsBuilder uri) {
        if (request.name() == null) {
            throw missing("name");
        }
        if (request.percentage() == null || request.percentage().isNull()) {
            throw missing("percentage");
        }
        if (request.inclusive() == null) {
            throw missing("inclusive");
        }
        TaxRateView created = catalog.create(new TaxRateCatalog.NewTaxRate(request.name(), request.description(),
                ChargeModelJson.decimal(request.percentage(), "percentage"), request.country(), request.region(), request.inclusive(),
                Boolean.TRUE.equals(request.isDefault()), request.active() == null || request.active()));
        return ResponseEntity.created(uri.path("/v1/tax-rates/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List tax rates", description = "Newest first, cursor-paginated.")
    ListPage<TaxRateView> list(
            @Parameter(description = "true for active rates only, false for inactive ones; both when absent")
            @RequestParam(required = false) Boolean active,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return catalog.list(active, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a tax rate")
    TaxRateView get(@PathVariable String id) {
        return catalog.get(id);
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Update a tax rate",
            description = "name, description (null clears it), active and is_default. percentage, inclusive, country and region "
                    + "are fixed once the rate exists, because issued invoices refer to it: sending them is refused.")
    TaxRateView update(@PathVariable String id, @RequestBody JsonNode body) {
        JsonFields.requireObject(body, null);
        for (String field : body.propertyNames()) {
            if (IMMUTABLE.contains(field)) {
                throw ApiException.invalid(field, field + " cannot change once a tax rate exists, because issued invoices refer to it; "
                        + "create a new rate and deactivate this one");
            }
        }
        JsonFields.onlyKnown(body, CHANGEABLE, "");
        if (body.has("name") && body.get("name").isNull()) {
            throw ApiException.invalid("name", "name cannot be cleared");
        }
        Optional<String> description = body.has("description")
                ? Optional.ofNullable(JsonFields.text(body, "description", "description")) : null;
        return catalog.change(id, new TaxRateCatalog.TaxRatePatch(JsonFields.text(body, "name", "name"), description,
                JsonFields.flag(body, "active"), JsonFields.flag(body, "is_default")));
    }

    private static ApiException missing(String field) {
        return new ApiException(HttpStatus.BAD_REQUEST, "parameter_missing", field, field + " is required");
    }
}
