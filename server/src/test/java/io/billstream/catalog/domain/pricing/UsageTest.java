package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.Arrays;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageTest {

    @Test
    void usage_of_events_counts_the_sum_of_their_amounts_as_units() {
        Usage usage = events("10.50", "4.5");

        assertThat(usage.units()).isEqualTo(d("15"));
        assertThat(usage.eventAmounts()).containsExactly(d("10.5"), d("4.5"));
    }

    @Test
    void counted_usage_has_no_event_amounts() {
        Usage usage = Usage.ofUnits(d("1.5"));

        assertThat(usage.hasEventAmounts()).isFalse();
        assertThat(usage.eventAmounts()).isNull();
    }

    @Test
    void negative_units_are_refused_naming_quantity() {
        assertThatThrownBy(() -> Usage.ofUnits(d("-1")))
                .isInstanceOf(InvalidValueException.class).extracting("field").isEqualTo("quantity");
    }

    @Test
    void missing_units_are_refused_naming_quantity() {
        assertThatThrownBy(() -> Usage.ofUnits(null)).extracting("field").isEqualTo("quantity");
    }

    @Test
    void a_negative_event_amount_is_refused_naming_its_index() {
        assertThatThrownBy(() -> events("1", "-2")).extracting("field").isEqualTo("event_amounts[1]");
    }

    @Test
    void a_missing_event_amount_is_refused_naming_its_index() {
        assertThatThrownBy(() -> Usage.ofEvents(Arrays.asList(BigDecimal.ONE, null))).extracting("field").isEqualTo("event_amounts[1]");
    }

    @Test
    void units_that_are_not_the_sum_of_the_event_amounts_are_refused_naming_quantity() {
        assertThatThrownBy(() -> new Usage(d("3"), java.util.List.of(d("1"), d("1")))).extracting("field").isEqualTo("quantity");
    }
}
