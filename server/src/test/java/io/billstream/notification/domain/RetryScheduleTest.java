package io.billstream.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {

    private static final Instant FAILED_AT = Instant.parse("2026-03-01T12:00:00Z");
    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6)));

    @Test
    void each_failure_waits_the_next_delay() {
        assertThat(schedule.nextAttempt(1, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofMinutes(1)));
        assertThat(schedule.nextAttempt(2, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofMinutes(5)));
        assertThat(schedule.nextAttempt(3, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofMinutes(30)));
        assertThat(schedule.nextAttempt(4, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofHours(2)));
        assertThat(schedule.nextAttempt(5, FAILED_AT)).contains(FAILED_AT.plus(Duration.ofHours(6)));
    }

    @Test
    void the_failure_after_the_last_delay_is_final() {
        assertThat(schedule.maxAttempts()).isEqualTo(6);
        assertThat(schedule.nextAttempt(6, FAILED_AT)).isEmpty();
        assertThat(schedule.nextAttempt(7, FAILED_AT)).isEmpty();
    }

    @Test
    void without_delays_the_first_failure_is_final() {
        RetrySchedule none = new RetrySchedule(List.of());

        assertThat(none.maxAttempts()).isEqualTo(1);
        assertThat(none.nextAttempt(1, FAILED_AT)).isEmpty();
    }

    @Test
    void delays_must_be_positive() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofMinutes(1), Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
