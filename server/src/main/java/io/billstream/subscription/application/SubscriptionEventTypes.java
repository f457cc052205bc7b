package io.billstream.subscription.application;

import java.util.List;

import io.billstream.events.BillingEventType;
import io.billstream.events.BillingEventTypeRegistration;
import org.springframework.stereotype.Component;

/** The billing events this module writes, for the event catalog (GET /v1/billing-event-types). */
@Component
class SubscriptionEventTypes implements BillingEventTypeRegistration {

    @Override
    public List<BillingEventType> billingEventTypes() {
        return List.of(
                new BillingEventType("subscription.created", "A subscription or trial was created.", SubscriptionView.class),
                new BillingEventType("subscription.trial_started", "A subscription entered its trial.", SubscriptionView.class),
                new BillingEventType("subscription.trial_will_end", "A trial ends in 3 days.", SubscriptionView.class),
                new BillingEventType("subscription.activated", "The first paid period started.", SubscriptionView.class),
                new BillingEventType("subscription.renewed", "A period ended and the next began.", SubscriptionView.class),
                new BillingEventType("subscription.plan_changed", "The plan or plan version changed, now or at a period end.",
                        SubscriptionView.class),
                new BillingEventType("subscription.plan_change_scheduled", "A plan change was scheduled for the period end.",
                        SubscriptionView.class),
                new BillingEventType("subscription.updated", "Item quantities changed, or a past-due subscription recovered.",
                        SubscriptionView.class),
                new BillingEventType("subscription.past_due", "A payment for the subscription's invoice failed.", SubscriptionView.class),
                new BillingEventType("subscription.canceled", "A cancellation was requested (scheduled, or immediate).",
                        SubscriptionView.class),
                new BillingEventType("subscription.cancellation_revoked", "A scheduled cancellation was revoked.", SubscriptionView.class),
                new BillingEventType("subscription.terminated", "A subscription ended.", SubscriptionView.class),
                new BillingEventType("trial.converted", "A trial ended and its subscription became active.", TrialView.class),
                new BillingEventType("trial.expired", "A trial ended without a payment method and its subscription terminated.",
                        TrialView.class),
                new BillingEventType("entitlement.restricted", "Dunning restricted a subscription's entitlements.",
                        EntitlementRestrictionView.class),
                new BillingEventType("entitlement.restored", "The invoice was paid and the entitlements grant again.",
                        EntitlementRestrictionView.class));
    }
}
