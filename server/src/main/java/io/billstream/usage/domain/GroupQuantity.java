package io.billstream.usage.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The usage of one group of a metric over a window: the aggregated {@code quantity} and how many
 * {@code events} went into it.
 *
 * @param group    each of the metric's group_by properties and its value; a value is {@code null} for
 *                 events without the property. Empty when the metric has no group_by.
 * @param quantity exact; never rounded except a weighted_sum, to {@link #WEIGHTED_SCALE} places
 * @param events   the events that contributed; for a weighted_sum the level carried over from before
 *                 the window is not an event of the window
 */
public record GroupQuantity(Map<String, String> group, BigDecimal quantity, long events) {

    /** A weighted_sum is a division by the window's length, so it needs a scale and a rounding mode. */
    public static final int WEIGHTED_SCALE = 12;
    public static final RoundingMode WEIGHTED_ROUNDING = RoundingMode.HALF_UP;

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    public GroupQuantity {
        // Map.copyOf refuses null values, and a missing property is a group of its own.
        group = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(group, "group")));
        Objects.requireNonNull(quantity, "quantity");
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative, got " + events);
        }
    }

    /** The quantity of a metric without group_by in a window without events. */
    public static GroupQuantity none() {
        return new GroupQuantity(Map.of(), BigDecimal.ZERO, 0);
    }

    /**
     * A time-weighted level: {@code levelSeconds} is the sum of each level times the seconds it held
     * within {@code from}..{@code to}; the result is that sum per second of the window.
     */
    public static GroupQuantity timeWeighted(Map<String, String> group, BigDecimal levelSeconds, Instant from, Instant to, long events) {
        BigDecimal seconds = seconds(Duration.between(from, to));
        if (seconds.signum() <= 0) {
            throw new IllegalArgumentException("the window " + from + " to " + to + " is empty");
        }
        return new GroupQuantity(group, levelSeconds.divide(seconds, WEIGHTED_SCALE, WEIGHTED_ROUNDING), events);
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano()).divide(NANOS_PER_SECOND));
    }
}
