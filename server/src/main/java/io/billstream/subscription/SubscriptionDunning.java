package io.billstream.subscription;

import java.time.Instant;
import java.util.List;

import io.billstream.subscription.application.DunningActions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a payment failure's recovery does to subscriptions; every method runs in the caller's
 * transaction, locks each subscription of the current tenant it names (in ID order), skips those it
 * does not apply to (unknown IDs included) and may be repeated: a second call changes nothing.
 * {@code at} is the billing time of the step (the customer's test clock, if any).
 */
@Service
public class SubscriptionDunning {

    private final DunningActions actions;

    SubscriptionDunning(DunningActions actions) {
        this.actions = actions;
    }

    /**
     * Active subscriptions become {@code past_due} ({@code subscription.past_due}); returns those changed.
     * One canceled for its period end stays {@code canceled} but is marked past due too (and returned).
     * Trialing, pending, terminated and already past-due subscriptions are left as they are.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> markPastDue(List<String> subscriptionIds, Instant at) {
        return actions.markPastDue(subscriptionIds, at);
    }

    /**
     * The subscriptions' entitlements stop granting ({@code entitlement.restricted}); returns those changed.
     * The restriction stays through renewals and plan changes until {@link #restore}. Terminated and
     * already restricted subscriptions are left as they are.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> restrictEntitlements(List<String> subscriptionIds, Instant at) {
        return actions.restrictEntitlements(subscriptionIds, at);
    }

    /**
     * Undoes both: {@code past_due} back to {@code active} ({@code subscription.updated}), entitlements
     * granting again ({@code entitlement.restored}). A no-op for subscriptions neither past due nor
     * restricted, and for terminated ones.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void restore(List<String> subscriptionIds, Instant at) {
        actions.restore(subscriptionIds, at);
    }

    /**
     * Ends the subscriptions now for non-payment ({@code ended_reason: "nonpayment"}), without crediting
     * unused time, with the events of an immediate cancellation; returns those ended. A cancellation
     * scheduled for the period end is overtaken. Terminated subscriptions are skipped.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> cancelForNonPayment(List<String> subscriptionIds, Instant at) {
        return actions.cancelForNonPayment(subscriptionIds, at);
    }
}
