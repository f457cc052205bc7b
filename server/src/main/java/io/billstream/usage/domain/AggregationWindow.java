package io.billstream.usage.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * The buckets of a usage chart: hours, days or months as the customer's clock shows them, so a
 * "day" in Berlin starts at midnight Berlin time and lasts 23 or 25 hours on the days the clocks
 * change.
 */
public enum AggregationWindow {
    HOUR, DAY, MONTH;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AggregationWindow parse(String value, String field) {
        return Arrays.stream(values()).filter(w -> w.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be one of "
                        + Arrays.stream(values()).map(AggregationWindow::apiName).toList()));
    }

    /** The first boundary of this window in {@code zone} strictly after {@code at}. */
    public Instant next(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        Instant next = switch (this) {
            // Whole hours on the time line: a repeated or skipped local hour is still one bucket of 60 minutes.
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
            // atStartOfDay, not LocalTime.MIDNIGHT: where midnight is skipped, the day starts at 01:00.
            case DAY -> local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            case MONTH -> local.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant();
        };
        // A zone whose offset moves by less than an hour can truncate an hour into its own gap.
        return next.isAfter(at) ? next : next(at.plus(1, ChronoUnit.HOURS), zone);
    }

    /**
     * The bucket boundaries of {@code from}..{@code to}: {@code from}, every boundary of this window
     * in between, and {@code to}, so the first and last buckets are cut to the range.
     *
     * @throws InvalidValueException naming {@code window} when there would be more than {@code maxBuckets}
     */
    public List<Instant> boundaries(Instant from, Instant to, ZoneId zone, int maxBuckets) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
        List<Instant> bounds = new ArrayList<>();
        bounds.add(from);
        Instant at = next(from, zone);
        while (at.isBefore(to)) {
            if (bounds.size() == maxBuckets) {
                throw new InvalidValueException("window", "from " + from + " to " + to + " makes more than " + maxBuckets
                        + " buckets of one " + apiName() + "; choose a larger window or a shorter range");
            }
            bounds.add(at);
            at = next(at, zone);
        }
        bounds.add(to);
        return List.copyOf(bounds);
    }
}
