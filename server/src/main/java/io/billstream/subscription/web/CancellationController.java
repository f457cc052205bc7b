package io.billstream.subscription.web;

import io.billstream.platform.auth.Scopes;
import io.billstream.subscription.application.CancellationView;
import io.billstream.subscription.application.SubscriptionLifecycle;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/cancellations")
@Tag(name = "Cancellations", description = "Records of subscription cancellations.")
class CancellationController {

    private final SubscriptionLifecycle lifecycle;

    CancellationController(SubscriptionLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a cancellation")
    CancellationView get(@PathVariable String id) {
        return lifecycle.cancellation(id);
    }

    @PostMapping("/{id}/revoke")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Revoke a cancellation", description = "Only a cancellation scheduled for the period end, before that end.")
    CancellationView revoke(@PathVariable String id) {
        return lifecycle.revoke(id);
    }
}
