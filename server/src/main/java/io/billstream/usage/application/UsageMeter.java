package io.billstream.usage.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.billstream.catalog.domain.BillableMetric;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.subscription.SubscriptionDirectory;
import io.billstream.usage.db.UsageAggregates;
import io.billstream.usage.db.UsageAggregates.Scope;
import io.billstream.usage.domain.GroupQuantity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How much of a metric a subscription or customer used: the metric's aggregation over the stored
 * usage events with {@code occurred_at} in {@code from} (inclusive) to {@code to} (exclusive), in the
 * current tenant, only events matching every filter of the metric, one quantity per group_by group.
 * Exact: quantities are decimals, never doubles; only a weighted_sum is rounded, to twelve places,
 * half up.
 *
 * <p>When nothing matched, a metric without group_by has one quantity of 0 with 0 events (also for
 * max, min and latest, which have no value then), and a metric with group_by has no groups. Times are
 * cut to microseconds, the precision events are stored with.
 */
@Service
public class UsageMeter {

    private final UsageAggregates aggregates;
    private final SubscriptionDirectory subscriptions;

    UsageMeter(UsageAggregates aggregates, SubscriptionDirectory subscriptions) {
        this.aggregates = aggregates;
        this.subscriptions = subscriptions;
    }

    /**
     * The usage recorded for one subscription.
     *
     * @param subscriptionId the subscription's ID ({@code sub_...}) or external_id
     */
    @Transactional(readOnly = true)
    public List<GroupQuantity> forSubscription(BillableMetric metric, String subscriptionId, Instant from, Instant to) {
        return series(subscriptionScope(subscriptionId), metric, List.of(micros(from), micros(to))).getFirst();
    }

    /**
     * All of a customer's usage, whichever subscription (if any) each event was recorded for.
     *
     * @param customerId the customer's ID ({@code cus_...})
     */
    @Transactional(readOnly = true)
    public List<GroupQuantity> forCustomer(BillableMetric metric, String customerId, Instant from, Instant to) {
        return series(Scope.customer(TenantContext.require(), customerId), metric, List.of(micros(from), micros(to))).getFirst();
    }

    /**
     * The numeric value of each event of one group of a subscription's usage, oldest first (ties by
     * transaction_id), for charge models that price each event (percentage). Events without a
     * numeric value are left out.
     *
     * @param group a value for each of the metric's group_by properties ({@code null} for events
     *              without the property); empty when the metric has no group_by
     */
    @Transactional(readOnly = true)
    public List<BigDecimal> eventValues(BillableMetric metric, String subscriptionId, Map<String, String> group, Instant from,
                                        Instant to) {
        Instant start = micros(from);
        Instant end = micros(to);
        requireRange(metric, start, end);
        return aggregates.eventValues(subscriptionScope(subscriptionId), metric, group, start, end);
    }

    /** A subscription's usage in one window, for pricing (the customer ID lets the query use its index). */
    public List<GroupQuantity> subscriptionSeries(String tenantId, String customerId, String subscriptionId, BillableMetric metric,
                                                  Instant from, Instant to) {
        return series(Scope.subscription(tenantId, customerId, subscriptionId), metric, List.of(micros(from), micros(to))).getFirst();
    }

    public List<BigDecimal> subscriptionEventValues(String tenantId, String customerId, String subscriptionId, BillableMetric metric,
                                                    Map<String, String> group, Instant from, Instant to) {
        return aggregates.eventValues(Scope.subscription(tenantId, customerId, subscriptionId), metric, group, micros(from), micros(to));
    }

    /** One list of quantities per bucket; {@code bounds} as {@link UsageAggregates#aggregate} takes them, already in microseconds. */
    List<List<GroupQuantity>> series(Scope scope, BillableMetric metric, List<Instant> bounds) {
        requireRange(metric, bounds.getFirst(), bounds.getLast());
        return aggregates.aggregate(scope, metric, bounds);
    }

    List<BigDecimal> eventValues(Scope scope, BillableMetric metric, Map<String, String> group, Instant from, Instant to) {
        return aggregates.eventValues(scope, metric, group, from, to);
    }

    private Scope subscriptionScope(String subscriptionId) {
        // The customer, not only the subscription, so that the query can use the (customer_id, metric_code, occurred_at) index.
        var subscription = subscriptions.find(subscriptionId).orElseThrow(() -> ApiException.notFound("subscription", subscriptionId));
        return Scope.subscription(TenantContext.require(), subscription.customerId(), subscription.id());
    }

    private static void requireRange(BillableMetric metric, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
        if (!metric.tenantId().equals(TenantContext.require())) {
            throw new IllegalArgumentException("metric " + metric.code() + " belongs to another tenant");
        }
    }

    /** PostgreSQL keeps microseconds; cutting here keeps both sides of a weighted_sum's division on the same instants. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
