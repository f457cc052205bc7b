package io.billstream.subscription.web;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.subscription.application.CancellationView;
import io.billstream.subscription.application.EntitlementChecks;
import io.billstream.subscription.application.EntitlementDecision;
import io.billstream.subscription.application.PendingItemView;
import io.billstream.subscription.application.RenewalView;
import io.billstream.subscription.application.SubscriptionLifecycle;
import io.billstream.subscription.application.SubscriptionRequests;
import io.billstream.subscription.application.SubscriptionView;
import io.billstream.subscription.db.BillingLedger;
import io.billstream.subscription.domain.SubscriptionStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/v1/subscriptions")
@Tag(name = "Subscriptions", description = "A customer's subscription to a plan. Addressed by ID or the caller's external_id.")
class SubscriptionController {

    private final SubscriptionLifecycle lifecycle;
    private final EntitlementChecks entitlements;

    SubscriptionController(SubscriptionLifecycle lifecycle, EntitlementChecks entitlements) {
        this.lifecycle = lifecycle;
        this.entitlements = entitlements;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Create a subscription",
            description = "customer_id (ID or external_id), plan_code, optional external_id, start_at (now when absent; future "
                    + "starts stay pending), billing_anchor anniversary (default) or calendar, trial_days (overrides the plan's), "
                    + "on_missing_payment_method convert (default) or expire, items [{code, quantity}] for recurring items, metadata.")
    ResponseEntity<SubscriptionView> create(@RequestBody SubscriptionRequests.CreateSubscription request, UriComponentsBuilder uri) {
        SubscriptionView created = lifecycle.subscribe(request, false);
        return ResponseEntity.created(uri.path("/v1/subscriptions/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List subscriptions", description = "Newest first; filter by customer_id (ID or external_id), status, plan_code, external_id.")
    ListPage<SubscriptionView> list(@RequestParam(name = "customer_id", required = false) String customerId,
                                    @RequestParam(required = false) String status,
                                    @RequestParam(name = "plan_code", required = false) String planCode,
                                    @RequestParam(name = "external_id", required = false) String externalId,
                                    @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        SubscriptionStatus parsed = status == null ? null : SubscriptionStatus.parse(status, "status");
        return lifecycle.list(customerId, parsed, planCode, externalId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a subscription")
    SubscriptionView get(@PathVariable String id) {
        return lifecycle.get(id);
    }

    @PostMapping("/{id}/change-plan")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Change plan or item quantities",
            description = "plan_code (default: the current plan, which moves the subscription to the plan's current version), "
                    + "timing immediately (default) or period_end, proration_behavior create_prorations (default) or none, "
                    + "items [{code, quantity}].")
    SubscriptionView changePlan(@PathVariable String id, @RequestBody SubscriptionRequests.ChangePlan request) {
        return lifecycle.changePlan(id, request);
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Cancel a subscription",
            description = "timing period_end (default; revocable until then) or immediately; proration_behavior "
                    + "create_prorations (default: credit the unused part of fees billed in advance) or none; reason. "
                    + "Returns the cancellation.")
    CancellationView cancel(@PathVariable String id, @RequestBody(required = false) SubscriptionRequests.Cancel request) {
        return lifecycle.cancel(id, request == null ? new SubscriptionRequests.Cancel(null, null, null) : request);
    }

    @GetMapping("/{id}/renewal")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The next renewal", description = "When it happens, whether it will, and the fixed amounts it will bill.")
    RenewalView renewal(@PathVariable String id) {
        return lifecycle.renewal(id);
    }

    @GetMapping("/{id}/billing-periods")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The subscription's billing periods",
            description = "Each stretch on one plan version, oldest first: open while it runs, closed (with the reason) when it "
                    + "ends. Invoicing bills closed periods.")
    ListPage<BillingLedger.PeriodRecord> billingPeriods(@PathVariable String id) {
        return new ListPage<>("list", lifecycle.billingPeriods(id), false, null);
    }

    @GetMapping("/{id}/pending-items")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Prorations and one-time items for the next invoice",
            description = "amount_minor is rounded once, half-up, to the currency's minor unit; negative amounts are credits.")
    ListPage<PendingItemView> pendingItems(@PathVariable String id) {
        return new ListPage<>("list", lifecycle.pendingItems(id), false, null);
    }

    @GetMapping("/{id}/entitlements")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The features and limits this subscription grants now")
    ListPage<EntitlementDecision> entitlements(@PathVariable String id) {
        return new ListPage<>("list", entitlements.ofSubscription(id), false, null);
    }
}
