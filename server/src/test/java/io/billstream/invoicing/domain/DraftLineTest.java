package io.billstream.invoicing.domain;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DraftLineTest {

    @Test
    void a_usage_group_keeps_a_null_value_for_events_without_the_group_by_property() {
        // given
        Map<String, String> group = new HashMap<>();
        group.put("region", null);

        // when
        DraftLine line = usageLine(group);
        group.put("region", "eu");

        // then: kept as it was, and not changeable from outside
        assertThat(line.group()).containsEntry("region", null).hasSize(1);
        assertThatThrownBy(() -> line.group().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static DraftLine usageLine(Map<String, String> group) {
        return new DraftLine(LineKind.USAGE, "Calls (region: none)", "sub_1", "bp_1", null, "calls", group, BigDecimal.ONE,
                new BigDecimal("0.25"), new BigDecimal("0.25"), 25, List.of(), null, null, "plan_1", List.of());
    }
}
