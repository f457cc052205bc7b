package io.billstream.webhook.delivery.domain;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

    private static final Instant FAILED_AT = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void waitsGrowFromFiveSecondsToTenHoursAndGiveUpAfterAboutThreeDays() {
        assertThat(RetrySchedule.nominalWait(1)).contains(Duration.ofSeconds(5));
        assertThat(RetrySchedule.nominalWait(2)).contains(Duration.ofMinutes(5));
        assertThat(RetrySchedule.nominalWait(3)).contains(Duration.ofMinutes(30));
        assertThat(RetrySchedule.nominalWait(4)).contains(Duration.ofHours(2));
        assertThat(RetrySchedule.nominalWait(5)).contains(Duration.ofHours(5));
        assertThat(RetrySchedule.nominalWait(6)).contains(Duration.ofHours(10));
        assertThat(RetrySchedule.nominalWait(11)).contains(Duration.ofHours(10));
        assertThat(RetrySchedule.nominalWait(12)).isEmpty();
        assertThat(RetrySchedule.maxAttempts()).isEqualTo(12);

        Duration total = Duration.ZERO;
        for (int failed = 1; failed < RetrySchedule.maxAttempts(); failed++) {
            total = total.plus(RetrySchedule.nominalWait(failed).orElseThrow());
        }
        assertThat(total).isBetween(Duration.ofHours(60), Duration.ofHours(80));
    }

    @Test
    void jitterSpreadsAWaitByAtMostFifteenPercentEitherWay() {
        Instant lowest = new RetrySchedule(() -> 0.0).nextAttempt(4, FAILED_AT, null).orElseThrow();
        Instant highest = new RetrySchedule(() -> 0.999999).nextAttempt(4, FAILED_AT, null).orElseThrow();
        Instant middle = new RetrySchedule(() -> 0.5).nextAttempt(4, FAILED_AT, null).orElseThrow();

        assertThat(middle).isEqualTo(FAILED_AT.plus(Duration.ofHours(2)));
        assertThat(lowest).isEqualTo(FAILED_AT.plus(Duration.ofMinutes(102)));
        assertThat(Duration.between(FAILED_AT, highest)).isBetween(Duration.ofMinutes(137), Duration.ofMinutes(138));
    }

    @Test
    void theLastFailedAttemptGivesUp() {
        assertThat(new RetrySchedule(() -> 0.5).nextAttempt(12, FAILED_AT, null)).isEmpty();
        assertThat(new RetrySchedule(() -> 0.5).nextAttempt(12, FAILED_AT, FAILED_AT.plusSeconds(60))).isEmpty();
    }

    @Test
    void aLaterRetryAfterIsHonoured() {
        Instant asked = FAILED_AT.plus(Duration.ofMinutes(20));

        assertThat(new RetrySchedule(() -> 0.5).nextAttempt(1, FAILED_AT, asked)).contains(asked);
    }

    @Test
    void anEarlierRetryAfterDoesNotBringTheScheduleForward() {
        assertThat(new RetrySchedule(() -> 0.5).nextAttempt(3, FAILED_AT, FAILED_AT.plusSeconds(1)))
                .contains(FAILED_AT.plus(Duration.ofMinutes(30)));
    }

    @Test
    void aRetryAfterBeyondADayIsCappedAtADay() {
        assertThat(new RetrySchedule(() -> 0.5).nextAttempt(1, FAILED_AT, FAILED_AT.plus(Duration.ofDays(30))))
                .contains(FAILED_AT.plus(Duration.ofDays(1)));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(RetryAfter.parse("120", FAILED_AT)).isEqualTo(FAILED_AT.plusSeconds(120));
        assertThat(RetryAfter.parse("Mon, 02 Nov 2026 11:00:00 GMT", FAILED_AT)).isEqualTo(Instant.parse("2026-11-02T11:00:00Z"));
        assertThat(RetryAfter.parse("soon", FAILED_AT)).isNull();
        assertThat(RetryAfter.parse(null, FAILED_AT)).isNull();
    }
}
