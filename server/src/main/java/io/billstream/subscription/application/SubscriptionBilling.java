package io.billstream.subscription.application;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import io.billstream.catalog.domain.Feature;
import io.billstream.catalog.domain.FixedFees;
import io.billstream.catalog.domain.OneTimeItem;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.catalog.domain.RecurringItem;
import io.billstream.catalog.domain.period.BillingCycle;
import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.catalog.domain.period.Proration;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.money.Money;
import io.billstream.platform.money.TenantRounding;
import io.billstream.subscription.db.BillingLedger;
import io.billstream.subscription.db.Entitlements;
import io.billstream.subscription.domain.Subscription;
import org.springframework.stereotype.Component;

/**
 * The billing side effects of subscription changes, written in the change's transaction: billing
 * periods and pending items for invoicing, and the entitlement state the hot read path serves.
 * Amounts are exact decimals until a line is made; each line is rounded once, half-up, to the
 * currency's minor unit.
 */
@Component
class SubscriptionBilling {

    /** One priced line: what a renewal will charge, or a proration. */
    record Line(String kind, String code, String description, BigDecimal quantity, BigDecimal unitPrice, long amountMinor) {
    }

    private final BillingLedger ledger;
    private final Entitlements entitlements;
    private final TenantRounding rounding;

    SubscriptionBilling(BillingLedger ledger, Entitlements entitlements, TenantRounding rounding) {
        this.ledger = ledger;
        this.entitlements = entitlements;
        this.rounding = rounding;
    }

    /** Each line is rounded once, with the tenant's rounding mode (half up unless it chose otherwise). */
    RoundingMode rounding() {
        return rounding.current();
    }

    static BillingCycle cycle(Subscription s, PlanTerms terms, java.time.Instant cycleStart) {
        return BillingCycle.of(terms.interval(), s.anchor(), cycleStart, ZoneId.of(s.timezone()));
    }

    void openPeriod(Subscription s, PlanVersion version, BillingPeriod period, BillingPeriod full, String reason,
                    boolean advanceFeesBillable, Instant now) {
        ledger.openPeriod(s.tenantId(), s.customerId(), s.id(), version.id(), s.currency(), period.start(), period.endExclusive(),
                full.start(), full.endExclusive(), s.quantities(), reason, advanceFeesBillable, now);
    }

    String closePeriod(Subscription s, Instant endedAt, String reason, Instant now) {
        return ledger.closeOpenPeriod(s.tenantId(), s.id(), endedAt, reason, now);
    }

    /**
     * The fees a plan version bills in advance for the stretch {@code from}..{@code to} of the full
     * period {@code full}: the base fee when it is billed in advance, and every recurring item.
     */
    static List<Line> advanceFees(PlanVersion version, Map<String, Long> quantities, Instant from, Instant to, BillingPeriod full,
                                  RoundingMode rounding) {
        return lines(FixedFees.inAdvance(version, quantities, from, to, full, rounding));
    }

    /** The base fee billed in arrears for the stretch {@code from}..{@code to}, if the plan bills it so. */
    static List<Line> arrearsFee(PlanVersion version, Instant from, Instant to, BillingPeriod full, RoundingMode rounding) {
        return lines(FixedFees.inArrears(version, from, to, full, rounding));
    }

    private static List<Line> lines(List<FixedFees.FeeLine> fees) {
        return fees.stream().map(f -> new Line(f.kind(), f.code(), f.description(), f.quantity(), f.unitPrice(), f.amountMinor())).toList();
    }

    /**
     * Records proration items for the stretch {@code from}..{@code to}: a credit ({@code sign} -1)
     * for fees already billed in advance, or a charge (+1) for fees now due. Returns the total.
     */
    long addProrations(Subscription s, PlanVersion version, Map<String, Long> quantities, Instant from, Instant to,
                       BillingPeriod full, int sign, String reason, String sourceId, Instant now) {
        long total = 0;
        if (!from.isBefore(to)) {
            return 0;
        }
        for (Line line : advanceFees(version, quantities, from, to, full, rounding.current())) {
            long amount = sign * line.amountMinor();
            if (amount == 0) {
                continue;
            }
            String description = (sign < 0 ? "Unused time: " : "Remaining time: ") + line.description() + " (" + reason + ")";
            ledger.addItem(s.tenantId(), s.customerId(), new BillingLedger.PendingItem(Ids.next("ii"), s.id(), "proration",
                    description, line.quantity(), line.unitPrice(), amount, s.currency(), from, to, sourceId, now));
            total += amount;
        }
        return total;
    }

    /** A quantity change on one recurring item: the difference, prorated, as one item. */
    long addQuantityProration(Subscription s, RecurringItem item, long oldQuantity, long newQuantity, Instant from, Instant to,
                              BillingPeriod full, String sourceId, Instant now) {
        long delta = newQuantity - oldQuantity;
        if (delta == 0 || !from.isBefore(to)) {
            return 0;
        }
        BigDecimal exact = Proration.prorate(item.unitPrice().multiply(BigDecimal.valueOf(delta)), from, to, full);
        long amount = Money.ofMajor(exact, Currency.getInstance(s.currency()), rounding.current()).amountMinor();
        if (amount != 0) {
            String description = item.name() + ": quantity " + oldQuantity + " → " + newQuantity + " for " + from + " to " + to;
            ledger.addItem(s.tenantId(), s.customerId(), new BillingLedger.PendingItem(Ids.next("ii"), s.id(), "proration",
                    description, BigDecimal.valueOf(delta), item.unitPrice(), amount, s.currency(), from, to, sourceId, now));
        }
        return amount;
    }

    /**
     * One-time items (a setup fee) are billed once, on the invoice of the first paid period: their
     * service date is that period's start, which is how invoicing knows which billing date they belong to.
     */
    void addOneTimeItems(Subscription s, PlanVersion version, Instant periodStart, Instant now) {
        for (OneTimeItem item : version.terms().oneTimeItems()) {
            BigDecimal exact = item.unitPrice().multiply(BigDecimal.valueOf(item.quantity()));
            long amount = Money.ofMajor(exact, Currency.getInstance(s.currency()), rounding.current()).amountMinor();
            ledger.addItem(s.tenantId(), s.customerId(), new BillingLedger.PendingItem(Ids.next("ii"), s.id(), "one_time",
                    item.name(), BigDecimal.valueOf(item.quantity()), item.unitPrice(), amount, s.currency(), periodStart, null, null, now));
        }
    }

    /**
     * Grants the version's features for {@code period}; per-period limits restart from zero when the
     * period changes. A subscription whose entitlements are restricted gets every grant restricted,
     * including features the version adds: the restriction lasts until the payment is recovered.
     */
    void grantEntitlements(Subscription s, PlanVersion version, BillingPeriod period, Instant now) {
        List<String> codes = new ArrayList<>();
        for (Feature feature : version.terms().features()) {
            codes.add(feature.code());
            boolean perPeriod = feature.reset() == Feature.Reset.PERIOD;
            entitlements.upsert(s.tenantId(), new Entitlements.Row(s.id(), s.customerId(), feature.code(), feature.type().apiName(),
                    feature.enabled(), feature.limit(), feature.reset().apiName(), feature.metricCode(), BigDecimal.ZERO,
                    perPeriod ? period.start() : null, perPeriod ? period.endExclusive() : null, feature.alertThresholds(),
                    s.entitlementsRestricted()), now);
        }
        entitlements.retainOnly(s.tenantId(), s.id(), codes);
    }

    void revokeEntitlements(Subscription s) {
        entitlements.removeAll(s.tenantId(), s.id());
    }
}
