package io.billstream.catalog.domain.period;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.period.PeriodFixtures.period;
import static io.billstream.catalog.domain.period.PeriodFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingPeriodTest {

    private static final BillingPeriod FEBRUARY_2027 = period(utc("2027-02-01T00:00"), utc("2027-03-01T00:00"));

    @Test
    void a_period_must_end_after_it_starts() {
        // when / then
        assertThatThrownBy(() -> period(utc("2027-02-01T00:00"), utc("2027-02-01T00:00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> period(utc("2027-03-01T00:00"), utc("2027-02-01T00:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_period_contains_its_start_but_not_its_end() {
        // when / then
        assertThat(FEBRUARY_2027.contains(utc("2027-02-01T00:00"))).isTrue();
        assertThat(FEBRUARY_2027.contains(utc("2027-02-28T23:59:59.999999"))).isTrue();
        assertThat(FEBRUARY_2027.contains(utc("2027-03-01T00:00"))).isFalse();
        assertThat(FEBRUARY_2027.contains(utc("2027-01-31T23:59:59.999999"))).isFalse();
    }

    @Test
    void length_is_the_real_elapsed_time() {
        // when / then
        assertThat(FEBRUARY_2027.length()).isEqualTo(Duration.ofDays(28));
    }

    @Test
    void splitting_at_a_mid_period_change_gives_two_touching_pieces() {
        // given
        var changeAt = utc("2027-02-10T13:37:42.123456");

        // when
        BillingPeriod.Split split = FEBRUARY_2027.splitAt(changeAt);

        // then
        assertThat(split.before()).isEqualTo(period(utc("2027-02-01T00:00"), changeAt));
        assertThat(split.after()).isEqualTo(period(changeAt, utc("2027-03-01T00:00")));
        assertThat(split.at()).isEqualTo(changeAt);
        assertThat(split.before().length().plus(split.after().length())).isEqualTo(FEBRUARY_2027.length());
    }

    @Test
    void splitting_at_the_start_or_end_or_outside_is_refused() {
        // when / then
        assertThatThrownBy(() -> FEBRUARY_2027.splitAt(FEBRUARY_2027.start())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FEBRUARY_2027.splitAt(FEBRUARY_2027.endExclusive())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FEBRUARY_2027.splitAt(utc("2027-04-01T00:00"))).isInstanceOf(IllegalArgumentException.class);
    }
}
