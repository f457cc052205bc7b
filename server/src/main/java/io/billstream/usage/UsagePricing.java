package io.billstream.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import io.billstream.catalog.application.MetricCatalog;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.catalog.domain.UsageCharge;
import io.billstream.catalog.domain.pricing.PercentagePricing;
import io.billstream.catalog.domain.pricing.PriceEvaluation;
import io.billstream.catalog.domain.pricing.Usage;
import io.billstream.platform.money.Money;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.usage.application.UsageMeter;
import io.billstream.usage.domain.GroupQuantity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prices a subscription's usage over a stretch of time with its plan version's charges: the one
 * pricing path shared by the usage report, invoice previews and billing runs, so what a customer
 * is shown is what they are billed.
 *
 * <p>Each group is priced on its own by the charge model and rounded once; a charge's minimum is a
 * commitment for the whole charge, not for each group: what the rounded lines fall short of the
 * rounded minimum is added once.
 */
@Service
public class UsagePricing {

    /**
     * One group's usage and price.
     *
     * @param evaluation the charge model's exact evaluation (tiers, packages); null when not priced (trials)
     */
    public record PricedGroup(Map<String, String> group, BigDecimal quantity, long events, PriceEvaluation evaluation,
                              BigDecimal exactAmount, long amountMinor) {
    }

    /** One usage charge of the plan version for the stretch, with one line per group. */
    public record PricedCharge(String metricCode, String metricName, String aggregation, List<String> groupBy, String chargeModel,
                               List<PricedGroup> groups, BigDecimal minimumAmount, long minimumAdjustmentMinor, long amountMinor) {
    }

    private final UsageMeter meter;
    private final MetricCatalog metrics;

    UsagePricing(UsageMeter meter, MetricCatalog metrics) {
        this.meter = meter;
        this.metrics = metrics;
    }

    /**
     * Prices every usage charge of {@code version} on the subscription's events in {@code from}..{@code to}.
     *
     * @param free true for a trial: usage is measured, nothing is charged
     */
    @Transactional(readOnly = true)
    public List<PricedCharge> price(String customerId, String subscriptionId, PlanVersion version, Instant from, Instant to,
                                    boolean free, RoundingMode rounding) {
        List<PricedCharge> charges = new ArrayList<>();
        Currency currency = version.terms().currency();
        for (UsageCharge charge : version.terms().charges()) {
            BillableMetric metric = metrics.find(charge.metricCode())
                    .orElseThrow(() -> new IllegalStateException("Plan version " + version.id() + " prices missing metric " + charge.metricCode()));
            List<GroupQuantity> quantities = meter.subscriptionSeries(TenantContext.require(), customerId, subscriptionId, metric, from, to);
            charges.add(price(charge, metric, quantities, free, currency, rounding, customerId, subscriptionId, from, to));
        }
        return charges;
    }

    private PricedCharge price(UsageCharge charge, BillableMetric metric, List<GroupQuantity> quantities, boolean free,
                               Currency currency, RoundingMode rounding, String customerId, String subscriptionId, Instant from,
                               Instant to) {
        List<PricedGroup> groups = new ArrayList<>();
        long linesMinor = 0;
        for (GroupQuantity quantity : quantities) {
            PriceEvaluation evaluation = null;
            BigDecimal exact = BigDecimal.ZERO;
            long amountMinor = 0;
            if (!free) {
                evaluation = charge.charge().model().evaluate(usage(charge, metric, quantity, customerId, subscriptionId, from, to));
                exact = evaluation.amount();
                amountMinor = Money.ofMajor(exact, currency, rounding).amountMinor();
            }
            groups.add(new PricedGroup(quantity.group(), quantity.quantity(), quantity.events(), evaluation, exact, amountMinor));
            linesMinor = Math.addExact(linesMinor, amountMinor);
        }
        BigDecimal minimum = charge.charge().minimumAmount();
        long adjustment = 0;
        if (!free && minimum != null) {
            adjustment = Math.max(0, Money.ofMajor(minimum, currency, rounding).amountMinor() - linesMinor);
        }
        return new PricedCharge(metric.code(), metric.name(), metric.aggregation().apiName(), metric.groupBy(),
                charge.charge().model().code(), groups, minimum, adjustment, Math.addExact(linesMinor, adjustment));
    }

    private Usage usage(UsageCharge charge, BillableMetric metric, GroupQuantity quantity, String customerId, String subscriptionId,
                        Instant from, Instant to) {
        if (charge.charge().model() instanceof PercentagePricing) {
            // A refund is a correction of its own, not a negative fee: only amounts of 0 and more are priced.
            List<BigDecimal> amounts = meter.subscriptionEventValues(TenantContext.require(), customerId, subscriptionId, metric,
                    quantity.group(), from, to).stream().filter(amount -> amount.signum() >= 0).toList();
            return Usage.ofEvents(amounts);
        }
        // Charge models price what was used, never a credit: a negative sum (or level) costs nothing.
        return Usage.ofUnits(quantity.quantity().max(BigDecimal.ZERO));
    }
}
