package io.billstream.catalog.domain.period;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * The unit a price repeats in. Each unit caps how many of it one interval may span: longer spans
 * are written in a larger unit (400 days is almost certainly a typo; three years is {@code year} × 3).
 */
public enum IntervalUnit {
    DAY(365),
    WEEK(52),
    MONTH(24),
    QUARTER(8),
    YEAR(5);

    private final int maxCount;

    IntervalUnit(int maxCount) {
        this.maxCount = maxCount;
    }

    /** The API name: {@code day}, {@code week}, {@code month}, {@code quarter} or {@code year}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The largest {@code interval_count} this unit accepts. */
    public int maxCount() {
        return maxCount;
    }

    /**
     * @param field the API field the code came from, named in the error
     * @throws InvalidValueException if {@code code} is not one of the API names (they are case-sensitive)
     */
    public static IntervalUnit fromCode(String code, String field) {
        for (IntervalUnit unit : values()) {
            if (unit.code().equals(code)) {
                return unit;
            }
        }
        throw new InvalidValueException(field, "must be one of "
                + Arrays.stream(values()).map(IntervalUnit::code).toList() + ", not '" + code + "'");
    }

    LocalDateTime plus(LocalDateTime dateTime, long units) {
        return switch (this) {
            case DAY -> dateTime.plusDays(units);
            case WEEK -> dateTime.plusWeeks(units);
            case MONTH -> dateTime.plusMonths(units);
            case QUARTER -> dateTime.plusMonths(Math.multiplyExact(units, 3));
            case YEAR -> dateTime.plusYears(units);
        };
    }

    // The calendar unit boundary at or before dateTime: midnight, Monday, the 1st, a quarter's or year's start.
    LocalDateTime startOfUnit(LocalDateTime dateTime) {
        LocalDateTime midnight = dateTime.toLocalDate().atTime(LocalTime.MIDNIGHT);
        return switch (this) {
            case DAY -> midnight;
            case WEEK -> midnight.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> midnight.withDayOfMonth(1);
            case QUARTER -> midnight.withDayOfMonth(1).withMonth((dateTime.getMonthValue() - 1) / 3 * 3 + 1);
            case YEAR -> midnight.withDayOfYear(1);
        };
    }

    // Whole units between two local date-times. Only an estimate for period search: month-end
    // clamping and DST can make the true period index differ by one.
    long unitsBetween(LocalDateTime from, LocalDateTime to) {
        return switch (this) {
            case DAY -> ChronoUnit.DAYS.between(from, to);
            case WEEK -> ChronoUnit.WEEKS.between(from, to);
            case MONTH -> ChronoUnit.MONTHS.between(from, to);
            case QUARTER -> ChronoUnit.MONTHS.between(from, to) / 3;
            case YEAR -> ChronoUnit.MONTHS.between(from, to) / 12;
        };
    }
}
