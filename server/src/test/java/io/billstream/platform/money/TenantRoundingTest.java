package io.billstream.platform.money;

import java.math.RoundingMode;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantRoundingTest {

    @Test
    void the_three_half_modes_read_and_write_by_their_api_names() {
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN}) {
            assertThat(TenantRounding.parse(TenantRounding.apiName(mode), "rounding_mode")).isEqualTo(mode);
        }
        assertThat(TenantRounding.apiName(RoundingMode.HALF_EVEN)).isEqualTo("half_even");
    }

    @Test
    void other_names_are_refused_naming_the_field() {
        for (String name : new String[] {"HALF_UP", "up", "ceiling", "", null}) {
            assertThatThrownBy(() -> TenantRounding.parse(name, "rounding_mode"))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("rounding_mode"));
        }
    }

    @Test
    void modes_a_tenant_cannot_choose_have_no_api_name() {
        assertThatThrownBy(() -> TenantRounding.apiName(RoundingMode.CEILING)).isInstanceOf(IllegalArgumentException.class);
    }
}
