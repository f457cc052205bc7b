package io.billstream.catalog.domain.period;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.period.IntervalUnit.DAY;
import static io.billstream.catalog.domain.period.IntervalUnit.MONTH;
import static io.billstream.catalog.domain.period.IntervalUnit.QUARTER;
import static io.billstream.catalog.domain.period.IntervalUnit.WEEK;
import static io.billstream.catalog.domain.period.IntervalUnit.YEAR;
import static io.billstream.catalog.domain.period.PeriodFixtures.UTC;
import static io.billstream.catalog.domain.period.PeriodFixtures.calendar;
import static io.billstream.catalog.domain.period.PeriodFixtures.period;
import static io.billstream.catalog.domain.period.PeriodFixtures.utc;
import static io.billstream.catalog.domain.period.PeriodFixtures.walk;
import static org.assertj.core.api.Assertions.assertThat;

class BillingCycleCalendarTest {

    @Test
    void calendar_month_started_mid_month_opens_with_a_stub_until_the_1st() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-03-15T10:00"), UTC);

        // when
        BillingPeriod stub = cycle.first();

        // then
        assertThat(stub).isEqualTo(period(utc("2027-03-15T10:00"), utc("2027-04-01T00:00")));
        assertThat(cycle.isStub(stub)).isTrue();
    }

    @Test
    void full_period_of_a_calendar_month_stub_is_the_whole_month_it_belongs_to() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-03-15T10:00"), UTC);

        // when
        BillingPeriod full = cycle.fullPeriodOf(cycle.first());

        // then
        assertThat(full).isEqualTo(period(utc("2027-03-01T00:00"), utc("2027-04-01T00:00")));
    }

    @Test
    void calendar_month_stub_is_followed_by_whole_months_that_are_their_own_full_period() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-03-15T10:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 4);

        // then
        assertThat(periods.subList(1, 4)).containsExactly(
                period(utc("2027-04-01T00:00"), utc("2027-05-01T00:00")),
                period(utc("2027-05-01T00:00"), utc("2027-06-01T00:00")),
                period(utc("2027-06-01T00:00"), utc("2027-07-01T00:00")));
        assertThat(periods.subList(1, 4)).allSatisfy(month -> {
            assertThat(cycle.isStub(month)).isFalse();
            assertThat(cycle.fullPeriodOf(month)).isEqualTo(month);
        });
    }

    @Test
    void calendar_cycle_started_exactly_on_a_boundary_has_no_stub() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-04-01T00:00"), UTC);

        // when
        BillingPeriod first = cycle.first();

        // then
        assertThat(first).isEqualTo(period(utc("2027-04-01T00:00"), utc("2027-05-01T00:00")));
        assertThat(cycle.isStub(first)).isFalse();
        assertThat(cycle.fullPeriodOf(first)).isEqualTo(first);
    }

    @Test
    void calendar_cycle_started_one_microsecond_after_a_boundary_opens_with_a_stub() {
        // given
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-04-01T00:00:00.000001"), UTC);

        // when
        BillingPeriod first = cycle.first();

        // then
        assertThat(cycle.isStub(first)).isTrue();
        assertThat(first.endExclusive()).isEqualTo(utc("2027-05-01T00:00"));
    }

    @Test
    void calendar_quarters_start_on_1_january_1_april_1_july_and_1_october() {
        // given
        BillingCycle cycle = calendar(QUARTER, 1, utc("2027-05-20T00:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 3);

        // then
        assertThat(periods).containsExactly(
                period(utc("2027-05-20T00:00"), utc("2027-07-01T00:00")),
                period(utc("2027-07-01T00:00"), utc("2027-10-01T00:00")),
                period(utc("2027-10-01T00:00"), utc("2028-01-01T00:00")));
        assertThat(cycle.fullPeriodOf(periods.getFirst())).isEqualTo(period(utc("2027-04-01T00:00"), utc("2027-07-01T00:00")));
    }

    @Test
    void calendar_years_start_on_1_january() {
        // given
        BillingCycle cycle = calendar(YEAR, 1, utc("2027-05-20T00:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 2);

        // then
        assertThat(periods).containsExactly(
                period(utc("2027-05-20T00:00"), utc("2028-01-01T00:00")),
                period(utc("2028-01-01T00:00"), utc("2029-01-01T00:00")));
        assertThat(cycle.fullPeriodOf(periods.getFirst())).isEqualTo(period(utc("2027-01-01T00:00"), utc("2028-01-01T00:00")));
    }

    @Test
    void calendar_weeks_start_on_monday() {
        // given Wednesday 3 March 2027
        BillingCycle cycle = calendar(WEEK, 1, utc("2027-03-03T15:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 2);

        // then
        assertThat(periods).containsExactly(
                period(utc("2027-03-03T15:00"), utc("2027-03-08T00:00")),
                period(utc("2027-03-08T00:00"), utc("2027-03-15T00:00")));
        assertThat(cycle.fullPeriodOf(periods.getFirst())).isEqualTo(period(utc("2027-03-01T00:00"), utc("2027-03-08T00:00")));
    }

    @Test
    void calendar_days_start_at_midnight() {
        // given
        BillingCycle cycle = calendar(DAY, 1, utc("2027-03-03T15:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 2);

        // then
        assertThat(periods).containsExactly(
                period(utc("2027-03-03T15:00"), utc("2027-03-04T00:00")),
                period(utc("2027-03-04T00:00"), utc("2027-03-05T00:00")));
        assertThat(cycle.fullPeriodOf(periods.getFirst())).isEqualTo(period(utc("2027-03-03T00:00"), utc("2027-03-04T00:00")));
    }

    @Test
    void every_two_calendar_months_count_from_the_first_boundary_after_the_stub() {
        // given
        BillingCycle cycle = calendar(MONTH, 2, utc("2027-03-15T00:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 3);

        // then the stub ends at the next 1st; its full period is the two months before that
        assertThat(periods).containsExactly(
                period(utc("2027-03-15T00:00"), utc("2027-04-01T00:00")),
                period(utc("2027-04-01T00:00"), utc("2027-06-01T00:00")),
                period(utc("2027-06-01T00:00"), utc("2027-08-01T00:00")));
        assertThat(cycle.fullPeriodOf(periods.getFirst())).isEqualTo(period(utc("2027-02-01T00:00"), utc("2027-04-01T00:00")));
    }

    @Test
    void every_two_calendar_weeks_started_on_a_monday_has_no_stub() {
        // given Monday 1 March 2027
        BillingCycle cycle = calendar(WEEK, 2, utc("2027-03-01T00:00"), UTC);

        // when
        List<BillingPeriod> periods = walk(cycle, 2);

        // then
        assertThat(periods).containsExactly(
                period(utc("2027-03-01T00:00"), utc("2027-03-15T00:00")),
                period(utc("2027-03-15T00:00"), utc("2027-03-29T00:00")));
    }
}
