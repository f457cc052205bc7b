package io.billstream.usage.application;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

import io.billstream.catalog.application.MetricCatalog;
import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.customer.BillingAccount;
import io.billstream.customer.CustomerDirectory;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;
import io.billstream.platform.money.Decimals;
import io.billstream.platform.money.TenantRounding;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.QueryTimes;
import io.billstream.subscription.SubscriptionDirectory;
import io.billstream.subscription.SubscriptionDirectory.MeteredSubscription;
import io.billstream.usage.UsagePricing;
import io.billstream.usage.db.UsageAggregates;
import io.billstream.usage.db.UsageAggregates.Scope;
import io.billstream.usage.domain.AggregationWindow;
import io.billstream.usage.domain.GroupQuantity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The usage read API: a subscription's current period priced as invoicing would price it, and a
 * customer's usage over any range in chart buckets.
 */
@Service
public class UsageReports {

    /** A chart's buckets per metric; more is a range or window chosen by mistake, and unbounded work. */
    static final int MAX_BUCKETS = 1000;
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    static final int MAX_GROUP_BY = 10;

    /**
     * The query parameters of a chart, as received.
     *
     * @param from    RFC 3339; default {@code to} minus 30 days
     * @param to      RFC 3339; default now (the customer's test clock's time, if it has one)
     * @param metric  a metric code or ID; {@code null} for every metric with events in the range
     * @param groupBy comma-separated property names replacing the metric's group_by; empty for none
     * @param window  {@code hour}, {@code day} or {@code month}; {@code null} for one bucket
     */
    public record ChartQuery(String from, String to, String metric, String groupBy, String window) {
    }

    private final UsageMeter meter;
    private final UsagePricing pricing;
    private final TenantRounding rounding;
    private final UsageAggregates aggregates;
    private final SubscriptionDirectory subscriptions;
    private final CustomerDirectory customers;
    private final MetricCatalog metrics;
    private final PlanCatalog plans;
    private final BillingTime time;

    UsageReports(UsageMeter meter, UsagePricing pricing, TenantRounding rounding, UsageAggregates aggregates, SubscriptionDirectory subscriptions, CustomerDirectory customers,
                 MetricCatalog metrics, PlanCatalog plans, BillingTime time) {
        this.meter = meter;
        this.pricing = pricing;
        this.rounding = rounding;
        this.aggregates = aggregates;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.metrics = metrics;
        this.plans = plans;
        this.time = time;
    }

    /**
     * The current paid period, or the trial while trialing (priced at 0: trials bill nothing). A
     * pending or terminated subscription has no period to meter: 409.
     */
    @Transactional(readOnly = true)
    public UsagePeriodView currentPeriod(String subscriptionIdOrExternalId) {
        MeteredSubscription s = subscriptions.find(subscriptionIdOrExternalId)
                .orElseThrow(() -> ApiException.notFound("subscription", subscriptionIdOrExternalId));
        Instant from;
        Instant to;
        if (s.trialing()) {
            from = s.startAt();
            to = s.trialEnd();
        } else if (s.inPaidPeriod() && s.currentPeriodStart() != null) {
            from = s.currentPeriodStart();
            to = s.currentPeriodEnd();
        } else {
            throw new StateConflictException("subscription_" + s.status(),
                    "Subscription " + s.id() + " is " + s.status() + ": it has no current period to meter");
        }
        PlanVersion version = plans.versionById(s.planVersionId());
        Instant start = UsageMeter.micros(from);
        Instant end = UsageMeter.micros(to);
        List<UsagePeriodView.Charge> charges = new ArrayList<>();
        long total = 0;
        for (UsagePricing.PricedCharge priced : pricing.price(s.customerId(), s.id(), version, start, end, s.trialing(),
                rounding.current())) {
            List<UsagePeriodView.Group> groups = priced.groups().stream()
                    .map(g -> new UsagePeriodView.Group(g.group(), Decimals.plain(g.quantity()), g.events(), Decimals.plain(g.exactAmount()),
                            g.amountMinor()))
                    .toList();
            charges.add(new UsagePeriodView.Charge(priced.metricCode(), priced.metricName(), priced.aggregation(), priced.groupBy(),
                    priced.chargeModel(), groups, Decimals.plain(priced.minimumAmount()), priced.minimumAdjustmentMinor(),
                    priced.amountMinor()));
            total = Math.addExact(total, priced.amountMinor());
        }
        return new UsagePeriodView("subscription_usage", s.id(), s.customerId(), s.status(), s.trialing(), start, end,
                version.planCode(), version.version(), s.currency(), charges, total);
    }

    /** A customer's usage over a range, per metric, in buckets of the window in the customer's time zone. */
    @Transactional(readOnly = true)
    public UsageSeriesView chart(String customerIdOrExternalId, ChartQuery query) {
        BillingAccount customer = customers.find(customerIdOrExternalId)
                .orElseThrow(() -> ApiException.notFound("customer", customerIdOrExternalId));
        Instant to = query.to() == null ? time.now(customer.testClockId()) : QueryTimes.parse(query.to(), "to");
        Instant from = query.from() == null ? to.minus(DEFAULT_RANGE) : QueryTimes.parse(query.from(), "from");
        to = UsageMeter.micros(to);
        from = UsageMeter.micros(from);
        if (!from.isBefore(to)) {
            throw ApiException.invalid("to", "to (" + to + ") must be after from (" + from + ")");
        }
        AggregationWindow window = query.window() == null ? null : AggregationWindow.parse(query.window(), "window");
        ZoneId zone = ZoneId.of(customer.timezone());
        List<Instant> bounds = window == null ? List.of(from, to) : window.boundaries(from, to, zone, MAX_BUCKETS);
        List<String> groupBy = query.groupBy() == null ? null : groupBy(query.groupBy());

        String tenantId = TenantContext.require();
        List<BillableMetric> charted = new ArrayList<>();
        if (query.metric() != null) {
            charted.add(metrics.find(query.metric())
                    .orElseThrow(() -> ApiException.invalid("metric", "No billable metric '" + query.metric() + "' in this tenant")));
        } else {
            for (String code : aggregates.metricCodes(tenantId, customer.id(), from, to)) {
                metrics.find(code).ifPresent(charted::add);
            }
        }
        Scope scope = Scope.customer(tenantId, customer.id());
        List<UsageSeriesView.Metric> series = new ArrayList<>();
        for (BillableMetric metric : charted) {
            BillableMetric grouped = groupBy == null ? metric : regrouped(metric, groupBy);
            List<List<GroupQuantity>> buckets = meter.series(scope, grouped, bounds);
            List<UsageSeriesView.Bucket> views = new ArrayList<>();
            for (int i = 0; i < buckets.size(); i++) {
                views.add(new UsageSeriesView.Bucket(bounds.get(i), bounds.get(i + 1), buckets.get(i).stream()
                        .map(q -> new UsageSeriesView.Group(q.group(), Decimals.plain(q.quantity()), q.events())).toList()));
            }
            series.add(new UsageSeriesView.Metric(metric.code(), metric.name(), metric.aggregation().apiName(), grouped.groupBy(),
                    views));
        }
        return new UsageSeriesView("customer_usage", customer.id(), from, to, window == null ? null : window.apiName(),
                customer.timezone(), series);
    }

    private static List<String> groupBy(String value) {
        if (value.isBlank()) {
            return List.of();
        }
        List<String> names = Arrays.stream(value.split(",", -1)).map(String::trim).toList();
        if (names.stream().anyMatch(String::isEmpty) || new HashSet<>(names).size() != names.size()) {
            throw new InvalidValueException("group_by", "must list distinct, non-empty property names separated by commas");
        }
        if (names.size() > MAX_GROUP_BY) {
            throw new InvalidValueException("group_by", "may list at most " + MAX_GROUP_BY + " properties");
        }
        return names;
    }

    /** The metric counted the same way, split by other properties (for this chart only). */
    private static BillableMetric regrouped(BillableMetric m, List<String> groupBy) {
        return new BillableMetric(m.id(), m.tenantId(), m.code(), m.name(), m.description(), m.aggregation(), m.fieldName(), m.filters(),
                groupBy, m.createdAt(), m.updatedAt(), m.archivedAt());
    }
}
