package io.billstream.invoicing.application;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.FixedFees;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.catalog.domain.pricing.PriceComponent;
import io.billstream.catalog.domain.pricing.PriceEvaluation;
import io.billstream.invoicing.domain.DraftLine;
import io.billstream.invoicing.domain.LineKind;
import io.billstream.platform.money.Decimals;
import io.billstream.subscription.SubscriptionLedger;
import io.billstream.subscription.SubscriptionLedger.Period;
import io.billstream.usage.UsagePricing;
import io.billstream.usage.UsagePricing.PricedCharge;
import io.billstream.usage.UsagePricing.PricedGroup;
import org.springframework.stereotype.Component;

/**
 * Turns what the subscription ledger and usage say into invoice lines: the one place that decides
 * what a billing date bills, used by billing runs, draft refreshes and previews alike.
 */
@Component
class InvoiceAssembler {

    private final SubscriptionLedger ledger;
    private final UsagePricing pricing;
    private final PlanCatalog plans;

    InvoiceAssembler(SubscriptionLedger ledger, UsagePricing pricing, PlanCatalog plans) {
        this.ledger = ledger;
        this.pricing = pricing;
        this.plans = plans;
    }

    /** The usage of a period, priced as it stands now: one line per charge and group, and any minimum. */
    List<DraftLine> usageLines(Period period, RoundingMode rounding) {
        PlanVersion version = plans.versionById(period.planVersionId());
        List<PricedCharge> charges = pricing.price(period.customerId(), period.subscriptionId(), version, period.periodStart(),
                period.end(), false, rounding);
        List<DraftLine> lines = new ArrayList<>();
        for (PricedCharge charge : charges) {
            lines.addAll(chargeLines(period, version, charge));
        }
        return lines;
    }

    /** The fees in arrears of a closed period (the base fee, when the plan bills it after the period). */
    List<DraftLine> arrearsFeeLines(Period period, RoundingMode rounding) {
        PlanVersion version = plans.versionById(period.planVersionId());
        return FixedFees.inArrears(version, period.periodStart(), period.end(), period.fullPeriod(), rounding).stream()
                .map(fee -> feeLine(fee, period, version)).toList();
    }

    /** The fees in advance for a period that has started: base fee (if in advance) and recurring items. */
    List<DraftLine> advanceFeeLines(Period period, RoundingMode rounding) {
        PlanVersion version = plans.versionById(period.planVersionId());
        return FixedFees.inAdvance(version, period.quantities(), period.periodStart(), period.periodEnd(), period.fullPeriod(), rounding)
                .stream().map(fee -> feeLine(fee, period, version)).toList();
    }

    /** Prorations and one-time items; their tax rates are the customer's or the tenant's (they name no plan). */
    List<DraftLine> pendingLines(List<SubscriptionLedger.PendingCharge> items) {
        return items.stream().map(item -> new DraftLine("one_time".equals(item.kind()) ? LineKind.ONE_TIME : LineKind.PRORATION,
                item.description(), item.subscriptionId(), null, item.id(), null, null, item.quantity(), item.unitPrice(),
                BigDecimal.valueOf(item.amountMinor(), Currency.getInstance(item.currency()).getDefaultFractionDigits()),
                item.amountMinor(), List.of(), item.serviceStart(), item.serviceEnd(), null, List.of()))
                .toList();
    }

    /**
     * Late usage of a period billed on another invoice: for each charge, its price now less what has been
     * billed for it, as one labelled line (a credit when negative). Zero differences make no line.
     *
     * @param billed what was billed so far for a metric of this period, on other invoices
     */
    List<DraftLine> adjustmentLines(Period period, RoundingMode rounding, java.util.function.ToLongFunction<String> billed) {
        PlanVersion version = plans.versionById(period.planVersionId());
        List<DraftLine> lines = new ArrayList<>();
        int digits = version.terms().currency().getDefaultFractionDigits();
        for (PricedCharge charge : pricing.price(period.customerId(), period.subscriptionId(), version, period.periodStart(),
                period.end(), false, rounding)) {
            long difference = charge.amountMinor() - billed.applyAsLong(charge.metricCode());
            if (difference == 0) {
                continue;
            }
            BigDecimal quantity = charge.groups().stream().map(PricedGroup::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            String description = "Late usage adjustment: " + charge.metricName() + " for " + period.periodStart() + " to " + period.end()
                    + " (now " + Decimals.plain(quantity) + " in total)";
            lines.add(new DraftLine(LineKind.USAGE_ADJUSTMENT, description, period.subscriptionId(), period.id(), null,
                    charge.metricCode(), null, quantity, null, BigDecimal.valueOf(difference, digits), difference, List.of(),
                    period.periodStart(), period.end(), version.planId(), List.of()));
        }
        return lines;
    }

    private List<DraftLine> chargeLines(Period period, PlanVersion version, PricedCharge charge) {
        List<DraftLine> lines = new ArrayList<>();
        if (charge.groups().isEmpty()) {
            // A metered charge with no usage still appears, at zero, so the invoice shows it was measured.
            lines.add(new DraftLine(LineKind.USAGE, charge.metricName(), period.subscriptionId(), period.id(), null, charge.metricCode(),
                    Map.of(), BigDecimal.ZERO, null, BigDecimal.ZERO, 0, List.of(), period.periodStart(), period.end(),
                    version.planId(), List.of()));
        }
        for (PricedGroup group : charge.groups()) {
            List<DraftLine.Breakdown> breakdown = group.evaluation() == null ? List.of() : breakdown(group.evaluation());
            BigDecimal unitPrice = singleUnitPrice(group.evaluation());
            lines.add(new DraftLine(LineKind.USAGE, charge.metricName() + groupLabel(group.group()), period.subscriptionId(),
                    period.id(), null, charge.metricCode(), group.group(), group.quantity(), unitPrice, group.exactAmount(),
                    group.amountMinor(), unitPrice == null ? breakdown : List.of(), period.periodStart(), period.end(),
                    version.planId(), List.of()));
        }
        if (charge.minimumAdjustmentMinor() > 0) {
            int digits = version.terms().currency().getDefaultFractionDigits();
            lines.add(new DraftLine(LineKind.MINIMUM, "Minimum commitment: " + charge.metricName() + " (minimum "
                    + Decimals.plain(charge.minimumAmount()) + ")", period.subscriptionId(), period.id(), null, charge.metricCode(),
                    null, BigDecimal.ONE, null, BigDecimal.valueOf(charge.minimumAdjustmentMinor(), digits),
                    charge.minimumAdjustmentMinor(), List.of(), period.periodStart(), period.end(), version.planId(), List.of()));
        }
        return lines;
    }

    private static DraftLine feeLine(FixedFees.FeeLine fee, Period period, PlanVersion version) {
        LineKind kind = "base_fee".equals(fee.kind()) ? LineKind.BASE_FEE : LineKind.RECURRING_ITEM;
        return new DraftLine(kind, fee.description(), period.subscriptionId(), period.id(), null, null, null, fee.quantity(),
                fee.unitPrice(), fee.exactAmount(), fee.amountMinor(), List.of(), fee.from(), fee.to(), version.planId(), List.of());
    }

    /** The unit price when the whole amount is units × one price (standard pricing); null when tiers or packages price it. */
    private static BigDecimal singleUnitPrice(PriceEvaluation evaluation) {
        if (evaluation == null || evaluation.minimumAdjustment().signum() != 0 || evaluation.breakdown().size() > 1) {
            return evaluation == null ? BigDecimal.ZERO : null;
        }
        if (evaluation.breakdown().isEmpty()) {
            return BigDecimal.ZERO;
        }
        return evaluation.breakdown().getFirst() instanceof PriceComponent.Units units ? units.unitPrice() : null;
    }

    static List<DraftLine.Breakdown> breakdown(PriceEvaluation evaluation) {
        List<DraftLine.Breakdown> rows = new ArrayList<>();
        for (PriceComponent component : evaluation.breakdown()) {
            rows.add(switch (component) {
                case PriceComponent.Units u -> new DraftLine.Breakdown("Units", u.units(), u.unitPrice(), null, u.amount());
                case PriceComponent.TierUnits t -> new DraftLine.Breakdown("Tier " + t.tierNumber() + " (" + Decimals.plain(t.tier().from())
                        + (t.tier().isUnbounded() ? " and above" : " to " + Decimals.plain(t.tier().upTo())) + ")", t.units(),
                        t.tier().unitPrice(), t.tier().flatFee(), t.amount());
                case PriceComponent.Packages p -> new DraftLine.Breakdown("Packages of " + Decimals.plain(p.packageSize()) + " ("
                        + Decimals.plain(p.billableUnits()) + " billable of " + Decimals.plain(p.units()) + " units)", p.packages(),
                        p.packagePrice(), null, p.amount());
                case PriceComponent.Events e -> new DraftLine.Breakdown(e.billableEvents() + " billable events (" + e.freeEvents()
                        + " free): " + Decimals.plain(e.ratePercent()) + " % of " + Decimals.plain(e.billableAmount())
                        + " plus fixed fees", BigDecimal.valueOf(e.billableEvents()), null, e.fixedFees(), e.amount());
            });
        }
        if (evaluation.minimumAdjustment().signum() > 0) {
            rows.add(new DraftLine.Breakdown("Charge minimum", null, null, null, evaluation.minimumAdjustment()));
        }
        return rows;
    }

    private static String groupLabel(Map<String, String> group) {
        if (group == null || group.isEmpty()) {
            return "";
        }
        StringBuilder label = new StringBuilder(" (");
        new TreeMap<>(group).forEach((k, v) -> label.append(label.length() > 2 ? ", " : "").append(k).append(": ")
                .append(v == null ? "none" : v));
        return label.append(')').toString();
    }
}
