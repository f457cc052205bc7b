package io.billstream.catalog.web;

import io.billstream.catalog.application.PriceEvaluationView;
import io.billstream.catalog.application.PriceEvaluations;
import io.billstream.platform.auth.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/prices")
@Tag(name = "Prices", description = "Charge models evaluated exactly as invoices will bill them.")
class PriceController {

    private final PriceEvaluations evaluations;

    PriceController(PriceEvaluations evaluations) {
        this.evaluations = evaluations;
    }

    @PostMapping("/evaluate")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Evaluate a price",
            description = "Prices a quantity (or, for percentage, a list of event amounts) with a charge model and an "
                    + "optional minimum, without storing anything. amount is exact; amount_minor is amount rounded once, "
                    + "half up, to the currency's minor unit, as an invoice line bills it. See docs/pricing.md.")
    PriceEvaluationView evaluate(@RequestBody EvaluatePriceRequest request) {
        return evaluations.evaluate(request.toCommand());
    }
}
