package io.billstream.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: after the first failure wait {@code delays[0]}, after the
 * second {@code delays[1]}, and so on; once every delay is used, the next failure is final. So a
 * notification gets {@code delays.size() + 1} attempts in all.
 */
public record RetrySchedule(List<Duration> delays) {

    public RetrySchedule {
        delays = List.copyOf(delays);
        for (Duration delay : delays) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("retry delays must be positive, not " + delay);
            }
        }
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * @param attemptsMade attempts so far, the failed one included (1 after the first failure)
     * @return when to try again, or empty when the failure is final
     */
    public Optional<Instant> nextAttempt(int attemptsMade, Instant failedAt) {
        if (attemptsMade < 1 || attemptsMade >= maxAttempts()) {
            return Optional.empty();
        }
        return Optional.of(failedAt.plus(delays.get(attemptsMade - 1)));
    }
}
