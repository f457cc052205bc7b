package io.billstream.usage.application;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.billstream.catalog.domain.BillableMetric;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.EntitlementUsage;
import io.billstream.subscription.EntitlementUsage.MeteredLimit;
import io.billstream.usage.db.UsageRefreshes;
import io.billstream.usage.domain.GroupQuantity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps limit entitlements' {@code used} equal to the usage their metric aggregates, and raises
 * {@code usage.threshold_reached} / {@code usage.limit_reached} once per threshold and period.
 *
 * <p>Ingestion queues (subscription, metric) pairs in the transaction that stores the events; each
 * scheduler tick recounts the queued pairs from the events (one SQL aggregation each, so the count
 * is exact whatever arrived twice, late or out of order) and stores the result. A new period of a
 * per-period limit is recounted the same way. The entitlement check stays one indexed read; it lags
 * the events by about one tick.
 */
@Component
class UsageLimits implements TimeDrivenWork {

    private static final Logger log = LoggerFactory.getLogger(UsageLimits.class);
    private static final int PAGE = 200;
    /** Pages per tick, so that a flood of usage cannot starve the scheduler's other work. */
    private static final int MAX_PAGES = 20;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final UsageRefreshes refreshes;
    private final EntitlementUsage entitlements;
    private final UsageMeter meter;
    private final MeteringCatalog catalog;
    private final BillingEventLog events;
    private final BillingTime billingTime;
    private final TransactionTemplate transactions;
    private final java.time.Duration futureWindow;

    UsageLimits(UsageRefreshes refreshes, EntitlementUsage entitlements, UsageMeter meter, MeteringCatalog catalog,
                BillingEventLog events, BillingTime billingTime, TransactionTemplate transactions, UsageProperties properties) {
        this.futureWindow = properties.futureWindow();
        this.refreshes = refreshes;
        this.entitlements = entitlements;
        this.meter = meter;
        this.catalog = catalog;
        this.events = events;
        this.billingTime = billingTime;
        this.transactions = transactions;
    }

    @Override
    public void runDue(Instant now) {
        for (int page = 0; page < MAX_PAGES; page++) {
            List<UsageRefreshes.Due> due = refreshes.due(PAGE);
            for (UsageRefreshes.Due item : due) {
                try {
                    TenantContext.runAs(item.tenantId(), () -> transactions.executeWithoutResult(status -> recount(item)));
                } catch (RuntimeException failed) {
                    log.error("Recounting {} for subscription {} failed; it stays queued", item.metricCode(), item.subscriptionId(), failed);
                }
            }
            if (due.size() < PAGE) {
                return;
            }
        }
    }

    /**
     * Nothing here happens at an instant: a test clock's customers are recounted by the real-time
     * tick like everyone else, in their clock's time.
     */
    @Override
    public void runForTestClock(String testClockId, Instant until) {
    }

    private void recount(UsageRefreshes.Due item) {
        Optional<Long> version = refreshes.queuedVersion(item.tenantId(), item.subscriptionId(), item.metricCode());
        Optional<BillableMetric> metric = catalog.metric(item.metricCode());
        if (metric.isPresent()) {
            for (MeteredLimit limit : entitlements.limitsCounting(item.subscriptionId(), item.metricCode())) {
                Instant now = billingTime.now(limit.testClockId());
                // A limit that never resets counts everything from the start up to the latest timestamp accepted.
                Instant to = limit.perPeriod() ? limit.resetsAt() : now.plus(futureWindow);
                BigDecimal used = total(meter.forSubscription(metric.get(), limit.subscriptionId(), limit.windowStart(), to));
                if (entitlements.recordUsed(limit, used, now)) {
                    alert(item, limit, used, to, now);
                }
            }
        }
        version.ifPresent(v -> refreshes.dequeue(item.tenantId(), item.subscriptionId(), item.metricCode(), v));
    }

    /** A limit counts the metric's whole quantity: its groups added up. */
    private static BigDecimal total(List<GroupQuantity> groups) {
        return groups.stream().map(GroupQuantity::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void alert(UsageRefreshes.Due item, MeteredLimit limit, BigDecimal used, Instant windowEnd, Instant now) {
        if (used.signum() <= 0) {
            return;
        }
        List<BigDecimal> thresholds = new ArrayList<>(limit.alertThresholds());
        thresholds.add(HUNDRED);
        for (BigDecimal threshold : thresholds) {
            BigDecimal boundary = limit.limit().multiply(threshold).divide(HUNDRED, MathContext.DECIMAL128);
            if (used.compareTo(boundary) < 0) {
                continue;
            }
            if (refreshes.recordAlert(item.tenantId(), limit.subscriptionId(), limit.featureCode(), limit.windowStart(), threshold,
                    used, limit.limit(), now)) {
                boolean atLimit = threshold.compareTo(HUNDRED) == 0;
                events.append(atLimit ? "usage.limit_reached" : "usage.threshold_reached",
                        EventSubjects.subscription(limit.customerId(), limit.subscriptionId()),
                        UsageAlertView.of(limit, item.metricCode(), threshold, used, windowEnd), null);
            }
        }
    }
}
