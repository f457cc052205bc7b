package io.billstream.subscription.application;

import java.time.Instant;

import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.catalog.domain.period.BillingCycle;
import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.platform.web.ApiException;
import io.billstream.subscription.db.Cancellations;
import io.billstream.subscription.db.Subscriptions;
import io.billstream.subscription.db.Trials;
import io.billstream.subscription.domain.DueAction;
import io.billstream.subscription.domain.PendingChange;
import io.billstream.subscription.domain.Subscription;
import io.billstream.subscription.domain.SubscriptionStatus;
import io.billstream.subscription.domain.Trial;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The lifecycle transitions, each applied at its own effective instant inside the caller's
 * transaction, with its billing effects and its billing event. Used by the API (a subscription
 * that starts now) and by the scheduler (everything that falls due).
 */
@Component
class SubscriptionTransitions {

    static final String CREATED = "subscription.created";
    static final String TRIAL_STARTED = "subscription.trial_started";
    static final String TRIAL_WILL_END = "subscription.trial_will_end";
    static final String ACTIVATED = "subscription.activated";
    static final String RENEWED = "subscription.renewed";
    static final String PLAN_CHANGED = "subscription.plan_changed";
    static final String CANCELED = "subscription.canceled";
    static final String TERMINATED = "subscription.terminated";
    static final String TRIAL_CONVERTED = "trial.converted";
    static final String TRIAL_EXPIRED = "trial.expired";

    private final Subscriptions subscriptions;
    private final Trials trials;
    private final Cancellations cancellations;
    private final PlanCatalog catalog;
    private final CustomerDirectory customers;
    private final SubscriptionBilling billing;
    private final BillingEventLog events;

    SubscriptionTransitions(Subscriptions subscriptions, Trials trials, Cancellations cancellations, PlanCatalog catalog,
                            CustomerDirectory customers, SubscriptionBilling billing, BillingEventLog events) {
        this.subscriptions = subscriptions;
        this.trials = trials;
        this.cancellations = cancellations;
        this.catalog = catalog;
        this.customers = customers;
        this.billing = billing;
        this.events = events;
    }

    /** Applies the due action of a subscription locked by the caller. */
    @Transactional(propagation = Propagation.MANDATORY)
    Subscription apply(Subscription s, DueAction action, Instant now) {
        PlanVersion version = catalog.versionById(s.planVersionId());
        return switch (action.kind()) {
            case START -> begin(s, version, action.at(), now);
            case TRIAL_WILL_END -> trialWillEnd(s, version, now);
            case TRIAL_END -> endTrial(s, version, action.at(), now);
            case PERIOD_END -> endPeriod(s, version, action.at(), now);
        };
    }

    /** A pending subscription starts: into its trial, or straight into its first paid period. */
    @Transactional(propagation = Propagation.MANDATORY)
    Subscription begin(Subscription s, PlanVersion version, Instant at, Instant now) {
        if (!s.hasTrial()) {
            return activate(s, version, at, now);
        }
        Subscription trialing = save(s, s.startTrial(now));
        billing.grantEntitlements(trialing, version, new BillingPeriod(s.startAt(), s.trialEnd()), now);
        events.append(TRIAL_STARTED, subjects(trialing), SubscriptionView.of(trialing, version), null);
        return trialing;
    }

    private Subscription activate(Subscription s, PlanVersion version, Instant cycleStart, Instant now) {
        BillingCycle cycle = SubscriptionBilling.cycle(s, version.terms(), cycleStart);
        BillingPeriod first = cycle.first();
        Subscription active = save(s, s.activate(cycleStart, first, now));
        billing.openPeriod(active, version, first, cycle.fullPeriodOf(first), "activation", true, now);
        billing.addOneTimeItems(active, version, first.start(), now);
        billing.grantEntitlements(active, version, first, now);
        events.appendChange(ACTIVATED, subjects(active), SubscriptionView.of(s, version), SubscriptionView.of(active, version));
        return active;
    }

    private Subscription trialWillEnd(Subscription s, PlanVersion version, Instant now) {
        Subscription noticed = save(s, s.trialWillEndSent(now));
        events.append(TRIAL_WILL_END, subjects(noticed), SubscriptionView.of(noticed, version), null);
        return noticed;
    }

    private Subscription endTrial(Subscription s, PlanVersion version, Instant at, Instant now) {
        Trial trial = trials.find(s.tenantId(), s.trialId()).orElseThrow();
        if (s.cancellationId() != null) {
            trials.update(trial.end(Trial.Status.CANCELED, at));
            takeEffect(s.tenantId(), s.cancellationId());
            return terminate(s, version, at, "canceled", now);
        }
        boolean expire = trial.onMissingPaymentMethod() == Trial.MissingPaymentMethod.EXPIRE
                && !customers.hasDefaultPaymentMethod(s.customerId());
        if (expire) {
            Trial expired = trial.end(Trial.Status.EXPIRED, at);
            trials.update(expired);
            events.append(TRIAL_EXPIRED, subjects(s), TrialView.of(expired), null);
            return terminate(s, version, at, "trial_expired", now);
        }
        Trial converted = trial.end(Trial.Status.CONVERTED, at);
        trials.update(converted);
        events.append(TRIAL_CONVERTED, subjects(s), TrialView.of(converted), null);
        return activate(s, version, at, now);
    }

    /**
     * A period closes: the subscription ends if a cancellation was scheduled for now; otherwise a
     * scheduled plan change takes effect and the next period opens. The closed billing period is
     * what invoicing bills.
     */
    private Subscription endPeriod(Subscription s, PlanVersion version, Instant at, Instant now) {
        if (s.status() == SubscriptionStatus.CANCELED) {
            billing.closePeriod(s, at, "termination", now);
            takeEffect(s.tenantId(), s.cancellationId());
            return terminate(s, version, at, "canceled", now);
        }
        billing.closePeriod(s, at, "renewal", now);
        BillingPeriod current = s.currentPeriod();
        PendingChange change = s.pendingChange();
        Subscription renewed;
        PlanVersion nextVersion = version;
        BillingCycle cycle;
        if (change != null) {
            nextVersion = catalog.versionById(change.planVersionId());
            boolean newInterval = !nextVersion.terms().interval().equals(version.terms().interval());
            Instant cycleStart = newInterval ? at : s.cycleStart();
            cycle = SubscriptionBilling.cycle(s, nextVersion.terms(), cycleStart);
            BillingPeriod next = newInterval ? cycle.first() : cycle.following(current);
            renewed = save(s, s.switchPlan(nextVersion.planId(), nextVersion.id(), change.quantities(), cycleStart, next, now));
            events.appendChange(PLAN_CHANGED, subjects(renewed), SubscriptionView.of(s, version),
                    SubscriptionView.of(renewed, nextVersion));
        } else {
            cycle = SubscriptionBilling.cycle(s, version.terms(), s.cycleStart());
            renewed = save(s, s.renew(cycle.following(current), now));
        }
        BillingPeriod next = renewed.currentPeriod();
        billing.openPeriod(renewed, nextVersion, next, cycle.fullPeriodOf(next), "renewal", true, now);
        billing.grantEntitlements(renewed, nextVersion, next, now);
        events.appendChange(RENEWED, subjects(renewed), SubscriptionView.of(s, version), SubscriptionView.of(renewed, nextVersion));
        return renewed;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Subscription terminate(Subscription s, PlanVersion version, Instant at, String reason, Instant now) {
        Subscription ended = save(s, s.terminate(at, reason, now));
        billing.revokeEntitlements(ended);
        events.appendChange(TERMINATED, subjects(ended), SubscriptionView.of(s, version), SubscriptionView.of(ended, version));
        return ended;
    }

    private void takeEffect(String tenantId, String cancellationId) {
        cancellations.find(tenantId, cancellationId, true).ifPresent(c -> cancellations.update(c.takeEffect()));
    }

    /** Writes {@code changed}, which must have been derived from the row as read. */
    @Transactional(propagation = Propagation.MANDATORY)
    Subscription save(Subscription before, Subscription changed) {
        if (!subscriptions.update(changed)) {
            throw ApiException.conflict("concurrent_update", null, "Subscription " + before.id() + " changed concurrently; retry");
        }
        return changed;
    }

    static EventSubjects subjects(Subscription s) {
        return EventSubjects.subscription(s.customerId(), s.id());
    }
}
