package io.billstream.subscription.web;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.subscription.application.EntitlementChecks;
import io.billstream.subscription.application.EntitlementDecision;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/customers/{customerId}/entitlements")
@Tag(name = "Entitlements", description = "What a customer may use now, from state kept current on every subscription change.")
class EntitlementController {

    private final EntitlementChecks checks;

    EntitlementController(EntitlementChecks checks) {
        this.checks = checks;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "All of a customer's entitlements")
    ListPage<EntitlementDecision> list(@PathVariable String customerId) {
        return new ListPage<>("list", checks.ofCustomer(customerId), false, null);
    }

    @GetMapping("/{featureCode}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "One entitlement decision",
            description = "allowed, limit, used, remaining and resets_at for one feature. A feature no subscription grants is "
                    + "allowed: false (200, not 404); an unknown customer is 404.")
    EntitlementDecision decide(@PathVariable String customerId, @PathVariable String featureCode) {
        return checks.decide(customerId, featureCode);
    }
}
