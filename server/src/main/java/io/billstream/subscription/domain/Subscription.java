package io.billstream.subscription.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.billstream.catalog.domain.period.BillingAnchor;
import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.platform.domain.StateConflictException;

/**
 * A customer's subscription to one plan version. Every change returns a new value (the version
 * increments); the guards refuse transitions its status does not allow.
 *
 * <p>Two dunning marks ride along with the status: {@code pastDueSince}, set while a payment for the
 * subscription is being recovered (the status is then {@code past_due}, or stays {@code canceled} for
 * one already canceled for its period end), and {@code entitlementsRestrictedAt}, set while its
 * entitlements grant nothing. Every other change keeps both.
 */
public record Subscription(String id, String tenantId, String customerId, String externalId, String planId, String planVersionId,
                           SubscriptionStatus status, BillingAnchor anchor, String currency, String timezone, Instant startAt,
                           String trialId, Instant trialEnd, boolean trialWillEndSent, Instant cycleStart,
                           Instant currentPeriodStart, Instant currentPeriodEnd, Map<String, Long> quantities,
                           PendingChange pendingChange, String cancellationId, Instant activatedAt, Instant canceledAt,
                           Instant endedAt, String endedReason, Instant pastDueSince, Instant entitlementsRestrictedAt,
                           String testClockId, Map<String, String> metadata, Instant createdAt, Instant updatedAt, long version) {

    /** The {@code ended_reason} of a subscription canceled because its payment failed for good. */
    public static final String ENDED_FOR_NON_PAYMENT = "nonpayment";

    /** {@code subscription.trial_will_end} fires this long before the trial ends. */
    public static final Duration TRIAL_WILL_END_NOTICE = Duration.ofDays(3);

    public Subscription {
        quantities = Map.copyOf(quantities);
        metadata = io.billstream.platform.domain.Metadata.valid(metadata);
    }

    public Optional<DueAction> nextAction() {
        return switch (status) {
            case PENDING -> Optional.of(new DueAction(DueAction.Kind.START, startAt));
            case TRIALING -> {
                if (!trialWillEndSent) {
                    Instant notice = trialEnd.minus(TRIAL_WILL_END_NOTICE);
                    yield Optional.of(new DueAction(DueAction.Kind.TRIAL_WILL_END, notice.isBefore(startAt) ? startAt : notice));
                }
                yield Optional.of(new DueAction(DueAction.Kind.TRIAL_END, trialEnd));
            }
            case ACTIVE, PAST_DUE, CANCELED -> Optional.of(new DueAction(DueAction.Kind.PERIOD_END, currentPeriodEnd));
            case TERMINATED -> Optional.empty();
        };
    }

    public Instant nextActionAt() {
        return nextAction().map(DueAction::at).orElse(null);
    }

    public boolean hasTrial() {
        return trialEnd != null;
    }

    public BillingPeriod currentPeriod() {
        return currentPeriodStart == null ? null : new BillingPeriod(currentPeriodStart, currentPeriodEnd);
    }

    public Subscription startTrial(Instant now) {
        require(SubscriptionStatus.PENDING, "start");
        return with(SubscriptionStatus.TRIALING, now).build();
    }

    public Subscription trialWillEndSent(Instant now) {
        require(SubscriptionStatus.TRIALING, "announce the trial end of");
        return new Builder(this, now).trialWillEndSent(true).build();
    }

    /** The first paid period begins (at the start, or when the trial converts). */
    public Subscription activate(Instant cycleStart, BillingPeriod firstPeriod, Instant now) {
        if (status != SubscriptionStatus.PENDING && status != SubscriptionStatus.TRIALING) {
            throw conflict("activate");
        }
        return with(SubscriptionStatus.ACTIVE, now).cycleStart(cycleStart).period(firstPeriod).activatedAt(firstPeriod.start()).build();
    }

    public Subscription renew(BillingPeriod next, Instant now) {
        if (!status.inPaidPeriod() || status == SubscriptionStatus.CANCELED) {
            throw conflict("renew");
        }
        return new Builder(this, now).period(next).build();
    }

    /** Moves to another plan version now; a new cycle when the interval changed. */
    public Subscription switchPlan(String newPlanId, String newVersionId, Map<String, Long> newQuantities, Instant newCycleStart,
                                   BillingPeriod period, Instant now) {
        if (status == SubscriptionStatus.TERMINATED || status == SubscriptionStatus.CANCELED) {
            throw conflict("change the plan of");
        }
        return new Builder(this, now).plan(newPlanId, newVersionId).quantities(newQuantities).cycleStart(newCycleStart)
                .period(period).pendingChange(null).build();
    }

    public Subscription schedulePlanChange(PendingChange change, Instant now) {
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.PAST_DUE) {
            throw new StateConflictException("subscription_not_active",
                    "A change at period end needs an active subscription; " + id + " is " + status.apiName());
        }
        return new Builder(this, now).pendingChange(change).build();
    }

    public Subscription scheduleCancellation(String newCancellationId, Instant now) {
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.PAST_DUE && status != SubscriptionStatus.TRIALING) {
            throw conflict("cancel");
        }
        // A trial canceled for its end simply will not convert; it stays trialing until then.
        SubscriptionStatus next = status == SubscriptionStatus.TRIALING ? status : SubscriptionStatus.CANCELED;
        return with(next, now).cancellation(newCancellationId).canceledAt(now).build();
    }

    public Subscription revokeCancellation(Instant now) {
        if (cancellationId == null || status == SubscriptionStatus.TERMINATED) {
            throw new StateConflictException("cancellation_not_revocable", "Subscription " + id + " has no scheduled cancellation");
        }
        // A subscription still being dunned goes back to past_due, not to active.
        SubscriptionStatus running = pastDueSince != null ? SubscriptionStatus.PAST_DUE : SubscriptionStatus.ACTIVE;
        SubscriptionStatus back = status == SubscriptionStatus.CANCELED ? running : status;
        return with(back, now).cancellation(null).canceledAt(null).build();
    }

    /** Canceled with immediate effect: ends now, recording the cancellation. */
    public Subscription cancelNow(String newCancellationId, Instant at, Instant now) {
        if (status == SubscriptionStatus.TERMINATED || status == SubscriptionStatus.CANCELED) {
            throw conflict("cancel");
        }
        return endedBy(newCancellationId, at, "canceled", now);
    }

    /**
     * Ended now because its payment could not be recovered. Unlike {@link #cancelNow}, this also
     * overtakes a cancellation scheduled for the period end: the customer has not paid for that period.
     */
    public Subscription cancelForNonPayment(String newCancellationId, Instant at, Instant now) {
        if (status == SubscriptionStatus.TERMINATED) {
            throw conflict("cancel");
        }
        return endedBy(newCancellationId, at, ENDED_FOR_NON_PAYMENT, now);
    }

    private Subscription endedBy(String newCancellationId, Instant at, String reason, Instant now) {
        return with(SubscriptionStatus.TERMINATED, now).cancellation(newCancellationId).canceledAt(at).ended(at, reason)
                .pendingChange(null).build();
    }

    /** Whether {@link #markPastDue} applies: a running paid period not yet marked. */
    public boolean canBecomePastDue() {
        return pastDueSince == null && (status == SubscriptionStatus.ACTIVE || status == SubscriptionStatus.CANCELED);
    }

    /**
     * A payment for the subscription failed: {@code active} becomes {@code past_due}. One canceled for
     * its period end stays {@code canceled} (it still ends then) but carries the mark, so restricting
     * and restoring its entitlements, and revoking its cancellation, treat it as past due.
     */
    public Subscription markPastDue(Instant at, Instant now) {
        if (!canBecomePastDue()) {
            throw conflict("mark past due");
        }
        SubscriptionStatus next = status == SubscriptionStatus.ACTIVE ? SubscriptionStatus.PAST_DUE : status;
        return with(next, now).pastDueSince(at).build();
    }

    public boolean entitlementsRestricted() {
        return entitlementsRestrictedAt != null;
    }

    /** Whether {@link #restrictEntitlements} applies: not ended and not restricted yet. */
    public boolean canRestrictEntitlements() {
        return status != SubscriptionStatus.TERMINATED && entitlementsRestrictedAt == null;
    }

    /** Its entitlements stop granting, now and in every grant written while the mark stays (renewals, plan changes). */
    public Subscription restrictEntitlements(Instant at, Instant now) {
        if (!canRestrictEntitlements()) {
            throw conflict("restrict the entitlements of");
        }
        return new Builder(this, now).entitlementsRestrictedAt(at).build();
    }

    /** Whether {@link #recover} applies: not ended, and past due or restricted. */
    public boolean canRecover() {
        return status != SubscriptionStatus.TERMINATED && (pastDueSince != null || entitlementsRestrictedAt != null);
    }

    /** The payment was recovered: both marks go, and {@code past_due} is {@code active} again. */
    public Subscription recover(Instant now) {
        if (!canRecover()) {
            throw conflict("recover");
        }
        SubscriptionStatus next = status == SubscriptionStatus.PAST_DUE ? SubscriptionStatus.ACTIVE : status;
        return with(next, now).pastDueSince(null).entitlementsRestrictedAt(null).build();
    }

    public Subscription terminate(Instant at, String reason, Instant now) {
        if (status == SubscriptionStatus.TERMINATED) {
            throw conflict("terminate");
        }
        return with(SubscriptionStatus.TERMINATED, now).ended(at, reason).pendingChange(null).build();
    }

    public Subscription withQuantities(Map<String, Long> newQuantities, Instant now) {
        if (status == SubscriptionStatus.TERMINATED) {
            throw conflict("change");
        }
        return new Builder(this, now).quantities(newQuantities).build();
    }

    private void require(SubscriptionStatus expected, String action) {
        if (status != expected) {
            throw conflict(action);
        }
    }

    private StateConflictException conflict(String action) {
        return new StateConflictException("subscription_" + status.apiName(), "Cannot " + action + " subscription " + id
                + " while it is " + status.apiName());
    }

    private Builder with(SubscriptionStatus newStatus, Instant now) {
        return new Builder(this, now).status(newStatus);
    }

    /** Copies a subscription with changes; every copy gets the next version. */
    private static final class Builder {
        private final Subscription s;
        private final Instant now;
        private String planId;
        private String planVersionId;
        private SubscriptionStatus status;
        private boolean trialWillEndSent;
        private Instant cycleStart;
        private Instant periodStart;
        private Instant periodEnd;
        private Map<String, Long> quantities;
        private PendingChange pendingChange;
        private String cancellationId;
        private Instant activatedAt;
        private Instant canceledAt;
        private Instant endedAt;
        private String endedReason;
        private Instant pastDueSince;
        private Instant entitlementsRestrictedAt;

        Builder(Subscription s, Instant now) {
            this.s = s;
            this.now = now;
            planId = s.planId;
            planVersionId = s.planVersionId;
            status = s.status;
            trialWillEndSent = s.trialWillEndSent;
            cycleStart = s.cycleStart;
            periodStart = s.currentPeriodStart;
            periodEnd = s.currentPeriodEnd;
            quantities = s.quantities;
            pendingChange = s.pendingChange;
            cancellationId = s.cancellationId;
            activatedAt = s.activatedAt;
            canceledAt = s.canceledAt;
            endedAt = s.endedAt;
            endedReason = s.endedReason;
            pastDueSince = s.pastDueSince;
            entitlementsRestrictedAt = s.entitlementsRestrictedAt;
        }

        Builder status(SubscriptionStatus value) {
            status = value;
            return this;
        }

        Builder trialWillEndSent(boolean value) {
            trialWillEndSent = value;
            return this;
        }

        Builder cycleStart(Instant value) {
            cycleStart = value;
            return this;
        }

        Builder period(BillingPeriod value) {
            periodStart = value == null ? null : value.start();
            periodEnd = value == null ? null : value.endExclusive();
            return this;
        }

        Builder plan(String newPlanId, String newVersionId) {
            planId = newPlanId;
            planVersionId = newVersionId;
            return this;
        }

        Builder quantities(Map<String, Long> value) {
            quantities = value;
            return this;
        }

        Builder pendingChange(PendingChange value) {
            pendingChange = value;
            return this;
        }

        Builder cancellation(String value) {
            cancellationId = value;
            return this;
        }

        Builder activatedAt(Instant value) {
            activatedAt = value;
            return this;
        }

        Builder canceledAt(Instant value) {
            canceledAt = value;
            return this;
        }

        Builder ended(Instant at, String reason) {
            endedAt = at;
            endedReason = reason;
            return this;
        }

        Builder pastDueSince(Instant value) {
            pastDueSince = value;
            return this;
        }

        Builder entitlementsRestrictedAt(Instant value) {
            entitlementsRestrictedAt = value;
            return this;
        }

        Subscription build() {
            return new Subscription(s.id, s.tenantId, s.customerId, s.externalId, planId, planVersionId, status, s.anchor, s.currency,
                    s.timezone, s.startAt, s.trialId, s.trialEnd, trialWillEndSent, cycleStart, periodStart, periodEnd, quantities,
                    pendingChange, cancellationId, activatedAt, canceledAt, endedAt, endedReason, pastDueSince,
                    entitlementsRestrictedAt, s.testClockId, s.metadata, s.createdAt, now, s.version + 1);
        }
    }
}
