package io.billstream.invoicing.tax.web;

import java.util.List;

import io.billstream.invoicing.tax.CustomerTaxSettingsView;
import io.billstream.invoicing.tax.PlanTaxRatesView;
import io.billstream.invoicing.tax.TaxAssignments;
import io.billstream.platform.auth.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Tax rates")
class TaxAssignmentController {

    private final TaxAssignments assignments;

    TaxAssignmentController(TaxAssignments assignments) {
        this.assignments = assignments;
    }

    record CustomerTaxSettingsRequest(
            @Schema(description = "rates, external or exempt; null (or absent) follows the tenant's tax_mode", example = "rates")
            String taxMode,
            @Schema(description = "The customer's own rates, in order; they take precedence over the plan's and the tenant's defaults. "
                    + "Absent or empty: none.")
            List<String> taxRateIds) {
    }

    record PlanTaxRatesRequest(
            @Schema(description = "The plan's rates, in order. Absent or empty: none.")
            List<String> taxRateIds) {
    }

    @GetMapping("/v1/customers/{id}/tax-settings")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a customer's tax settings", description = "The customer by ID or external_id.")
    CustomerTaxSettingsView customerSettings(@PathVariable String id) {
        return assignments.customerSettings(id);
    }

    @PutMapping("/v1/customers/{id}/tax-settings")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Replace a customer's tax settings",
            description = "Both fields are replaced: a field left out is null (tax_mode follows the tenant's) or empty (no rates "
                    + "of its own). tax_rate_ids only with tax_mode rates or null. Applies to invoices made from now on.")
    CustomerTaxSettingsView changeCustomerSettings(@PathVariable String id, @RequestBody CustomerTaxSettingsRequest request) {
        return assignments.changeCustomerSettings(id, request.taxMode(), request.taxRateIds());
    }

    @GetMapping("/v1/plans/{id}/tax-rates")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a plan's tax rates", description = "The plan by ID or code.")
    PlanTaxRatesView planRates(@PathVariable String id) {
        return assignments.planRates(id);
    }

    @PutMapping("/v1/plans/{id}/tax-rates")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Replace a plan's tax rates",
            description = "They apply to the lines of the plan's subscriptions whose customer has no rates of its own.")
    PlanTaxRatesView changePlanRates(@PathVariable String id, @RequestBody PlanTaxRatesRequest request) {
        return assignments.changePlanRates(id, request.taxRateIds());
    }
}
