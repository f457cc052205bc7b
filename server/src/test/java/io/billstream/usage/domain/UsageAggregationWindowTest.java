package io.billstream.usage.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageAggregationWindowTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @Test
    void days_start_at_local_midnight_and_the_day_clocks_spring_forward_lasts_23_hours() {
        // Given three Berlin days around the switch to summer time on 29 March 2026
        Instant from = Instant.parse("2026-03-27T23:00:00Z");
        Instant to = Instant.parse("2026-03-30T22:00:00Z");

        // When cut into days
        List<Instant> bounds = AggregationWindow.DAY.boundaries(from, to, BERLIN, 1000);

        // Then each bucket starts at midnight Berlin time
        assertThat(bounds).containsExactly(from, Instant.parse("2026-03-28T23:00:00Z"), Instant.parse("2026-03-29T22:00:00Z"), to);
    }

    @Test
    void the_first_and_last_buckets_are_cut_to_the_range() {
        List<Instant> bounds = AggregationWindow.DAY.boundaries(Instant.parse("2026-03-01T10:30:00Z"),
                Instant.parse("2026-03-03T06:00:00Z"), ZoneId.of("UTC"), 1000);

        assertThat(bounds).containsExactly(Instant.parse("2026-03-01T10:30:00Z"), Instant.parse("2026-03-02T00:00:00Z"),
                Instant.parse("2026-03-03T00:00:00Z"), Instant.parse("2026-03-03T06:00:00Z"));
    }

    @Test
    void months_follow_the_calendar_in_the_zone() {
        List<Instant> bounds = AggregationWindow.MONTH.boundaries(Instant.parse("2026-01-15T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"), BERLIN, 1000);

        assertThat(bounds).containsExactly(Instant.parse("2026-01-15T00:00:00Z"), Instant.parse("2026-01-31T23:00:00Z"),
                Instant.parse("2026-02-28T23:00:00Z"), Instant.parse("2026-03-31T22:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void hours_in_a_half_hour_offset_zone_start_at_half_past_utc() {
        List<Instant> bounds = AggregationWindow.HOUR.boundaries(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-01T02:00:00Z"), KOLKATA, 1000);

        assertThat(bounds).containsExactly(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-01T00:30:00Z"),
                Instant.parse("2026-03-01T01:30:00Z"), Instant.parse("2026-03-01T02:00:00Z"));
    }

    @Test
    void the_repeated_hour_when_clocks_fall_back_is_a_bucket_of_its_own() {
        // 25 October 2026: Berlin goes from 03:00 CEST back to 02:00 CET at 01:00 UTC
        List<Instant> bounds = AggregationWindow.HOUR.boundaries(Instant.parse("2026-10-24T23:00:00Z"),
                Instant.parse("2026-10-25T02:00:00Z"), BERLIN, 1000);

        assertThat(bounds).containsExactly(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T00:00:00Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T02:00:00Z"));
    }

    @Test
    void a_range_of_exactly_the_limit_is_allowed_and_one_more_bucket_is_refused_naming_window() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(AggregationWindow.HOUR.boundaries(from, from.plusSeconds(3600L * 1000), ZoneId.of("UTC"), 1000)).hasSize(1001);
        assertThatThrownBy(() -> AggregationWindow.HOUR.boundaries(from, from.plusSeconds(3600L * 1000 + 1), ZoneId.of("UTC"), 1000))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("window"));
    }

    @Test
    void an_unknown_window_is_refused_naming_the_field() {
        assertThat(AggregationWindow.parse("day", "window")).isEqualTo(AggregationWindow.DAY);
        assertThatThrownBy(() -> AggregationWindow.parse("week", "window"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("window"));
    }
}
