package io.billstream.catalog.domain.period;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.period.IntervalUnit.DAY;
import static io.billstream.catalog.domain.period.IntervalUnit.MONTH;
import static io.billstream.catalog.domain.period.PeriodFixtures.PARIS;
import static io.billstream.catalog.domain.period.PeriodFixtures.UTC;
import static io.billstream.catalog.domain.period.PeriodFixtures.calendar;
import static io.billstream.catalog.domain.period.PeriodFixtures.local;
import static io.billstream.catalog.domain.period.PeriodFixtures.period;
import static io.billstream.catalog.domain.period.PeriodFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProrationTest {

    private static final BillingPeriod APRIL_2027 = period(utc("2027-04-01T00:00"), utc("2027-05-01T00:00"));
    private static final BillingPeriod MARCH_2027 = period(utc("2027-03-01T00:00"), utc("2027-04-01T00:00"));
    private static final BillingPeriod FEBRUARY_2027 = period(utc("2027-02-01T00:00"), utc("2027-03-01T00:00"));
    private static final BillingPeriod FEBRUARY_2028 = period(utc("2028-02-01T00:00"), utc("2028-03-01T00:00"));

    private static BigDecimal oneOver(long denominator) {
        return BigDecimal.ONE.divide(BigDecimal.valueOf(denominator), MathContext.DECIMAL128);
    }

    @Test
    void half_of_a_30_day_month_is_exactly_one_half() {
        // given
        Instant from = utc("2027-04-01T00:00");
        Instant to = utc("2027-04-16T00:00");

        // when
        BigDecimal fraction = Proration.fraction(from, to, APRIL_2027);
        BigDecimal amount = Proration.prorate(new BigDecimal("30.00"), from, to, APRIL_2027);

        // then
        assertThat(fraction).isEqualByComparingTo("0.5");
        assertThat(amount).isEqualByComparingTo("15.00");
    }

    @Test
    void one_day_of_february_2027_is_one_twenty_eighth() {
        // when
        BigDecimal fraction = Proration.fraction(utc("2027-02-10T00:00"), utc("2027-02-11T00:00"), FEBRUARY_2027);

        // then
        assertThat(fraction).isEqualByComparingTo(oneOver(28));
    }

    @Test
    void one_day_of_february_2028_is_one_twenty_ninth() {
        // when
        BigDecimal fraction = Proration.fraction(utc("2028-02-10T00:00"), utc("2028-02-11T00:00"), FEBRUARY_2028);

        // then
        assertThat(fraction).isEqualByComparingTo(oneOver(29));
    }

    @Test
    void one_day_of_a_31_day_month_is_one_thirty_first() {
        // when
        BigDecimal fraction = Proration.fraction(utc("2027-03-10T00:00"), utc("2027-03-11T00:00"), MARCH_2027);

        // then
        assertThat(fraction).isEqualByComparingTo(oneOver(31));
    }

    @Test
    void one_hour_of_the_23_hour_spring_forward_day_is_one_twenty_third() {
        // given the calendar day of 28 March 2027 in Paris
        BillingPeriod day = calendar(DAY, 1, local("2027-03-28T00:00", PARIS), PARIS).first();

        // when
        BigDecimal fraction = Proration.fraction(local("2027-03-28T12:00", PARIS), local("2027-03-28T13:00", PARIS), day);

        // then
        assertThat(fraction).isEqualByComparingTo(oneOver(23));
    }

    @Test
    void one_hour_of_the_25_hour_fall_back_day_is_one_twenty_fifth() {
        // given the calendar day of 31 October 2027 in Paris
        BillingPeriod day = calendar(DAY, 1, local("2027-10-31T00:00", PARIS), PARIS).first();

        // when
        BigDecimal fraction = Proration.fraction(local("2027-10-31T12:00", PARIS), local("2027-10-31T13:00", PARIS), day);

        // then
        assertThat(fraction).isEqualByComparingTo(oneOver(25));
    }

    @Test
    void one_microsecond_of_a_day_is_counted_exactly() {
        // given
        BillingPeriod day = period(utc("2027-03-10T00:00"), utc("2027-03-11T00:00"));

        // when
        BigDecimal fraction = Proration.fraction(utc("2027-03-10T08:00"), utc("2027-03-10T08:00:00.000001"), day);

        // then
        assertThat(fraction).isEqualByComparingTo(oneOver(86_400_000_000L)).isPositive();
    }

    @Test
    void the_whole_period_is_exactly_one_and_prorates_to_the_full_amount() {
        // when
        BigDecimal fraction = Proration.fraction(FEBRUARY_2027.start(), FEBRUARY_2027.endExclusive(), FEBRUARY_2027);
        BigDecimal amount = Proration.prorate(new BigDecimal("49.99"), FEBRUARY_2027, FEBRUARY_2027);

        // then
        assertThat(fraction).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(amount).isEqualByComparingTo("49.99");
    }

    @Test
    void a_zero_length_span_is_zero() {
        // given
        Instant at = utc("2027-02-10T00:00");

        // when
        BigDecimal fraction = Proration.fraction(at, at, FEBRUARY_2027);
        BigDecimal amount = Proration.prorate(new BigDecimal("49.99"), at, at, FEBRUARY_2027);

        // then
        assertThat(fraction).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(amount).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void prorated_amounts_are_not_rounded_to_the_currency() {
        // when one day of a 31-day month at 10.00
        BigDecimal amount = Proration.prorate(new BigDecimal("10.00"), utc("2027-03-10T00:00"), utc("2027-03-11T00:00"), MARCH_2027);

        // then 10/31 to 34 significant digits, for the invoice line to round once
        assertThat(amount).isEqualByComparingTo("0.3225806451612903225806451612903226");
    }

    @Test
    void prorated_pieces_of_a_split_period_add_back_to_the_full_amount() {
        // given an upgrade and a downgrade in February 2028, at odd microseconds
        BigDecimal fee = new BigDecimal("29.99");
        BillingPeriod.Split first = FEBRUARY_2028.splitAt(utc("2028-02-10T13:37:42.123456"));
        BillingPeriod.Split second = first.after().splitAt(utc("2028-02-20T01:02:03.000007"));

        // when
        BigDecimal sum = Proration.prorate(fee, first.before(), FEBRUARY_2028)
                .add(Proration.prorate(fee, second.before(), FEBRUARY_2028))
                .add(Proration.prorate(fee, second.after(), FEBRUARY_2028));

        // then
        assertThat(sum).isCloseTo(fee, within(new BigDecimal("1e-20")));
    }

    @Test
    void the_calendar_stub_fee_is_the_stubs_share_of_its_calendar_month() {
        // given a monthly calendar cycle started on 15 March: 17 of March's 31 days
        BillingCycle cycle = calendar(MONTH, 1, utc("2027-03-15T00:00"), UTC);
        BillingPeriod stub = cycle.first();

        // when
        BigDecimal fraction = Proration.fraction(stub, cycle.fullPeriodOf(stub));
        BigDecimal fee = Proration.prorate(new BigDecimal("31.00"), stub, cycle.fullPeriodOf(stub));

        // then
        assertThat(fraction).isEqualByComparingTo(new BigDecimal(17).divide(new BigDecimal(31), MathContext.DECIMAL128));
        assertThat(fee).isEqualByComparingTo("17.00");
    }

    @Test
    void a_span_starting_before_the_period_is_refused() {
        // when / then
        assertThatThrownBy(() -> Proration.fraction(utc("2027-01-31T23:59"), utc("2027-02-10T00:00"), FEBRUARY_2027))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_span_ending_after_the_period_is_refused() {
        // when / then
        assertThatThrownBy(() -> Proration.prorate(BigDecimal.TEN, utc("2027-02-10T00:00"), utc("2027-03-01T00:00:00.000001"), FEBRUARY_2027))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_span_running_backwards_is_refused() {
        // when / then
        assertThatThrownBy(() -> Proration.fraction(utc("2027-02-11T00:00"), utc("2027-02-10T00:00"), FEBRUARY_2027))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
