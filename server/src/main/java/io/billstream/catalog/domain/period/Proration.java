package io.billstream.catalog.domain.period;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Charges for part of a period by the exact share of real time elapsed: one day of a 28-day
 * February is 1/28, one hour of a 23-hour DST day is 1/23. Durations are counted exactly in
 * nanoseconds (finer than the microseconds Billstream stores) and divided once, to
 * {@link #PRECISION} (34 significant digits, half-even). Results are not rounded to a currency:
 * callers round once per invoice line.
 */
public final class Proration {

    /** IEEE 754 decimal128: 34 significant digits, half-even; each result is off by at most half a unit in its 34th digit. */
    public static final MathContext PRECISION = MathContext.DECIMAL128;

    private Proration() {
    }

    /**
     * {@code (to − from) / (full.end − full.start)}: exactly 1 for the whole period, exactly 0
     * when {@code from == to}.
     *
     * @throws IllegalArgumentException unless {@code full.start <= from <= to <= full.endExclusive}
     */
    public static BigDecimal fraction(Instant from, Instant to, BillingPeriod full) {
        BigDecimal elapsedNanos = elapsedNanos(from, to, full);
        if (elapsedNanos.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return elapsedNanos.divide(nanos(full.length()), PRECISION);
    }

    /** The fraction of {@code full} that {@code part} covers; {@code part} must lie within {@code full}. */
    public static BigDecimal fraction(BillingPeriod part, BillingPeriod full) {
        Objects.requireNonNull(part, "part");
        return fraction(part.start(), part.endExclusive(), full);
    }

    /**
     * {@code amount × fraction(from, to, full)}, computed as one division of
     * {@code amount × elapsed} by the period's length so the only rounding is at the 34th significant digit.
     *
     * @throws IllegalArgumentException unless {@code full.start <= from <= to <= full.endExclusive}
     */
    public static BigDecimal prorate(BigDecimal amount, Instant from, Instant to, BillingPeriod full) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal elapsedNanos = elapsedNanos(from, to, full);
        if (elapsedNanos.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return amount.multiply(elapsedNanos).divide(nanos(full.length()), PRECISION);
    }

    /** {@code amount} prorated for the part of {@code full} that {@code part} covers. */
    public static BigDecimal prorate(BigDecimal amount, BillingPeriod part, BillingPeriod full) {
        Objects.requireNonNull(part, "part");
        return prorate(amount, part.start(), part.endExclusive(), full);
    }

    private static BigDecimal elapsedNanos(Instant from, Instant to, BillingPeriod full) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(full, "full");
        if (from.isBefore(full.start()) || to.isAfter(full.endExclusive()) || to.isBefore(from)) {
            throw new IllegalArgumentException("cannot prorate " + from + " .. " + to + " against " + full
                    + ": the span must run forwards and lie within the period");
        }
        return nanos(Duration.between(from, to));
    }

    private static BigDecimal nanos(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).movePointRight(9).add(BigDecimal.valueOf(duration.getNano()));
    }
}
