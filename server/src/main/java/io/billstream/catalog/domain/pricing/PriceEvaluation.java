package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

import io.billstream.platform.money.Money;

/**
 * The exact price of some usage: {@code amount = sum of the breakdown + minimumAdjustment}, checked on
 * construction.
 *
 * @param amount            the exact amount in major units, never rounded
 * @param breakdown         one component per charged part, in tier order
 * @param minimumAdjustment what the charge's minimum added on top of the breakdown; 0 when the usage
 *                          reached the minimum or there is none
 */
public record PriceEvaluation(BigDecimal amount, List<PriceComponent> breakdown, BigDecimal minimumAdjustment) {

    /**
     * The one rounding rule: an amount is rounded to the currency's minor unit once, half up, when an
     * invoice line (or a quoted total) is made, never part-way through a calculation.
     */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    public PriceEvaluation {
        Objects.requireNonNull(amount, "amount");
        breakdown = List.copyOf(breakdown);
        Objects.requireNonNull(minimumAdjustment, "minimumAdjustment");
        if (minimumAdjustment.signum() < 0) {
            throw new IllegalArgumentException("a minimum only ever adds, got " + minimumAdjustment.toPlainString());
        }
        BigDecimal expected = sum(breakdown).add(minimumAdjustment);
        if (expected.compareTo(amount) != 0) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " is not the breakdown plus the minimum adjustment ("
                    + expected.toPlainString() + ")");
        }
        amount = Decimals.canonical(amount);
        minimumAdjustment = Decimals.canonical(minimumAdjustment);
    }

    /** The price of exactly these parts, with no minimum. */
    public static PriceEvaluation of(List<PriceComponent> breakdown) {
        return new PriceEvaluation(sum(breakdown), breakdown, BigDecimal.ZERO);
    }

    /** The amount rounded once, with {@link #ROUNDING}, to the minor unit of {@code currency}. */
    public Money rounded(Currency currency) {
        return Money.ofMajor(amount, currency, ROUNDING);
    }

    /** This evaluation raised to {@code minimum} if it falls short of it. */
    PriceEvaluation atLeast(BigDecimal minimum) {
        if (amount.compareTo(minimum) >= 0) {
            return this;
        }
        return new PriceEvaluation(minimum, breakdown, minimum.subtract(amount));
    }

    private static BigDecimal sum(List<PriceComponent> breakdown) {
        BigDecimal sum = BigDecimal.ZERO;
        for (PriceComponent component : breakdown) {
            sum = sum.add(component.amount());
        }
        return sum;
    }
}
