package io.billstream.catalog.domain.period;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.period.IntervalUnit.DAY;
import static io.billstream.catalog.domain.period.IntervalUnit.MONTH;
import static io.billstream.catalog.domain.period.IntervalUnit.QUARTER;
import static io.billstream.catalog.domain.period.IntervalUnit.WEEK;
import static io.billstream.catalog.domain.period.IntervalUnit.YEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// Intervals, units and anchors as the API sends them.
class BillingIntervalTest {

    @Test
    void interval_count_of_zero_is_refused_naming_interval_count() {
        // when / then
        assertThatThrownBy(() -> new BillingInterval(MONTH, 0))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("interval_count");
    }

    @Test
    void negative_interval_count_is_refused_naming_interval_count() {
        // when / then
        assertThatThrownBy(() -> new BillingInterval(WEEK, -1))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("interval_count");
    }

    @Test
    void interval_count_above_the_units_maximum_is_refused_naming_interval_count() {
        // when / then
        assertThatThrownBy(() -> new BillingInterval(DAY, 366)).extracting("field").isEqualTo("interval_count");
        assertThatThrownBy(() -> new BillingInterval(WEEK, 53)).extracting("field").isEqualTo("interval_count");
        assertThatThrownBy(() -> new BillingInterval(MONTH, 25)).extracting("field").isEqualTo("interval_count");
        assertThatThrownBy(() -> new BillingInterval(QUARTER, 9)).extracting("field").isEqualTo("interval_count");
        assertThatThrownBy(() -> new BillingInterval(YEAR, 6)).extracting("field").isEqualTo("interval_count");
    }

    @Test
    void interval_count_up_to_the_units_maximum_is_accepted() {
        // when / then
        assertThat(new BillingInterval(DAY, 365).count()).isEqualTo(365);
        assertThat(new BillingInterval(WEEK, 52).count()).isEqualTo(52);
        assertThat(new BillingInterval(MONTH, 24).count()).isEqualTo(24);
        assertThat(new BillingInterval(QUARTER, 8).count()).isEqualTo(8);
        assertThat(new BillingInterval(YEAR, 5).count()).isEqualTo(5);
    }

    @Test
    void interval_without_a_unit_is_refused_naming_interval() {
        // when / then
        assertThatThrownBy(() -> new BillingInterval(null, 1))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("interval");
    }

    @Test
    void unknown_interval_unit_is_refused_naming_interval() {
        // when / then
        assertThatThrownBy(() -> IntervalUnit.fromCode("fortnight", "interval"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("fortnight")
                .extracting("field").isEqualTo("interval");
    }

    @Test
    void interval_unit_codes_are_lower_case_and_case_sensitive() {
        // when / then
        assertThat(IntervalUnit.values()).extracting(IntervalUnit::code)
                .containsExactly("day", "week", "month", "quarter", "year");
        assertThat(IntervalUnit.fromCode("quarter", "interval")).isEqualTo(QUARTER);
        assertThatThrownBy(() -> IntervalUnit.fromCode("Month", "interval")).extracting("field").isEqualTo("interval");
        assertThatThrownBy(() -> IntervalUnit.fromCode(null, "interval")).extracting("field").isEqualTo("interval");
    }

    @Test
    void billing_anchor_codes_round_trip_and_unknown_ones_name_the_given_field() {
        // when / then
        assertThat(BillingAnchor.fromCode("calendar", "billing_anchor")).isEqualTo(BillingAnchor.CALENDAR);
        assertThat(BillingAnchor.fromCode(BillingAnchor.ANNIVERSARY.code(), "billing_anchor")).isEqualTo(BillingAnchor.ANNIVERSARY);
        assertThatThrownBy(() -> BillingAnchor.fromCode("monthly", "billing_anchor"))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("billing_anchor");
    }
}
