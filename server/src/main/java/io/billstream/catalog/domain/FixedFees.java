package io.billstream.catalog.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.catalog.domain.period.Proration;
import io.billstream.platform.money.Money;

/**
 * The fees a plan version charges for time rather than usage: the base fee and recurring items,
 * prorated to a stretch of a full billing period. Subscriptions quote them and create prorations
 * from them; invoicing bills them. Each line is rounded once, with the tenant's rounding mode.
 */
public final class FixedFees {

    /**
     * One priced fee.
     *
     * @param kind        {@code base_fee} or {@code recurring_item}
     * @param code        the recurring item's code; null for the base fee
     * @param exactAmount {@code quantity × unitPrice} prorated, before rounding
     */
    public record FeeLine(String kind, String code, String description, BigDecimal quantity, BigDecimal unitPrice,
                          BigDecimal exactAmount, long amountMinor, Instant from, Instant to) {
    }

    private FixedFees() {
    }

    /**
     * The fees billed in advance for the stretch {@code from}..{@code to} of the full period
     * {@code full}: the base fee when the plan bills it in advance, and every recurring item with a
     * quantity.
     */
    public static List<FeeLine> inAdvance(PlanVersion version, Map<String, Long> quantities, Instant from, Instant to,
                                          BillingPeriod full, RoundingMode rounding) {
        PlanTerms terms = version.terms();
        List<FeeLine> lines = new ArrayList<>();
        if (terms.feeTiming() == FeeTiming.IN_ADVANCE && terms.baseFeeMinor() > 0) {
            lines.add(prorated("base_fee", null, version.planCode() + " base fee", BigDecimal.ONE, baseFee(terms), from, to, full,
                    terms.currency(), rounding));
        }
        for (RecurringItem item : terms.recurringItems()) {
            long quantity = quantities.getOrDefault(item.code(), 0L);
            if (quantity > 0) {
                lines.add(prorated("recurring_item", item.code(), item.name(), BigDecimal.valueOf(quantity), item.unitPrice(), from, to,
                        full, terms.currency(), rounding));
            }
        }
        return lines;
    }

    /** The base fee billed in arrears for the stretch {@code from}..{@code to}, if the plan bills it so. */
    public static List<FeeLine> inArrears(PlanVersion version, Instant from, Instant to, BillingPeriod full, RoundingMode rounding) {
        PlanTerms terms = version.terms();
        if (terms.feeTiming() != FeeTiming.IN_ARREARS || terms.baseFeeMinor() == 0) {
            return List.of();
        }
        return List.of(prorated("base_fee", null, version.planCode() + " base fee (in arrears)", BigDecimal.ONE, baseFee(terms), from,
                to, full, terms.currency(), rounding));
    }

    public static BigDecimal baseFee(PlanTerms terms) {
        return BigDecimal.valueOf(terms.baseFeeMinor(), terms.currency().getDefaultFractionDigits());
    }

    private static FeeLine prorated(String kind, String code, String description, BigDecimal quantity, BigDecimal unitPrice,
                                    Instant from, Instant to, BillingPeriod full, Currency currency, RoundingMode rounding) {
        BigDecimal exact = Proration.prorate(unitPrice.multiply(quantity), from, to, full);
        long minor = Money.ofMajor(exact, currency, rounding).amountMinor();
        boolean whole = from.equals(full.start()) && to.equals(full.endExclusive());
        String label = whole ? description : description + " (" + from + " to " + to + ")";
        return new FeeLine(kind, code, label, quantity, unitPrice, exact, minor, from, to);
    }
}
