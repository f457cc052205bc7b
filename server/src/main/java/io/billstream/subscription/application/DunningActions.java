package io.billstream.subscription.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.events.BillingEventLog;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.db.Entitlements;
import io.billstream.subscription.db.Subscriptions;
import io.billstream.subscription.domain.Subscription;
import io.billstream.subscription.domain.SubscriptionStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a payment failure's recovery does to subscriptions, in the payment's transaction. Each
 * subscription is locked and changed like any other change (optimistic version on top of the row
 * lock), so a renewal or an API change that reaches it at the same time waits or is refused, never
 * lost. Every step skips the subscriptions it does not apply to, so a step repeated after a retry
 * changes nothing twice. Like the scheduler's transitions, these system changes write billing
 * events and no audit records (the audit log records changes made through the API).
 */
@Component
public class DunningActions {

    static final String PAST_DUE = "subscription.past_due";
    static final String ENTITLEMENT_RESTRICTED = "entitlement.restricted";
    static final String ENTITLEMENT_RESTORED = "entitlement.restored";

    private final Subscriptions subscriptions;
    private final Entitlements entitlements;
    private final SubscriptionTransitions transitions;
    private final SubscriptionLifecycle lifecycle;
    private final PlanCatalog catalog;
    private final BillingEventLog events;
    private final Clock clock;

    DunningActions(Subscriptions subscriptions, Entitlements entitlements, SubscriptionTransitions transitions,
                   SubscriptionLifecycle lifecycle, PlanCatalog catalog, BillingEventLog events, Clock clock) {
        this.subscriptions = subscriptions;
        this.entitlements = entitlements;
        this.transitions = transitions;
        this.lifecycle = lifecycle;
        this.catalog = catalog;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> markPastDue(List<String> subscriptionIds, Instant at) {
        Instant changed = clock.instant();
        List<String> marked = new ArrayList<>();
        for (Subscription s : lock(subscriptionIds)) {
            if (!s.canBecomePastDue()) {
                continue;
            }
            PlanVersion version = catalog.versionById(s.planVersionId());
            Subscription after = transitions.save(s, s.markPastDue(at, changed));
            events.appendChange(PAST_DUE, SubscriptionTransitions.subjects(after), SubscriptionView.of(s, version),
                    SubscriptionView.of(after, version));
            marked.add(s.id());
        }
        return marked;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> restrictEntitlements(List<String> subscriptionIds, Instant at) {
        Instant changed = clock.instant();
        List<String> restricted = new ArrayList<>();
        for (Subscription s : lock(subscriptionIds)) {
            if (!s.canRestrictEntitlements()) {
                continue;
            }
            Subscription after = transitions.save(s, s.restrictEntitlements(at, changed));
            List<String> features = entitlements.restrict(s.tenantId(), s.id(), true, changed);
            events.append(ENTITLEMENT_RESTRICTED, SubscriptionTransitions.subjects(after),
                    EntitlementRestrictionView.restricted(s.id(), s.customerId(), features, at), null);
            restricted.add(s.id());
        }
        return restricted;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> restore(List<String> subscriptionIds, Instant at) {
        Instant changed = clock.instant();
        List<String> restored = new ArrayList<>();
        for (Subscription s : lock(subscriptionIds)) {
            if (!s.canRecover()) {
                continue;
            }
            PlanVersion version = catalog.versionById(s.planVersionId());
            Subscription after = transitions.save(s, s.recover(changed));
            if (s.pastDueSince() != null) {
                // subscription.updated, as for any other change of its state: previous_attributes shows past_due.
                events.appendChange(SubscriptionLifecycle.UPDATED, SubscriptionTransitions.subjects(after),
                        SubscriptionView.of(s, version), SubscriptionView.of(after, version));
            }
            if (s.entitlementsRestricted()) {
                List<String> features = entitlements.restrict(s.tenantId(), s.id(), false, changed);
                events.append(ENTITLEMENT_RESTORED, SubscriptionTransitions.subjects(after),
                        EntitlementRestrictionView.restored(s.id(), s.customerId(), features, s.entitlementsRestrictedAt(), at), null);
            }
            restored.add(s.id());
        }
        return restored;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> cancelForNonPayment(List<String> subscriptionIds, Instant at) {
        Instant changed = clock.instant();
        List<String> ended = new ArrayList<>();
        for (Subscription s : lock(subscriptionIds)) {
            if (s.status() == SubscriptionStatus.TERMINATED) {
                continue;
            }
            PlanVersion version = catalog.versionById(s.planVersionId());
            // Nothing credited: the unused time was never paid for.
            lifecycle.cancelImmediately(s, version, false, Subscription.ENDED_FOR_NON_PAYMENT, true, effectiveAt(s, at), changed);
            ended.add(s.id());
        }
        return ended;
    }

    /**
     * The instant a cancellation for non-payment takes effect: {@code at}, unless the subscription has
     * moved on past it (a renewal that ran first on the same clock advance); a period is never closed
     * before it began.
     */
    private static Instant effectiveAt(Subscription s, Instant at) {
        Instant periodStart = s.currentPeriodStart();
        return periodStart != null && at.isBefore(periodStart) ? periodStart : at;
    }

    /** The current tenant's subscriptions, locked in ID order (so two callers never wait on each other in a cycle). */
    private List<Subscription> lock(List<String> subscriptionIds) {
        String tenantId = TenantContext.require();
        return subscriptionIds.stream().distinct().sorted()
                .map(id -> subscriptions.find(tenantId, id, true)).flatMap(Optional::stream).toList();
    }
}
