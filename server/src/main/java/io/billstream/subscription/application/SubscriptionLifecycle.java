package io.billstream.subscription.application;

import io.billstream.platform.money.Decimals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.catalog.domain.RecurringItem;
import io.billstream.catalog.domain.period.BillingAnchor;
import io.billstream.catalog.domain.period.BillingCycle;
import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.customer.BillingAccount;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.subscription.application.SubscriptionRequests.ItemQuantity;
import io.billstream.subscription.db.BillingLedger;
import io.billstream.subscription.db.Cancellations;
import io.billstream.subscription.db.Subscriptions;
import io.billstream.subscription.db.Trials;
import io.billstream.subscription.domain.Cancellation;
import io.billstream.subscription.domain.PendingChange;
import io.billstream.subscription.domain.Subscription;
import io.billstream.subscription.domain.SubscriptionStatus;
import io.billstream.subscription.domain.Trial;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscribing customers to plans and changing or ending their subscriptions. Each command is one
 * transaction; time comes from the customer's clock (real or test), never from {@code now()}.
 */
@Service
public class SubscriptionLifecycle {

    static final String PLAN_CHANGE_SCHEDULED = "subscription.plan_change_scheduled";
    static final String UPDATED = "subscription.updated";
    static final String CANCELLATION_REVOKED = "subscription.cancellation_revoked";
    /** A start this far in the past is a clock difference, not a backdating request. */
    private static final Duration START_TOLERANCE = Duration.ofMinutes(5);

    private final Subscriptions subscriptions;
    private final Trials trials;
    private final Cancellations cancellations;
    private final PlanCatalog catalog;
    private final CustomerDirectory customers;
    private final SubscriptionTransitions transitions;
    private final SubscriptionBilling billing;
    private final BillingEventLog events;
    private final BillingLedger ledger;
    private final AuditLog audit;
    private final BillingTime time;
    private final Clock clock;

    SubscriptionLifecycle(Subscriptions subscriptions, Trials trials, Cancellations cancellations, PlanCatalog catalog,
                          CustomerDirectory customers, SubscriptionTransitions transitions, SubscriptionBilling billing,
                          BillingEventLog events, BillingLedger ledger, AuditLog audit, BillingTime time, Clock clock) {
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.trials = trials;
        this.cancellations = cancellations;
        this.catalog = catalog;
        this.customers = customers;
        this.transitions = transitions;
        this.billing = billing;
        this.events = events;
        this.audit = audit;
        this.time = time;
        this.clock = clock;
    }

    /** @param asTrial through {@code POST /v1/trials}: a trial is required and, by default, expires without a payment method */
    @Transactional
    public SubscriptionView subscribe(SubscriptionRequests.CreateSubscription request, boolean asTrial) {
        String tenantId = TenantContext.require();
        if (request.customerId() == null || request.customerId().isBlank()) {
            throw ApiException.invalid("customer_id", "customer_id is required (the customer's ID or external_id)");
        }
        BillingAccount account = customers.find(request.customerId())
                .orElseThrow(() -> ApiException.invalid("customer_id", "No customer '" + request.customerId() + "' in this tenant"));
        if (account.archived()) {
            throw ApiException.conflict("customer_archived", "customer_id", "Customer " + account.id() + " is archived");
        }
        if (request.planCode() == null || request.planCode().isBlank()) {
            throw ApiException.invalid("plan_code", "plan_code is required");
        }
        String externalId = checkExternalId(tenantId, request.externalId());
        BillingAnchor anchor = request.billingAnchor() == null ? BillingAnchor.ANNIVERSARY
                : BillingAnchor.fromCode(request.billingAnchor(), "billing_anchor");
        Instant now = time.nowForChange(account.testClockId());
        PlanVersion version = catalog.subscribe(request.planCode(), "plan_code");
        String currency = version.terms().currency().getCurrencyCode();
        checkCurrency(tenantId, account, currency);
        Map<String, Long> quantities = quantities(version.terms(), request.items(), Map.of());
        Instant startAt = start(request.startAt(), now);
        int trialDays = request.trialDays() != null ? request.trialDays() : version.terms().trialDays();
        if (trialDays < 0 || trialDays > 730) {
            throw ApiException.invalid("trial_days", "trial_days must be between 0 and 730");
        }
        if (asTrial && trialDays == 0) {
            throw ApiException.invalid("trial_days", "A trial needs trial_days: plan '" + version.planCode() + "' has no trial");
        }
        Trial.MissingPaymentMethod onMissing = onMissingPaymentMethod(request.onMissingPaymentMethod(), asTrial);
        ZoneId zone = ZoneId.of(account.timezone());
        Instant trialEnd = trialDays == 0 ? null : startAt.atZone(zone).plusDays(trialDays).toInstant();
        Instant created = clock.instant();
        String trialId = trialDays == 0 ? null : Ids.next("trl");
        Subscription subscription = new Subscription(Ids.next("sub"), tenantId, account.id(), externalId, version.planId(),
                version.id(), SubscriptionStatus.PENDING, anchor, currency, account.timezone(), startAt, trialId, trialEnd, false,
                null, null, null, quantities, null, null, null, null, null, null, null, null, account.testClockId(),
                request.metadata(), created, created, 1);
        try {
            subscriptions.insert(subscription);
        } catch (DuplicateKeyException raced) {
            throw externalIdTaken(externalId);
        }
        if (trialId != null) {
            trials.insert(new Trial(trialId, tenantId, subscription.id(), account.id(), Trial.Status.ACTIVE, startAt, trialEnd,
                    onMissing, null, created));
        }
        events.append(SubscriptionTransitions.CREATED, SubscriptionTransitions.subjects(subscription),
                SubscriptionView.of(subscription, version), null);
        if (!startAt.isAfter(now)) {
            subscription = transitions.begin(subscription, version, startAt, created);
        }
        SubscriptionView view = SubscriptionView.of(subscription, version);
        audit.record("subscription.create", "subscription", subscription.id(), null, view);
        return view;
    }

    @Transactional(readOnly = true)
    public SubscriptionView get(String idOrExternalId) {
        Subscription s = load(idOrExternalId, false);
        return SubscriptionView.of(s, catalog.versionById(s.planVersionId()));
    }

    @Transactional(readOnly = true)
    public ListPage<SubscriptionView> list(String customer, SubscriptionStatus status, String planCode, String externalId,
                                          PageRequest page) {
        String tenantId = TenantContext.require();
        String customerId = customer == null ? null : customers.find(customer).map(BillingAccount::id).orElse("none");
        String planId = planCode == null ? null : catalog.findId(planCode).orElse("none");
        var rows = subscriptions.list(tenantId, new Subscriptions.Filter(customerId, status, planId, externalId), page);
        // Subscriptions on a page mostly share a few plan versions: read each once.
        Map<String, PlanVersion> versions = new HashMap<>();
        return ListPage.of(rows, page, Subscription::id,
                s -> SubscriptionView.of(s, versions.computeIfAbsent(s.planVersionId(), catalog::versionById)));
    }

    /**
     * Moves a subscription to another plan (or to the current version of its own plan, or to other
     * item quantities), now or when the period ends. Immediately, fees billed in advance are
     * credited for the unused time and charged for the new terms' remaining time, unless proration
     * is {@code none}; a new billing interval starts a new cycle at the change.
     */
    @Transactional
    public SubscriptionView changePlan(String idOrExternalId, SubscriptionRequests.ChangePlan request) {
        Subscription s = load(idOrExternalId, true);
        Instant now = time.nowForChange(s.testClockId());
        if (s.status() == SubscriptionStatus.TERMINATED) {
            throw ApiException.conflict("subscription_terminated", null, "Subscription " + s.id() + " has ended");
        }
        if (s.cancellationId() != null) {
            throw ApiException.conflict("cancellation_scheduled", null,
                    "Subscription " + s.id() + " is canceled for its period end; revoke cancellation " + s.cancellationId() + " first");
        }
        boolean atPeriodEnd = parseTiming(request.timing(), "immediately");
        boolean prorate = parseProration(request.prorationBehavior());
        PlanVersion current = catalog.versionById(s.planVersionId());
        // Without plan_code only quantities change; naming the current plan moves to its current version.
        PlanVersion target = request.planCode() == null ? current : catalog.subscribe(request.planCode(), "plan_code");
        if (!target.terms().currency().getCurrencyCode().equals(s.currency())) {
            throw ApiException.invalid("plan_code", "Plan '" + target.planCode() + "' is priced in "
                    + target.terms().currency().getCurrencyCode() + "; this subscription bills in " + s.currency());
        }
        Map<String, Long> quantities = quantities(target.terms(), request.items(), s.quantities());
        if (target.id().equals(s.planVersionId()) && quantities.equals(s.quantities())) {
            return SubscriptionView.of(s, current);
        }
        Instant changed = clock.instant();
        SubscriptionView before = SubscriptionView.of(s, current);
        Subscription after;
        PlanVersion afterVersion = target;
        if (atPeriodEnd) {
            after = transitions.save(s, s.schedulePlanChange(new PendingChange(target.id(), target.planCode(), target.version(),
                    quantities, s.currentPeriodEnd()), changed));
            afterVersion = current;
            events.appendChange(PLAN_CHANGE_SCHEDULED, SubscriptionTransitions.subjects(after), before,
                    SubscriptionView.of(after, current));
        } else if (!s.status().inPaidPeriod()) {
            // Pending or trialing: nothing has been billed yet, so nothing to prorate.
            after = transitions.save(s, s.switchPlan(target.planId(), target.id(), quantities, s.cycleStart(), s.currentPeriod(), changed));
            if (s.status() == SubscriptionStatus.TRIALING) {
                billing.grantEntitlements(after, target, new BillingPeriod(s.startAt(), s.trialEnd()), changed);
            }
            String type = target.id().equals(s.planVersionId()) ? UPDATED : SubscriptionTransitions.PLAN_CHANGED;
            events.appendChange(type, SubscriptionTransitions.subjects(after), before, SubscriptionView.of(after, target));
        } else {
            after = changeInPeriod(s, current, target, quantities, prorate, now, changed);
            String type = target.id().equals(s.planVersionId()) ? UPDATED : SubscriptionTransitions.PLAN_CHANGED;
            events.appendChange(type, SubscriptionTransitions.subjects(after), before, SubscriptionView.of(after, target));
        }
        SubscriptionView view = SubscriptionView.of(after, afterVersion);
        audit.record("subscription.change_plan", "subscription", s.id(), before, view);
        return view;
    }

    private Subscription changeInPeriod(Subscription s, PlanVersion current, PlanVersion target, Map<String, Long> quantities,
                                        boolean prorate, Instant now, Instant changed) {
        BillingPeriod period = s.currentPeriod();
        BillingCycle cycle = SubscriptionBilling.cycle(s, current.terms(), s.cycleStart());
        BillingPeriod full = cycle.fullPeriodOf(period);
        Instant end = period.endExclusive();
        Subscription after;
        if (target.id().equals(s.planVersionId())) {
            if (prorate) {
                for (RecurringItem item : target.terms().recurringItems()) {
                    billing.addQuantityProration(s, item, s.quantities().getOrDefault(item.code(), 0L),
                            quantities.getOrDefault(item.code(), 0L), now, end, full, null, changed);
                }
            }
            after = transitions.save(s, s.withQuantities(quantities, changed));
            billing.closePeriod(s, now, "quantity_change", changed);
            billing.openPeriod(after, target, new BillingPeriod(now, end), full, "quantity_change", false, changed);
            return after;
        }
        if (prorate) {
            billing.addProrations(s, current, s.quantities(), now, end, full, -1, "plan change", null, changed);
        }
        billing.closePeriod(s, now, "plan_change", changed);
        boolean newInterval = !target.terms().interval().equals(current.terms().interval());
        if (newInterval) {
            BillingCycle newCycle = SubscriptionBilling.cycle(s, target.terms(), now);
            BillingPeriod first = newCycle.first();
            after = transitions.save(s, s.switchPlan(target.planId(), target.id(), quantities, now, first, changed));
            billing.openPeriod(after, target, first, newCycle.fullPeriodOf(first), "plan_change", true, changed);
        } else {
            after = transitions.save(s, s.switchPlan(target.planId(), target.id(), quantities, s.cycleStart(), period, changed));
            if (prorate) {
                billing.addProrations(after, target, quantities, now, end, full, +1, "plan change", null, changed);
            }
            billing.openPeriod(after, target, new BillingPeriod(now, end), full, "plan_change", false, changed);
        }
        billing.grantEntitlements(after, target, after.currentPeriod(), changed);
        return after;
    }

    /**
     * Cancels at the period end (the default; revocable until then) or immediately, crediting the
     * unused part of fees billed in advance unless proration is {@code none}.
     */
    @Transactional
    public CancellationView cancel(String idOrExternalId, SubscriptionRequests.Cancel request) {
        Subscription s = load(idOrExternalId, true);
        Instant now = time.nowForChange(s.testClockId());
        boolean atPeriodEnd = parseTiming(request.timing(), "period_end");
        boolean prorate = parseProration(request.prorationBehavior());
        if (request.reason() != null && request.reason().length() > 500) {
            throw ApiException.invalid("reason", "reason must be at most 500 characters");
        }
        if (s.status() == SubscriptionStatus.TERMINATED) {
            throw ApiException.conflict("subscription_terminated", null, "Subscription " + s.id() + " has already ended");
        }
        if (s.cancellationId() != null) {
            throw ApiException.conflict("cancellation_scheduled", null, "Subscription " + s.id() + " already has cancellation "
                    + s.cancellationId() + " scheduled; revoke it to cancel differently");
        }
        PlanVersion version = catalog.versionById(s.planVersionId());
        SubscriptionView before = SubscriptionView.of(s, version);
        Instant changed = clock.instant();
        if (s.status() == SubscriptionStatus.PENDING) {
            atPeriodEnd = false; // nothing has started: it simply never will
        }
        if (atPeriodEnd) {
            String cancellationId = Ids.next("can");
            Instant effectiveAt = s.status() == SubscriptionStatus.TRIALING ? s.trialEnd() : s.currentPeriodEnd();
            var cancellation = new Cancellation(cancellationId, s.tenantId(), s.id(), s.customerId(), Cancellation.Timing.PERIOD_END,
                    prorate, Cancellation.Status.SCHEDULED, request.reason(), effectiveAt, 0, s.currency(), now, null, changed);
            cancellations.insert(cancellation);
            Subscription after = transitions.save(s, s.scheduleCancellation(cancellationId, now));
            events.appendChange(SubscriptionTransitions.CANCELED, SubscriptionTransitions.subjects(after), before,
                    SubscriptionView.of(after, version));
            audit.record("subscription.cancel", "subscription", s.id(), before, SubscriptionView.of(after, version));
            return CancellationView.of(cancellation);
        }
        ImmediateCancellation done = cancelImmediately(s, version, prorate, request.reason(), false, now, changed);
        audit.record("subscription.cancel", "subscription", s.id(), before, done.ended());
        return CancellationView.of(done.cancellation());
    }

    record ImmediateCancellation(Cancellation cancellation, SubscriptionView ended) {
    }

    /**
     * Ends a subscription locked by the caller at {@code now}: in a paid period the billing period
     * closes now, crediting the unused time of fees billed in advance if {@code prorate}; a trial
     * ends; the entitlements go. Writes {@code subscription.canceled} and {@code subscription.terminated}.
     * Shared by the API's immediate cancellation and by dunning's cancellation for non-payment, which
     * credits nothing and also overtakes a cancellation scheduled for the period end.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    ImmediateCancellation cancelImmediately(Subscription s, PlanVersion version, boolean prorate, String reason,
                                            boolean forNonPayment, Instant now, Instant changed) {
        SubscriptionView before = SubscriptionView.of(s, version);
        String cancellationId = Ids.next("can");
        long credit = 0;
        if (s.status().inPaidPeriod()) {
            BillingPeriod period = s.currentPeriod();
            BillingPeriod full = SubscriptionBilling.cycle(s, version.terms(), s.cycleStart()).fullPeriodOf(period);
            if (prorate) {
                credit = -billing.addProrations(s, version, s.quantities(), now, period.endExclusive(), full, -1, "cancellation",
                        cancellationId, changed);
            }
            billing.closePeriod(s, now, "termination", changed);
        }
        if (s.trialId() != null) {
            // A trial not yet started (pending) or still running ends with its subscription.
            trials.find(s.tenantId(), s.trialId()).filter(t -> t.status() == Trial.Status.ACTIVE)
                    .ifPresent(t -> trials.update(t.end(Trial.Status.CANCELED, now)));
        }
        if (s.cancellationId() != null) {
            // Only for non-payment (the API refuses to cancel twice): the scheduled cancellation never takes effect.
            cancellations.find(s.tenantId(), s.cancellationId(), true).filter(c -> c.status() == Cancellation.Status.SCHEDULED)
                    .ifPresent(c -> cancellations.update(c.supersede(now)));
        }
        var cancellation = new Cancellation(cancellationId, s.tenantId(), s.id(), s.customerId(), Cancellation.Timing.IMMEDIATELY,
                prorate, Cancellation.Status.EFFECTIVE, reason, now, credit, s.currency(), now, null, changed);
        cancellations.insert(cancellation);
        Subscription ended = transitions.save(s, forNonPayment ? s.cancelForNonPayment(cancellationId, now, changed)
                : s.cancelNow(cancellationId, now, changed));
        billing.revokeEntitlements(ended);
        SubscriptionView endedView = SubscriptionView.of(ended, version);
        events.appendChange(SubscriptionTransitions.CANCELED, SubscriptionTransitions.subjects(ended), before, endedView);
        events.append(SubscriptionTransitions.TERMINATED, SubscriptionTransitions.subjects(ended), endedView, null);
        return new ImmediateCancellation(cancellation, endedView);
    }

    @Transactional(readOnly = true)
    public CancellationView cancellation(String id) {
        return CancellationView.of(cancellations.find(TenantContext.require(), id, false)
                .orElseThrow(() -> ApiException.notFound("cancellation", id)));
    }

    /** Withdraws a cancellation scheduled for the period end, before that end. */
    @Transactional
    public CancellationView revoke(String cancellationId) {
        Cancellation c = cancellations.find(TenantContext.require(), cancellationId, true)
                .orElseThrow(() -> ApiException.notFound("cancellation", cancellationId));
        Subscription s = load(c.subscriptionId(), true);
        Instant now = time.nowForChange(s.testClockId());
        Cancellation revoked = c.revoke(now);
        cancellations.update(revoked);
        PlanVersion version = catalog.versionById(s.planVersionId());
        Subscription after = transitions.save(s, s.revokeCancellation(clock.instant()));
        events.appendChange(CANCELLATION_REVOKED, SubscriptionTransitions.subjects(after), SubscriptionView.of(s, version),
                SubscriptionView.of(after, version));
        audit.record("cancellation.revoke", "cancellation", c.id(), CancellationView.of(c), CancellationView.of(revoked));
        return CancellationView.of(revoked);
    }

    /** The billing periods invoicing consumes, oldest first. */
    @Transactional(readOnly = true)
    public List<BillingLedger.PeriodRecord> billingPeriods(String idOrExternalId) {
        Subscription s = load(idOrExternalId, false);
        return ledger.periods(s.tenantId(), s.id());
    }

    /** Prorations and one-time items waiting for the next invoice (and those already invoiced), oldest first. */
    @Transactional(readOnly = true)
    public List<PendingItemView> pendingItems(String idOrExternalId) {
        Subscription s = load(idOrExternalId, false);
        return ledger.items(s.tenantId(), s.id()).stream().map(PendingItemView::of).toList();
    }

    @Transactional(readOnly = true)
    public TrialView trial(String id) {
        return TrialView.of(trials.find(TenantContext.require(), id).orElseThrow(() -> ApiException.notFound("trial", id)));
    }

    /** What the next renewal will do and charge (fixed fees; usage charges are priced from usage when the period closes). */
    @Transactional(readOnly = true)
    public RenewalView renewal(String idOrExternalId) {
        Subscription s = load(idOrExternalId, false);
        PlanVersion version = catalog.versionById(s.planVersionId());
        return switch (s.status()) {
            case TERMINATED -> renewal(s, version, version, false, null, null, List.of());
            case PENDING, TRIALING -> {
                Instant starts = s.status() == SubscriptionStatus.PENDING && !s.hasTrial() ? s.startAt()
                        : s.hasTrial() ? s.trialEnd() : s.startAt();
                BillingCycle cycle = SubscriptionBilling.cycle(s, version.terms(), starts);
                BillingPeriod first = cycle.first();
                boolean willConvert = s.cancellationId() == null;
                // A trial bills no usage; the first paid period starts at its end.
                yield renewal(s, version, null, willConvert, starts, first, SubscriptionBilling.advanceFees(version, s.quantities(),
                        first.start(), first.endExclusive(), cycle.fullPeriodOf(first), billing.rounding()));
            }
            case ACTIVE, PAST_DUE, CANCELED -> {
                if (s.status() == SubscriptionStatus.CANCELED) {
                    yield renewal(s, version, version, false, null, null, List.of());
                }
                BillingPeriod current = s.currentPeriod();
                BillingCycle cycle = SubscriptionBilling.cycle(s, version.terms(), s.cycleStart());
                PlanVersion nextVersion = version;
                var quantities = s.quantities();
                BillingPeriod next = cycle.following(current);
                BillingCycle nextCycle = cycle;
                if (s.pendingChange() != null) {
                    nextVersion = catalog.versionById(s.pendingChange().planVersionId());
                    quantities = s.pendingChange().quantities();
                    if (!nextVersion.terms().interval().equals(version.terms().interval())) {
                        nextCycle = SubscriptionBilling.cycle(s, nextVersion.terms(), current.endExclusive());
                        next = nextCycle.first();
                    }
                }
                var lines = new java.util.ArrayList<SubscriptionBilling.Line>(SubscriptionBilling.arrearsFee(version,
                        current.start(), current.endExclusive(), cycle.fullPeriodOf(current), billing.rounding()));
                lines.addAll(SubscriptionBilling.advanceFees(nextVersion, quantities, next.start(), next.endExclusive(),
                        nextCycle.fullPeriodOf(next), billing.rounding()));
                yield renewal(s, nextVersion, version, true, current.endExclusive(), next, lines);
            }
        };
    }

    /** The next paid period, as {@link #renewal} computes it, for invoice previews; empty when none will follow. */
    @Transactional(readOnly = true)
    public java.util.Optional<io.billstream.subscription.SubscriptionLedger.NextPeriod> nextPeriod(String idOrExternalId) {
        Subscription s = load(idOrExternalId, false);
        PlanVersion version = catalog.versionById(s.planVersionId());
        switch (s.status()) {
            case PENDING, TRIALING -> {
                if (s.cancellationId() != null) {
                    return java.util.Optional.empty();
                }
                Instant starts = s.hasTrial() ? s.trialEnd() : s.startAt();
                BillingCycle cycle = SubscriptionBilling.cycle(s, version.terms(), starts);
                BillingPeriod first = cycle.first();
                return java.util.Optional.of(new io.billstream.subscription.SubscriptionLedger.NextPeriod(version.id(), first,
                        cycle.fullPeriodOf(first), s.quantities(), true));
            }
            case ACTIVE, PAST_DUE -> {
                BillingPeriod current = s.currentPeriod();
                BillingCycle cycle = SubscriptionBilling.cycle(s, version.terms(), s.cycleStart());
                PlanVersion nextVersion = version;
                var quantities = s.quantities();
                BillingPeriod next = cycle.following(current);
                BillingCycle nextCycle = cycle;
                if (s.pendingChange() != null) {
                    nextVersion = catalog.versionById(s.pendingChange().planVersionId());
                    quantities = s.pendingChange().quantities();
                    if (!nextVersion.terms().interval().equals(version.terms().interval())) {
                        nextCycle = SubscriptionBilling.cycle(s, nextVersion.terms(), current.endExclusive());
                        next = nextCycle.first();
                    }
                }
                return java.util.Optional.of(new io.billstream.subscription.SubscriptionLedger.NextPeriod(nextVersion.id(), next,
                        nextCycle.fullPeriodOf(next), quantities, false));
            }
            default -> {
                return java.util.Optional.empty();
            }
        }
    }

    /** @param usageVersion the version whose usage charges the renewal bills for the closing period; null when none */
    private static RenewalView renewal(Subscription s, PlanVersion version, PlanVersion usageVersion, boolean autoRenew,
                                       Instant renewsAt, BillingPeriod next, List<SubscriptionBilling.Line> lines) {
        var shown = lines.stream().map(l -> new RenewalView.Line(l.kind(), l.code(), l.description(), Decimals.plain(l.quantity()),
                Decimals.plain(l.unitPrice()), l.amountMinor())).toList();
        var usage = usageVersion == null ? List.<RenewalView.UsageCharge>of() : usageVersion.terms().charges().stream()
                .map(c -> new RenewalView.UsageCharge(c.metricCode(), c.charge().model().code())).toList();
        return new RenewalView("renewal", s.id(), s.status().apiName(), autoRenew, renewsAt, next == null ? null : next.start(),
                next == null ? null : next.endExclusive(), version.planCode(), version.version(), s.currency(), shown,
                lines.stream().mapToLong(SubscriptionBilling.Line::amountMinor).sum(), usage);
    }

    private Subscription load(String idOrExternalId, boolean forUpdate) {
        return subscriptions.find(TenantContext.require(), idOrExternalId, forUpdate)
                .orElseThrow(() -> ApiException.notFound("subscription", idOrExternalId));
    }

    private String checkExternalId(String tenantId, String externalId) {
        if (externalId == null) {
            return null;
        }
        if (externalId.isBlank() || externalId.length() > 255 || externalId.startsWith("sub_") || externalId.contains("/")) {
            throw ApiException.invalid("external_id", "external_id must be 1-255 characters, not start with 'sub_' and not contain '/'");
        }
        if (subscriptions.find(tenantId, externalId, false).isPresent()) {
            throw externalIdTaken(externalId);
        }
        return externalId;
    }

    /** One invoice per customer and date needs one currency per customer. */
    private void checkCurrency(String tenantId, BillingAccount account, String planCurrency) {
        if (account.currency() != null && !account.currency().equals(planCurrency)) {
            throw ApiException.invalid("plan_code", "The plan is priced in " + planCurrency + " but customer " + account.id()
                    + " is billed in " + account.currency());
        }
        subscriptions.live(tenantId, account.id()).stream().filter(other -> !other.currency().equals(planCurrency)).findFirst()
                .ifPresent(other -> {
                    throw ApiException.invalid("plan_code", "The plan is priced in " + planCurrency + " but the customer's subscription "
                            + other.id() + " bills in " + other.currency());
                });
    }

    private static Instant start(Instant requested, Instant now) {
        if (requested == null || !requested.isAfter(now)) {
            if (requested != null && requested.isBefore(now.minus(START_TOLERANCE))) {
                throw ApiException.invalid("start_at", "start_at must not be in the past; backdated subscriptions are not supported");
            }
            return now;
        }
        return requested;
    }

    /**
     * Quantities for every recurring item: as requested, else kept from the current subscription for
     * an item of the same code, else the plan's default.
     */
    static Map<String, Long> quantities(PlanTerms terms, List<ItemQuantity> requested, Map<String, Long> current) {
        Map<String, Long> quantities = new HashMap<>();
        for (RecurringItem item : terms.recurringItems()) {
            quantities.put(item.code(), current.getOrDefault(item.code(), item.defaultQuantity()));
        }
        if (requested != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < requested.size(); i++) {
                ItemQuantity item = requested.get(i);
                String field = "items[" + i + "]";
                if (item.code() == null || terms.recurringItem(item.code()) == null) {
                    throw ApiException.invalid(field + ".code", "The plan has no recurring item '" + item.code() + "'");
                }
                if (!seen.add(item.code())) {
                    throw ApiException.invalid(field + ".code", "Item '" + item.code() + "' is listed twice");
                }
                if (item.quantity() == null || item.quantity() < 0 || item.quantity() > 1_000_000_000L) {
                    throw ApiException.invalid(field + ".quantity", "quantity must be between 0 and 1000000000");
                }
                quantities.put(item.code(), item.quantity());
            }
        }
        return quantities;
    }

    private static boolean parseTiming(String timing, String defaultTiming) {
        String value = timing == null ? defaultTiming : timing;
        return switch (value) {
            case "immediately" -> false;
            case "period_end" -> true;
            default -> throw ApiException.invalid("timing", "timing must be immediately or period_end");
        };
    }

    private static boolean parseProration(String behavior) {
        return switch (behavior == null ? "create_prorations" : behavior) {
            case "create_prorations" -> true;
            case "none" -> false;
            default -> throw ApiException.invalid("proration_behavior", "proration_behavior must be create_prorations or none");
        };
    }

    private static Trial.MissingPaymentMethod onMissingPaymentMethod(String value, boolean asTrial) {
        if (value == null) {
            return asTrial ? Trial.MissingPaymentMethod.EXPIRE : Trial.MissingPaymentMethod.CONVERT;
        }
        return switch (value) {
            case "expire" -> Trial.MissingPaymentMethod.EXPIRE;
            case "convert" -> Trial.MissingPaymentMethod.CONVERT;
            default -> throw ApiException.invalid("on_missing_payment_method", "on_missing_payment_method must be expire or convert");
        };
    }

    private static ApiException externalIdTaken(String externalId) {
        return ApiException.conflict("external_id_taken", "external_id", "Another subscription already has external_id '" + externalId + "'");
    }
}
