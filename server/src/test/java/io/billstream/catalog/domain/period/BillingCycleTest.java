package io.billstream.catalog.domain.period;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.period.IntervalUnit.DAY;
import static io.billstream.catalog.domain.period.IntervalUnit.MONTH;
import static io.billstream.catalog.domain.period.IntervalUnit.WEEK;
import static io.billstream.catalog.domain.period.PeriodFixtures.KOLKATA;
import static io.billstream.catalog.domain.period.PeriodFixtures.NEW_YORK;
import static io.billstream.catalog.domain.period.PeriodFixtures.PARIS;
import static io.billstream.catalog.domain.period.PeriodFixtures.SYDNEY;
import static io.billstream.catalog.domain.period.PeriodFixtures.TOKYO;
import static io.billstream.catalog.domain.period.PeriodFixtures.UTC;
import static io.billstream.catalog.domain.period.PeriodFixtures.anniversary;
import static io.billstream.catalog.domain.period.PeriodFixtures.calendar;
import static io.billstream.catalog.domain.period.PeriodFixtures.local;
import static io.billstream.catalog.domain.period.PeriodFixtures.period;
import static io.billstream.catalog.domain.period.PeriodFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// Time zones, DST, searching and misuse; the anchors' own rules are in the Anniversary and Calendar tests.
class BillingCycleTest {

    private static final Duration ONE_MICROSECOND = Duration.ofNanos(1_000);

    // --- the customer's time zone ---

    @Test
    void calendar_month_boundary_in_new_york_is_05_00z_in_winter() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, local("2027-01-15T12:00", NEW_YORK), NEW_YORK);

        // when
        BillingPeriod stub = cycle.first();

        // then
        assertThat(stub.endExclusive()).isEqualTo(utc("2027-02-01T05:00"));
    }

    @Test
    void calendar_month_boundary_in_new_york_is_04_00z_in_summer() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, local("2027-06-15T12:00", NEW_YORK), NEW_YORK);

        // when
        BillingPeriod stub = cycle.first();

        // then
        assertThat(stub.endExclusive()).isEqualTo(utc("2027-07-01T04:00"));
    }

    @Test
    void calendar_month_boundary_in_tokyo_is_15_00z_the_day_before() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, local("2027-01-15T12:00", TOKYO), TOKYO);

        // when
        BillingPeriod stub = cycle.first();

        // then
        assertThat(stub.endExclusive()).isEqualTo(utc("2027-01-31T15:00"));
        assertThat(cycle.fullPeriodOf(stub).start()).isEqualTo(utc("2026-12-31T15:00"));
    }

    @Test
    void calendar_month_boundary_in_kolkata_is_on_the_half_hour_in_utc() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, local("2027-01-15T12:00", KOLKATA), KOLKATA);

        // when
        BillingPeriod stub = cycle.first();

        // then
        assertThat(stub.endExclusive()).isEqualTo(utc("2027-01-31T18:30"));
    }

    @Test
    void calendar_month_boundary_in_sydney_moves_with_the_southern_hemisphere_dst() {
        // given Sydney is on +11 in January and +10 in June
        BillingCycle summer = calendar(MONTH, 1, local("2027-01-15T12:00", SYDNEY), SYDNEY);
        BillingCycle winter = calendar(MONTH, 1, local("2027-06-15T12:00", SYDNEY), SYDNEY);

        // when
        Instant februaryFirst = summer.first().endExclusive();
        Instant julyFirst = winter.first().endExclusive();

        // then
        assertThat(februaryFirst).isEqualTo(utc("2027-01-31T13:00"));
        assertThat(julyFirst).isEqualTo(utc("2027-06-30T14:00"));
    }

    @Test
    void calendar_cycle_started_at_local_midnight_of_the_1st_has_no_stub_in_the_customers_zone() {
        // given 1 April 00:00 in Tokyo, which is 31 March 15:00Z
        BillingCycle cycle = calendar(MONTH, 1, local("2027-04-01T00:00", TOKYO), TOKYO);

        // when
        BillingPeriod first = cycle.first();

        // then
        assertThat(cycle.isStub(first)).isFalse();
        assertThat(first).isEqualTo(period(utc("2027-03-31T15:00"), utc("2027-04-30T15:00")));
    }

    @Test
    void calendar_cycle_started_at_utc_midnight_of_the_1st_is_a_stub_for_a_customer_in_tokyo() {
        // given 1 April 00:00Z is 09:00 on 1 April in Tokyo
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-04-01T00:00"), TOKYO);

        // when
        BillingPeriod first = cycle.first();

        // then
        assertThat(cycle.isStub(first)).isTrue();
        assertThat(first.endExclusive()).isEqualTo(utc("2027-04-30T15:00"));
    }

    // --- DST ---

    @Test
    void calendar_day_of_the_spring_forward_change_in_paris_is_23_hours() {
        // given
        BillingCycle cycle = calendar(DAY, 1, local("2027-03-28T00:00", PARIS), PARIS);

        // when
        BillingPeriod day = cycle.first();

        // then
        assertThat(day).isEqualTo(period(utc("2027-03-27T23:00"), utc("2027-03-28T22:00")));
        assertThat(day.length()).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void calendar_day_of_the_fall_back_change_in_paris_is_25_hours() {
        // given
        BillingCycle cycle = calendar(DAY, 1, local("2027-10-01T00:00", PARIS), PARIS);

        // when
        BillingPeriod day = cycle.containing(utc("2027-10-31T12:00"));

        // then
        assertThat(day).isEqualTo(period(utc("2027-10-30T22:00"), utc("2027-10-31T23:00")));
        assertThat(day.length()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void calendar_days_of_the_dst_changes_in_new_york_are_23_and_25_hours() {
        // given
        BillingCycle cycle = calendar(DAY, 1, local("2027-01-01T00:00", NEW_YORK), NEW_YORK);

        // when
        BillingPeriod springForward = cycle.containing(local("2027-03-14T12:00", NEW_YORK));
        BillingPeriod fallBack = cycle.containing(local("2027-11-07T12:00", NEW_YORK));

        // then
        assertThat(springForward.length()).isEqualTo(Duration.ofHours(23));
        assertThat(fallBack.length()).isEqualTo(Duration.ofHours(25));
        assertThat(fallBack.start()).isEqualTo(utc("2027-11-07T04:00"));
    }

    @Test
    void calendar_month_containing_the_spring_forward_change_is_one_hour_short() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, local("2027-03-01T00:00", NEW_YORK), NEW_YORK);

        // when
        BillingPeriod march = cycle.first();

        // then
        assertThat(march).isEqualTo(period(utc("2027-03-01T05:00"), utc("2027-04-01T04:00")));
        assertThat(march.length()).isEqualTo(Duration.ofDays(31).minusHours(1));
    }

    // --- searching ---

    @Test
    void containing_ten_years_of_daily_periods_away_equals_walking_there_with_following() {
        // given
        BillingCycle cycle = anniversary(DAY, 1, local("2027-01-01T10:00", PARIS), PARIS);
        BillingPeriod walked = cycle.first();

        for (int i = 0; i < 3_653; i++) {
            // when
            BillingPeriod found = cycle.containing(walked.start());

            // then
            assertThat(found).isEqualTo(walked);
            assertThat(cycle.containing(walked.endExclusive().minus(ONE_MICROSECOND))).isEqualTo(walked);
            walked = cycle.following(walked);
        }
        assertThat(walked.start()).isEqualTo(local("2037-01-01T10:00", PARIS));
    }

    @Test
    void containing_ten_years_of_calendar_months_away_equals_walking_there_with_following() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, local("2027-01-31T18:00", NEW_YORK), NEW_YORK);
        BillingPeriod walked = cycle.first();

        for (int i = 0; i < 121; i++) {
            // when
            BillingPeriod found = cycle.containing(walked.start().plus(walked.length().dividedBy(2)));

            // then
            assertThat(found).isEqualTo(walked);
            walked = cycle.following(walked);
        }
        assertThat(walked.start()).isEqualTo(local("2037-02-01T00:00", NEW_YORK));
    }

    @Test
    void containing_a_boundary_returns_the_period_that_starts_there() {
        // given
        BillingCycle cycle = anniversary(MONTH, 1, utc("2027-01-31T00:00"), UTC);

        // when
        BillingPeriod period = cycle.containing(utc("2027-02-28T00:00"));

        // then
        assertThat(period).isEqualTo(period(utc("2027-02-28T00:00"), utc("2027-03-31T00:00")));
    }

    @Test
    void containing_an_instant_before_the_cycle_starts_is_refused() {
        // given
        BillingCycle cycle = anniversary(MONTH, 1, utc("2027-01-31T00:00"), UTC);

        // when / then
        assertThatThrownBy(() -> cycle.containing(utc("2027-01-30T23:59:59.999999")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- misuse ---

    @Test
    void following_a_period_that_does_not_end_on_a_boundary_is_refused() {
        // given
        BillingCycle cycle = anniversary(WEEK, 1, utc("2027-03-03T00:00"), UTC);
        BillingPeriod firstHalf = cycle.first().splitAt(utc("2027-03-06T00:00")).before();

        // when / then
        assertThatThrownBy(() -> cycle.following(firstHalf)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void full_period_of_a_period_from_another_cycle_is_refused() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-03-15T00:00"), UTC);
        BillingPeriod foreign = period(utc("2027-03-15T00:00"), utc("2027-04-15T00:00"));

        // when / then
        assertThatThrownBy(() -> cycle.fullPeriodOf(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cycle.isStub(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_period_before_the_cycle_start_is_not_one_of_its_periods() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-03-15T00:00"), UTC);
        BillingPeriod february = period(utc("2027-02-01T00:00"), utc("2027-03-01T00:00"));

        // when / then
        assertThatThrownBy(() -> cycle.isStub(february)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cycles_with_the_same_interval_anchor_start_and_zone_are_equal() {
        // given
        Instant start = utc("2027-03-15T00:00");

        // when
        BillingCycle one = calendar(MONTH, 1, start, PARIS);
        BillingCycle same = calendar(MONTH, 1, start, PARIS);

        // then
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(anniversary(MONTH, 1, start, PARIS));
    }
}
