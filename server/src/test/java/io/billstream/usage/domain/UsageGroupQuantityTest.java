package io.billstream.usage.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageGroupQuantityTest {

    static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void a_time_weighted_level_is_rounded_half_up_to_twelve_places() {
        // 2 for two days and 10 for one day of three: 14 / 3
        BigDecimal levelSeconds = new BigDecimal(2 * 2 * 86_400 + 10 * 86_400);

        GroupQuantity quantity = GroupQuantity.timeWeighted(Map.of(), levelSeconds, FROM, FROM.plusSeconds(3 * 86_400), 2);

        assertThat(quantity.quantity()).isEqualTo(new BigDecimal("4.666666666667"));
        assertThat(quantity.events()).isEqualTo(2);
    }

    @Test
    void a_window_of_microseconds_divides_by_its_exact_length() {
        // A level of 1 held for 1.5 µs of a 3 µs window
        GroupQuantity quantity = GroupQuantity.timeWeighted(Map.of(), new BigDecimal("0.0000015"), FROM, FROM.plusNanos(3000), 1);

        assertThat(quantity.quantity()).isEqualByComparingTo("0.5");
    }

    @Test
    void a_group_may_hold_a_missing_property_as_null() {
        Map<String, String> group = new HashMap<>();
        group.put("region", null);

        GroupQuantity quantity = new GroupQuantity(group, BigDecimal.ONE, 1);

        assertThat(quantity.group()).containsEntry("region", null);
        assertThat(GroupQuantity.none()).isEqualTo(new GroupQuantity(Map.of(), BigDecimal.ZERO, 0));
    }
}
