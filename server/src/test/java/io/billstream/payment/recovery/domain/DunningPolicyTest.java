package io.billstream.payment.recovery.domain;

import java.util.Arrays;
import java.util.List;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DunningPolicyTest {

    @Test
    void the_default_retries_after_three_five_and_seven_days_restricts_after_four_and_cancels() {
        assertThat(DunningPolicy.DEFAULT.retryDays()).containsExactly(3, 5, 7);
        assertThat(DunningPolicy.DEFAULT.restrictAfterDays()).isEqualTo(4);
        assertThat(DunningPolicy.DEFAULT.finalAction()).isEqualTo(FinalAction.CANCEL);
    }

    @Test
    void the_limits_themselves_are_accepted() {
        List<Integer> ten = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 60);
        assertThat(new DunningPolicy(ten, 60, FinalAction.KEEP).retryDays()).hasSize(10);
        assertThat(new DunningPolicy(List.of(1), 0, FinalAction.CANCEL).restrictAfterDays()).isZero();
        assertThat(new DunningPolicy(List.of(1), null, FinalAction.CANCEL).restrictAfterDays()).isNull();
    }

    @Test
    void each_refusal_names_its_field() {
        assertRefused(null, 4, "retry_days");
        assertRefused(List.of(), 4, "retry_days");
        assertRefused(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 4, "retry_days");
        assertRefused(List.of(3, 0), null, "retry_days[1]");
        assertRefused(List.of(3, 61), null, "retry_days[1]");
        assertRefused(List.of(3, 5, 5), null, "retry_days[2]");
        assertRefused(List.of(5, 3), null, "retry_days[1]");
        assertRefused(Arrays.asList(3, null), null, "retry_days[1]");
        assertRefused(List.of(3, 5, 7), -1, "restrict_after_days");
        assertRefused(List.of(3, 5, 7), 8, "restrict_after_days");
        assertThatThrownBy(() -> new DunningPolicy(List.of(3), null, null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("final_action"));
    }

    @Test
    void final_actions_parse_by_api_name() {
        assertThat(FinalAction.parse("keep", "final_action")).isEqualTo(FinalAction.KEEP);
        assertThatThrownBy(() -> FinalAction.parse("Cancel", "final_action")).isInstanceOf(InvalidValueException.class);
    }

    private static void assertRefused(List<Integer> days, Integer restrictAfter, String field) {
        assertThatThrownBy(() -> new DunningPolicy(days, restrictAfter, FinalAction.CANCEL))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
