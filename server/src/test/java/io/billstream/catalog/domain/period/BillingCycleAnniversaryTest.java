package io.billstream.catalog.domain.period;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.period.IntervalUnit.DAY;
import static io.billstream.catalog.domain.period.IntervalUnit.MONTH;
import static io.billstream.catalog.domain.period.IntervalUnit.QUARTER;
import static io.billstream.catalog.domain.period.IntervalUnit.WEEK;
import static io.billstream.catalog.domain.period.IntervalUnit.YEAR;
import static io.billstream.catalog.domain.period.PeriodFixtures.NEW_YORK;
import static io.billstream.catalog.domain.period.PeriodFixtures.TOKYO;
import static io.billstream.catalog.domain.period.PeriodFixtures.UTC;
import static io.billstream.catalog.domain.period.PeriodFixtures.anniversary;
import static io.billstream.catalog.domain.period.PeriodFixtures.local;
import static io.billstream.catalog.domain.period.PeriodFixtures.period;
import static io.billstream.catalog.domain.period.PeriodFixtures.starts;
import static io.billstream.catalog.domain.period.PeriodFixtures.utc;
import static io.billstream.catalog.domain.period.PeriodFixtures.walk;
import static org.assertj.core.api.Assertions.assertThat;

class BillingCycleAnniversaryTest {

    @Test
    void monthly_from_31_january_goes_to_28_february_then_back_to_31_march_in_a_common_year() {
        // given
        BillingCycle cycle = anniversary(MONTH, 1, utc("2027-01-31T00:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 3);

        // then
        assertThat(periods).containsExactly(
                period(utc("2027-01-31T00:00"), utc("2027-02-28T00:00")),
                period(utc("2027-02-28T00:00"), utc("2027-03-31T00:00")),
                period(utc("2027-03-31T00:00"), utc("2027-04-30T00:00")));
    }

    @Test
    void monthly_from_31_january_goes_to_29_february_in_leap_year_2028() {
        // given
        BillingCycle cycle = anniversary(MONTH, 1, utc("2028-01-31T00:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 2);

        // then
        assertThat(periods).containsExactly(
                period(utc("2028-01-31T00:00"), utc("2028-02-29T00:00")),
                period(utc("2028-02-29T00:00"), utc("2028-03-31T00:00")));
    }

    @Test
    void twelve_monthly_anniversaries_from_31_january_fall_on_each_months_last_day() {
        // given
        BillingCycle cycle = anniversary(MONTH, 1, utc("2027-01-31T08:15"), UTC);

        // when
        List<Instant> starts = starts(cycle, 13);

        // then
        assertThat(starts).containsExactly(
                utc("2027-01-31T08:15"), utc("2027-02-28T08:15"), utc("2027-03-31T08:15"),
                utc("2027-04-30T08:15"), utc("2027-05-31T08:15"), utc("2027-06-30T08:15"),
                utc("2027-07-31T08:15"), utc("2027-08-31T08:15"), utc("2027-09-30T08:15"),
                utc("2027-10-31T08:15"), utc("2027-11-30T08:15"), utc("2027-12-31T08:15"),
                utc("2028-01-31T08:15"));
    }

    @Test
    void monthly_from_30_january_is_clamped_to_28_february_and_returns_to_30_march() {
        // given
        BillingCycle cycle = anniversary(MONTH, 1, utc("2027-01-30T00:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 4);

        // then
        assertThat(starts).containsExactly(
                utc("2027-01-30T00:00"), utc("2027-02-28T00:00"), utc("2027-03-30T00:00"), utc("2027-04-30T00:00"));
    }

    @Test
    void monthly_from_30_january_is_clamped_to_29_february_in_a_leap_year() {
        // given
        BillingCycle cycle = anniversary(MONTH, 1, utc("2028-01-30T00:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 3);

        // then
        assertThat(starts).containsExactly(utc("2028-01-30T00:00"), utc("2028-02-29T00:00"), utc("2028-03-30T00:00"));
    }

    @Test
    void yearly_from_29_february_renews_on_28_february_in_common_years() {
        // given
        BillingCycle cycle = anniversary(YEAR, 1, utc("2028-02-29T12:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 4);

        // then
        assertThat(starts).containsExactly(
                utc("2028-02-29T12:00"), utc("2029-02-28T12:00"), utc("2030-02-28T12:00"), utc("2031-02-28T12:00"));
    }

    @Test
    void yearly_from_29_february_renews_on_29_february_again_in_the_next_leap_year() {
        // given
        BillingCycle cycle = anniversary(YEAR, 1, utc("2028-02-29T12:00"), UTC);

        // when
        BillingPeriod fifth = cycle.containing(utc("2032-03-01T00:00"));

        // then
        assertThat(fifth).isEqualTo(period(utc("2032-02-29T12:00"), utc("2033-02-28T12:00")));
    }

    @Test
    void quarterly_from_31_august_goes_to_30_november_29_february_and_31_may_in_a_leap_year() {
        // given
        BillingCycle cycle = anniversary(QUARTER, 1, utc("2027-08-31T00:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 5);

        // then
        assertThat(starts).containsExactly(
                utc("2027-08-31T00:00"), utc("2027-11-30T00:00"), utc("2028-02-29T00:00"),
                utc("2028-05-31T00:00"), utc("2028-08-31T00:00"));
    }

    @Test
    void quarterly_from_31_august_goes_to_28_february_in_a_common_year() {
        // given
        BillingCycle cycle = anniversary(QUARTER, 1, utc("2026-08-31T00:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 4);

        // then
        assertThat(starts).containsExactly(
                utc("2026-08-31T00:00"), utc("2026-11-30T00:00"), utc("2027-02-28T00:00"), utc("2027-05-31T00:00"));
    }

    @Test
    void every_two_months_from_31_december_returns_to_the_31st_whenever_the_month_has_one() {
        // given
        BillingCycle cycle = anniversary(MONTH, 2, utc("2026-12-31T00:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 5);

        // then
        assertThat(starts).containsExactly(
                utc("2026-12-31T00:00"), utc("2027-02-28T00:00"), utc("2027-04-30T00:00"),
                utc("2027-06-30T00:00"), utc("2027-08-31T00:00"));
    }

    @Test
    void weekly_periods_are_seven_days_from_the_start() {
        // given a Wednesday
        BillingCycle cycle = anniversary(WEEK, 1, utc("2027-03-03T09:30"), UTC);

        // when
        List<Instant> starts = starts(cycle, 3);

        // then
        assertThat(starts).containsExactly(utc("2027-03-03T09:30"), utc("2027-03-10T09:30"), utc("2027-03-17T09:30"));
    }

    @Test
    void every_two_weeks_periods_are_fourteen_days_from_the_start() {
        // given
        BillingCycle cycle = anniversary(WEEK, 2, utc("2027-12-22T00:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 3);

        // then
        assertThat(starts).containsExactly(utc("2027-12-22T00:00"), utc("2028-01-05T00:00"), utc("2028-01-19T00:00"));
    }

    @Test
    void daily_periods_run_from_the_start_time_to_the_same_time_next_day() {
        // given
        BillingCycle cycle = anniversary(DAY, 1, utc("2027-02-27T15:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 4);

        // then
        assertThat(starts).containsExactly(
                utc("2027-02-27T15:00"), utc("2027-02-28T15:00"), utc("2027-03-01T15:00"), utc("2027-03-02T15:00"));
    }

    @Test
    void yearly_periods_repeat_on_the_same_date_and_time() {
        // given
        BillingCycle cycle = anniversary(YEAR, 1, utc("2027-03-15T12:00"), UTC);

        // when
        List<Instant> starts = starts(cycle, 3);

        // then
        assertThat(starts).containsExactly(utc("2027-03-15T12:00"), utc("2028-03-15T12:00"), utc("2029-03-15T12:00"));
    }

    @Test
    void anniversaries_are_computed_on_the_customers_calendar_not_utc() {
        // given 08:00 on 1 March in Tokyo, which is still 28 February in UTC
        BillingCycle cycle = anniversary(MONTH, 1, local("2027-03-01T08:00", TOKYO), TOKYO);

        // when
        BillingPeriod period = cycle.first();

        // then the next anniversary is 1 April in Tokyo, not 28 March
        assertThat(period.start()).isEqualTo(utc("2027-02-28T23:00"));
        assertThat(period.endExclusive()).isEqualTo(local("2027-04-01T08:00", TOKYO)).isEqualTo(utc("2027-03-31T23:00"));
    }

    @Test
    void anniversary_keeps_the_local_time_of_day_across_dst_changes() {
        // given 09:00 in New York in winter (14:00Z)
        BillingCycle cycle = anniversary(MONTH, 1, local("2027-02-10T09:00", NEW_YORK), NEW_YORK);

        // when
        BillingPeriod march = cycle.containing(utc("2027-03-20T00:00"));
        BillingPeriod november = cycle.containing(utc("2027-11-20T00:00"));

        // then 09:00 local throughout: 13:00Z in summer time, 14:00Z again in winter
        assertThat(march).isEqualTo(period(utc("2027-03-10T14:00"), utc("2027-04-10T13:00")));
        assertThat(november).isEqualTo(period(utc("2027-11-10T14:00"), utc("2027-12-10T14:00")));
    }

    @Test
    void daily_anniversary_that_falls_in_a_spring_forward_gap_moves_forward_by_the_gap() {
        // given 02:30 in New York; on 14 March 2027 clocks jump from 02:00 to 03:00
        BillingCycle cycle = anniversary(DAY, 1, local("2027-03-13T02:30", NEW_YORK), NEW_YORK);

        // when
        List<BillingPeriod> periods = walk(cycle, 3);

        // then the 14 March anniversary is 03:30 EDT, and 02:30 resumes the day after
        assertThat(periods).extracting(BillingPeriod::start).containsExactly(
                utc("2027-03-13T07:30"), utc("2027-03-14T07:30"), utc("2027-03-15T06:30"));
        assertThat(periods.get(0).length()).isEqualTo(Duration.ofHours(24));
        assertThat(periods.get(1).length()).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void daily_anniversary_in_a_fall_back_hour_keeps_the_offset_the_cycle_started_in() {
        // given 01:30 EDT in New York; on 7 November 2027 01:30 happens twice (EDT, then EST)
        BillingCycle cycle = anniversary(DAY, 1, local("2027-11-06T01:30", NEW_YORK), NEW_YORK);

        // when
        List<BillingPeriod> periods = walk(cycle, 2);

        // then 7 November starts at the first 01:30 (EDT), so that day is 25 hours long
        assertThat(periods).extracting(BillingPeriod::start).containsExactly(utc("2027-11-06T05:30"), utc("2027-11-07T05:30"));
        assertThat(periods.get(1).endExclusive()).isEqualTo(utc("2027-11-08T06:30"));
        assertThat(periods.get(1).length()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void anniversary_started_in_the_second_fall_back_hour_starts_exactly_there() {
        // given the second 01:30 of 7 November 2027 in New York (EST, 06:30Z)
        Instant secondHalfPastOne = utc("2027-11-07T06:30");
        BillingCycle cycle = anniversary(DAY, 1, secondHalfPastOne, NEW_YORK);

        // when
        BillingPeriod first = cycle.first();

        // then
        assertThat(first).isEqualTo(period(secondHalfPastOne, utc("2027-11-08T06:30")));
    }

    @Test
    void daily_anniversary_started_in_winter_time_falls_on_the_winter_time_occurrence_of_a_repeated_hour() {
        // given 01:30 EST in New York; on 7 November 2027 01:30 happens first in EDT (05:30Z), then in EST (06:30Z)
        BillingCycle cycle = anniversary(DAY, 1, local("2027-03-01T01:30", NEW_YORK), NEW_YORK);

        // when the first 01:45 of 7 November, which comes before that day's anniversary
        BillingPeriod period = cycle.containing(utc("2027-11-07T05:45"));

        // then it still belongs to the period from 6 November, which runs 25 hours to the second 01:30
        assertThat(period).isEqualTo(period(utc("2027-11-06T05:30"), utc("2027-11-07T06:30")));
        assertThat(period.length()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void daily_anniversary_across_a_day_the_customers_zone_skipped_has_no_empty_period() {
        // given Samoa, which skipped 30 December 2011 when it moved across the date line
        ZoneId samoa = ZoneId.of("Pacific/Apia");
        BillingCycle cycle = anniversary(DAY, 1, local("2011-12-28T12:00", samoa), samoa);

        // when
        List<BillingPeriod> periods = walk(cycle, 4);

        // then every period lasts 24 real hours; the one from 29 December ends on 31 December local time
        assertThat(periods).extracting(BillingPeriod::length).containsOnly(Duration.ofHours(24));
        assertThat(periods.get(1)).isEqualTo(period(local("2011-12-29T12:00", samoa), local("2011-12-31T12:00", samoa)));
    }
}
