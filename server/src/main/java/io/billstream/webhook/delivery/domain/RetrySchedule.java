package io.billstream.webhook.delivery.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: the first attempt goes out at once, then after 5 s, 5 min,
 * 30 min, 2 h, 5 h and six times 10 h, about 2.8 days in all; after the twelfth failed attempt the
 * delivery is given up. Each wait is spread by up to ±{@value #JITTER_PERCENT}% so that the
 * deliveries of an endpoint that was down do not all come back in the same second.
 */
public final class RetrySchedule {

    static final int JITTER_PERCENT = 15;
    /** A receiver's Retry-After is honoured up to this long; beyond it the schedule would stall. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final List<Duration> WAITS = List.of(
            Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10),
            Duration.ofHours(10));

    private final DoubleSupplier random;

    /** @param random values in [0, 1), the source of the jitter */
    public RetrySchedule(DoubleSupplier random) {
        this.random = random;
    }

    /** How many attempts a delivery gets before it is given up. */
    public static int maxAttempts() {
        return WAITS.size() + 1;
    }

    /** The wait before attempt {@code failedAttempts + 1} without jitter; empty once the attempts are used up. */
    public static Optional<Duration> nominalWait(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, not " + failedAttempts);
        }
        return failedAttempts > WAITS.size() ? Optional.empty() : Optional.of(WAITS.get(failedAttempts - 1));
    }

    /**
     * When to try again after attempt number {@code failedAttempts} failed at {@code failedAt};
     * empty when the delivery should be given up.
     *
     * @param retryAfter the receiver's Retry-After instant, or null; honoured (capped at 24 h) if later
     */
    public Optional<Instant> nextAttempt(int failedAttempts, Instant failedAt, Instant retryAfter) {
        return nominalWait(failedAttempts).map(wait -> {
            double factor = 1 + (random.getAsDouble() * 2 - 1) * JITTER_PERCENT / 100.0;
            Instant scheduled = failedAt.plusMillis(Math.round(wait.toMillis() * factor));
            if (retryAfter == null) {
                return scheduled;
            }
            Instant capped = retryAfter.isAfter(failedAt.plus(MAX_RETRY_AFTER)) ? failedAt.plus(MAX_RETRY_AFTER) : retryAfter;
            return capped.isAfter(scheduled) ? capped : scheduled;
        });
    }
}
