package io.billstream.subscription.web;

import io.billstream.platform.auth.Scopes;
import io.billstream.subscription.application.SubscriptionLifecycle;
import io.billstream.subscription.application.SubscriptionRequests;
import io.billstream.subscription.application.SubscriptionView;
import io.billstream.subscription.application.TrialView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/v1/trials")
@Tag(name = "Trials", description = "Free trials without a payment method: converted at the end if the customer has one by then, expired otherwise.")
class TrialController {

    private final SubscriptionLifecycle lifecycle;

    TrialController(SubscriptionLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Start a trial",
            description = "Same fields as creating a subscription; trial_days defaults to the plan's and must be positive; "
                    + "on_missing_payment_method defaults to expire. Returns the trial; its subscription is trialing.")
    ResponseEntity<TrialView> create(@RequestBody SubscriptionRequests.CreateSubscription request, UriComponentsBuilder uri) {
        SubscriptionView subscription = lifecycle.subscribe(request, true);
        TrialView trial = lifecycle.trial(subscription.trialId());
        return ResponseEntity.created(uri.path("/v1/trials/{id}").buildAndExpand(trial.id()).toUri()).body(trial);
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a trial")
    TrialView get(@PathVariable String id) {
        return lifecycle.trial(id);
    }
}
