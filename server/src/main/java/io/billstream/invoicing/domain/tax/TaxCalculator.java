package io.billstream.invoicing.domain.tax;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tax on one invoice line, per rate, in integer minor units.
 *
 * <ul>
 *   <li><b>Exclusive</b> rates are added on top: {@code tax = round(amount × p / 100)}.</li>
 *   <li><b>Inclusive</b> rates are already in the amount. With inclusive rates summing to
 *       {@code P}, the line's net is {@code round(amount × 100 / (100 + P))} and each inclusive
 *       tax {@code round(net_exact × p / 100)}, where {@code net_exact} is the unrounded net. The last
 *       inclusive rate takes the rounding difference, so that {@code net + Σ inclusive taxes == amount}
 *       exactly: the customer pays exactly the price shown.</li>
 *   <li>Exclusive rates on a line that also has inclusive ones apply to the (rounded) net.</li>
 * </ul>
 *
 * Every tax is rounded once, per line and rate, with the tenant's rounding mode, computed from the
 * exact quotient (never an intermediate rounding). A negative line (a credit, an adjustment) gets
 * negative taxes; the half-* modes round symmetrically, so a credit's tax is the exact opposite of
 * the charge's.
 */
public final class TaxCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private TaxCalculator() {
    }

    /**
     * The tax on one line whose rounded amount is {@code amountMinor} (may be negative for
     * credits/adjustments: tax then negative too).
     *
     * @param rates    the rates that apply, in the order the taxes are to be listed
     * @param rounding how each tax is rounded to a whole minor unit; not {@code UNNECESSARY}
     * @return one entry per rate, in the order of {@code rates}; empty when there are no rates
     */
    public static List<LineTax> taxLine(long amountMinor, List<TaxRate> rates, RoundingMode rounding) {
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(rounding, "rounding");
        if (rounding == RoundingMode.UNNECESSARY) {
            throw new IllegalArgumentException("Taxes are rounded to whole minor units: UNNECESSARY cannot round them");
        }
        if (rates.isEmpty()) {
            return List.of();
        }
        BigDecimal amount = BigDecimal.valueOf(amountMinor);
        BigDecimal inclusivePercent = rates.stream().filter(TaxRate::inclusive).map(TaxRate::percentage)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        long[] taxes = new long[rates.size()];
        long net = amountMinor;
        if (inclusivePercent.signum() > 0) {
            // amount × p / (100 + P) is net_exact × p / 100 without rounding net_exact first.
            BigDecimal divisor = HUNDRED.add(inclusivePercent);
            net = amount.multiply(HUNDRED).divide(divisor, 0, rounding).longValueExact();
            long contained = Math.subtractExact(amountMinor, net);
            int last = -1;
            long sum = 0;
            for (int i = 0; i < rates.size(); i++) {
                if (rates.get(i).inclusive()) {
                    taxes[i] = amount.multiply(rates.get(i).percentage()).divide(divisor, 0, rounding).longValueExact();
                    sum += taxes[i];
                    last = i;
                }
            }
            taxes[last] += contained - sum;
            keepSignOfAmount(taxes, rates, last, Long.signum(amountMinor));
        }
        BigDecimal taxable = BigDecimal.valueOf(net);
        for (int i = 0; i < rates.size(); i++) {
            if (!rates.get(i).inclusive()) {
                taxes[i] = taxable.multiply(rates.get(i).percentage()).movePointLeft(2).setScale(0, rounding).longValueExact();
            }
        }
        List<LineTax> lineTaxes = new ArrayList<>(rates.size());
        for (int i = 0; i < rates.size(); i++) {
            TaxRate rate = rates.get(i);
            lineTaxes.add(new LineTax(rate.id(), rate.name(), rate.percentage(), rate.inclusive(), net, taxes[i]));
        }
        return List.copyOf(lineTaxes);
    }

    /**
     * With three or more inclusive rates on a line of a few minor units, the rounding difference can
     * exceed the last rate's own tax (net and two taxes all rounded up, say), which would leave that
     * tax with the opposite sign to the line. The difference is then taken from the earlier inclusive
     * rates instead, one minor unit at a time from the last backwards. Their total, amount − net, has
     * the line's sign, so this always ends.
     */
    private static void keepSignOfAmount(long[] taxes, List<TaxRate> rates, int last, int sign) {
        for (int j = last - 1; j >= 0 && Long.signum(taxes[last]) == -sign && sign != 0; j--) {
            while (rates.get(j).inclusive() && Long.signum(taxes[j]) == sign && Long.signum(taxes[last]) == -sign) {
                taxes[j] -= sign;
                taxes[last] += sign;
            }
        }
    }
}
