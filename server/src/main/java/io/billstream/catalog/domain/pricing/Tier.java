package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;

import io.billstream.platform.domain.InvalidValueException;

/**
 * One step of a tiered price: the units above {@code from} up to and including {@code upTo}.
 * Errors name the field relative to the tier ({@code unit_price}); whoever builds a list of tiers adds
 * the index.
 *
 * @param from      exclusive lower bound (the first tier starts at 0 and includes it)
 * @param upTo      inclusive upper bound, like Stripe's {@code up_to}; {@code null} for the unbounded last tier
 * @param unitPrice price per unit in major units, at most 12 decimal places
 * @param flatFee   charged once when usage enters the tier; {@code null} means 0
 */
public record Tier(BigDecimal from, BigDecimal upTo, BigDecimal unitPrice, BigDecimal flatFee) {

    public Tier {
        from = Decimals.nonNegative(from, "from");
        upTo = Decimals.nonNegativeOrNull(upTo, "up_to");
        if (upTo != null && upTo.compareTo(from) <= 0) {
            throw new InvalidValueException("up_to", "up_to (" + upTo.toPlainString() + ") must be greater than from ("
                    + from.toPlainString() + ")");
        }
        unitPrice = Decimals.nonNegative(unitPrice, "unit_price");
        flatFee = Decimals.nonNegativeOrZero(flatFee, "flat_fee");
    }

    public static Tier bounded(BigDecimal from, BigDecimal upTo, BigDecimal unitPrice) {
        return new Tier(from, upTo, unitPrice, null);
    }

    public static Tier unbounded(BigDecimal from, BigDecimal unitPrice) {
        return new Tier(from, null, unitPrice, null);
    }

    public boolean isUnbounded() {
        return upTo == null;
    }

    /** Usage enters a tier only past its lower bound, so zero units enter no tier and pay no flat fee. */
    boolean isEnteredBy(BigDecimal units) {
        return units.compareTo(from) > 0;
    }

    /** Whether a total of {@code units} falls in this tier; a total exactly on {@code upTo} still does. */
    boolean contains(BigDecimal units) {
        return isEnteredBy(units) && (upTo == null || units.compareTo(upTo) <= 0);
    }

    /** The part of {@code units} that falls in this tier: clamp(units − from, 0, upTo − from). */
    BigDecimal unitsWithin(BigDecimal units) {
        if (!isEnteredBy(units)) {
            return BigDecimal.ZERO;
        }
        BigDecimal top = upTo == null ? units : units.min(upTo);
        return Decimals.canonical(top.subtract(from));
    }
}
