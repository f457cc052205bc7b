package io.billstream.usage.application;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;

import io.billstream.catalog.application.MetricCatalog;
import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.catalog.domain.UsageCharge;
import io.billstream.catalog.domain.pricing.PercentagePricing;
import io.billstream.catalog.domain.pricing.PriceEvaluation;
import io.billstream.catalog.domain.pricing.Usage;
import io.billstream.customer.BillingAccount;
import io.billstream.customer.CustomerDirectory;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;
import io.billstream.platform.money.Decimals;
import io.billstream.platform.money.Money;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.subscription.SubscriptionDirectory;
import io.billstream.subscription.SubscriptionDirectory.MeteredSubscription;
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
    private final UsageAggregates aggregates;
    private final SubscriptionDirectory subscriptions;
    private final CustomerDirectory customers;
    private final MetricCatalog metrics;
    private final PlanCatalog plans;
    private final BillingTime time;

    UsageReports(UsageMeter meter, UsageAggregates aggregates, SubscriptionDirectory subscriptions, CustomerDirectory customers,
                 MetricCatalog metrics, PlanCatalog plans, BillingTime time) {
        this.meter = meter;
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
        Scope scope = Scope.subscription(TenantContext.require(), s.customerId(), s.id());
        List<Instant> period = List.of(UsageMeter.micros(from), UsageMeter.micros(to));
        PlanVersion version = plans.versionById(s.planVersionId());
        Currency currency = Currency.getInstance(s.currency());
        List<UsagePeriodView.Charge> charges = new ArrayList<>();
        long total = 0;
        for (UsageCharge charge : version.terms().charges()) {
            BillableMetric metric = metrics.find(charge.metricCode())
                    .orElseThrow(() -> new IllegalStateException("Plan version " + version.id() + " prices missing metric " + charge.metricCode()));
            List<GroupQuantity> quantities = meter.series(scope, metric, period).getFirst();
            UsagePeriodView.Charge priced = price(charge, metric, quantities, s.trialing(), currency, scope, period);
            charges.add(priced);
            total = Math.addExact(total, priced.amountMinor());
        }
        return new UsagePeriodView("subscription_usage", s.id(), s.customerId(), s.status(), s.trialing(), period.getFirst(),
                period.getLast(), version.planCode(), version.version(), s.currency(), charges, total);
    }

    /**
     * Each group is a line priced on its own by the charge model, as Lago prices grouped charges, and
     * rounded once, half up. The charge's minimum is a commitment for the whole charge, not for each
     * group: what the rounded lines fall short of the rounded minimum is added once.
     */
    private UsagePeriodView.Charge price(UsageCharge charge, BillableMetric metric, List<GroupQuantity> quantities, boolean trial,
                                         Currency currency, Scope scope, List<Instant> period) {
        List<UsagePeriodView.Group> lines = new ArrayList<>();
        long linesMinor = 0;
        for (GroupQuantity quantity : quantities) {
            BigDecimal amount = BigDecimal.ZERO;
            long amountMinor = 0;
            if (!trial) {
                PriceEvaluation evaluation = charge.charge().model().evaluate(usage(charge, metric, quantity, scope, period));
                amount = evaluation.amount();
                amountMinor = evaluation.rounded(currency).amountMinor();
            }
            lines.add(new UsagePeriodView.Group(quantity.group(), Decimals.plain(quantity.quantity()), quantity.events(),
                    Decimals.plain(amount), amountMinor));
            linesMinor = Math.addExact(linesMinor, amountMinor);
        }
        BigDecimal minimum = charge.charge().minimumAmount();
        long adjustment = 0;
        if (!trial && minimum != null) {
            adjustment = Math.max(0, Money.ofMajor(minimum, currency, PriceEvaluation.ROUNDING).amountMinor() - linesMinor);
        }
        return new UsagePeriodView.Charge(metric.code(), metric.name(), metric.aggregation().apiName(), metric.groupBy(),
                charge.charge().model().code(), lines, Decimals.plain(minimum), adjustment, Math.addExact(linesMinor, adjustment));
    }

    private Usage usage(UsageCharge charge, BillableMetric metric, GroupQuantity quantity, Scope scope, List<Instant> period) {
        if (charge.charge().model() instanceof PercentagePricing) {
            // A refund is a correction of its own, not a negative fee: only amounts of 0 and more are priced.
            List<BigDecimal> amounts = meter.eventValues(scope, metric, quantity.group(), period.getFirst(), period.getLast())
                    .stream().filter(amount -> amount.signum() >= 0).toList();
            return Usage.ofEvents(amounts);
        }
        // Charge models price what was used, never a credit: a negative sum (or level) costs nothing.
        return Usage.ofUnits(quantity.quantity().max(BigDecimal.ZERO));
    }

    /** A customer's usage over a range, per metric, in buckets of the window in the customer's time zone. */
    @Transactional(readOnly = true)
    public UsageSeriesView chart(String customerIdOrExternalId, ChartQuery query) {
        BillingAccount customer = customers.find(customerIdOrExternalId)
                .orElseThrow(() -> ApiException.notFound("customer", customerIdOrExternalId));
        Instant to = query.to() == null ? time.now(customer.testClockId()) : instant(query.to(), "to");
        Instant from = query.from() == null ? to.minus(DEFAULT_RANGE) : instant(query.from(), "from");
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

    /** RFC 3339, with a '+' that a query string turned into a space put back. */
    private static Instant instant(String value, String param) {
        try {
            return OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, param + " must be an RFC 3339 time such as 2026-03-01T00:00:00Z, got '" + value + "'");
        }
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
