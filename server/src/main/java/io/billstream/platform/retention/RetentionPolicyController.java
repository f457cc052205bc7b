package io.billstream.platform.retention;

import io.billstream.platform.auth.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/retention-policy")
@Tag(name = "Retention policy", description = "How long usage events, billing events and webhook delivery logs are kept")
class RetentionPolicyController {

    /** The body of a PUT: every period, null (or left out) for ever. */
    record RetentionPeriods(Integer usageEventsDays, Integer billingEventsDays, Integer webhookDeliveriesDays) {
    }

    private final RetentionPolicies policies;

    RetentionPolicyController(RetentionPolicies policies) {
        this.policies = policies;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Retrieve the retention policy", description = "Null periods keep records for ever (the default).")
    RetentionPolicy get() {
        return policies.current();
    }

    @PutMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Replace the retention policy",
            description = "Periods in days (1 to 36500), null or left out to keep for ever. The scheduler purges older records "
                    + "in batches, starting at once, except records still needed: usage not yet billed on an issued invoice, "
                    + "billing events not yet fanned out to every webhook endpoint or with a delivery pending, and pending deliveries.")
    RetentionPolicy replace(@RequestBody RetentionPeriods periods) {
        return policies.replace(new RetentionPolicy(null, periods.usageEventsDays(), periods.billingEventsDays(),
                periods.webhookDeliveriesDays(), null, null));
    }
}
