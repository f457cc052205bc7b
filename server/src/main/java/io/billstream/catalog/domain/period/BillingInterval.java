package io.billstream.catalog.domain.period;

import java.time.LocalDateTime;

import io.billstream.platform.domain.InvalidValueException;

/**
 * How often a price repeats: {@code count} × {@code unit}, e.g. every 2 weeks or every quarter.
 * {@code count} runs from 1 to {@link IntervalUnit#maxCount()}: 365 days, 52 weeks, 24 months,
 * 8 quarters or 5 years.
 *
 * @throws InvalidValueException {@code interval} if the unit is missing, {@code interval_count}
 *                               if the count is out of range
 */
public record BillingInterval(IntervalUnit unit, int count) {

    public BillingInterval {
        if (unit == null) {
            throw new InvalidValueException("interval", "is required");
        }
        if (count < 1 || count > unit.maxCount()) {
            throw new InvalidValueException("interval_count",
                    "must be between 1 and " + unit.maxCount() + " for interval '" + unit.code() + "', not " + count);
        }
    }

    // In one step, not interval by interval, so a month-end anchor clamps from the original day and never drifts.
    LocalDateTime addTo(LocalDateTime dateTime, long times) {
        return unit.plus(dateTime, Math.multiplyExact(times, count));
    }

    @Override
    public String toString() {
        return count + " " + unit.code();
    }
}
