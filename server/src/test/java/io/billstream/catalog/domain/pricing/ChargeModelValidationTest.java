package io.billstream.catalog.domain.pricing;

import java.util.List;

import io.billstream.platform.domain.InvalidValueException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every value a charge model refuses, and the field each refusal names. */
class ChargeModelValidationTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable construction, String field) {
        var thrown = assertThatThrownBy(construction).isInstanceOf(InvalidValueException.class);
        thrown.extracting("field").isEqualTo(field);
        return thrown;
    }

    @Test
    void a_gap_between_tiers_is_refused_naming_the_later_tiers_from() {
        refused(() -> new GraduatedPricing(List.of(tier("0", "100", "1"), tier("150", null, "1"))), "tiers[1].from")
                .hasMessageContaining("gap");
    }

    @Test
    void overlapping_tiers_are_refused_naming_the_later_tiers_from() {
        refused(() -> new GraduatedPricing(List.of(tier("0", "100", "1"), tier("90", null, "1"))), "tiers[1].from")
                .hasMessageContaining("overlaps");
    }

    @Test
    void volume_tiers_follow_the_same_rules() {
        refused(() -> new VolumePricing(List.of(tier("0", "100", "1"), tier("101", null, "1"))), "tiers[1].from")
                .hasMessageContaining("gap");
    }

    @Test
    void a_first_tier_not_starting_at_zero_is_refused() {
        refused(() -> new GraduatedPricing(List.of(tier("1", null, "1"))), "tiers[0].from");
    }

    @Test
    void a_bounded_last_tier_is_refused_naming_its_up_to() {
        refused(() -> new GraduatedPricing(List.of(tier("0", "100", "1"), tier("100", "200", "1"))), "tiers[1].up_to")
                .hasMessageContaining("unbounded");
    }

    @Test
    void an_unbounded_middle_tier_is_refused_naming_its_up_to() {
        refused(() -> new VolumePricing(List.of(tier("0", null, "1"), tier("100", null, "1"))), "tiers[0].up_to")
                .hasMessageContaining("only the last tier");
    }

    @Test
    void no_tiers_are_refused() {
        refused(() -> new GraduatedPricing(List.of()), "tiers");
        refused(() -> new VolumePricing(null), "tiers");
    }

    @Test
    void a_negative_tier_unit_price_is_refused_naming_unit_price() {
        refused(() -> tier("0", null, "-0.01"), "unit_price");
    }

    @Test
    void a_tier_unit_price_with_more_than_twelve_decimal_places_is_refused() {
        refused(() -> tier("0", null, "0.0000000000005"), "unit_price");
        assertThat(tier("0", null, "0.000000000005").unitPrice()).isEqualTo(d("0.000000000005"));
    }

    @Test
    void a_negative_flat_fee_is_refused_naming_flat_fee() {
        refused(() -> tier("0", null, "1", "-5"), "flat_fee");
    }

    @Test
    void a_tier_ending_where_it_starts_is_refused_naming_up_to() {
        refused(() -> tier("100", "100", "1"), "up_to");
    }

    @Test
    void a_zero_package_size_is_refused() {
        refused(() -> new PackagePricing(d("0"), d("5"), null), "package_size");
    }

    @Test
    void a_negative_package_price_is_refused() {
        refused(() -> new PackagePricing(d("100"), d("-5"), null), "package_price");
    }

    @Test
    void negative_free_units_are_refused() {
        refused(() -> new PackagePricing(d("100"), d("5"), d("-1")), "free_units");
    }

    @Test
    void a_negative_rate_is_refused() {
        refused(() -> PercentagePricing.of(d("-1")), "rate");
    }

    @Test
    void a_rate_above_one_hundred_percent_is_refused() {
        refused(() -> PercentagePricing.of(d("100.01")), "rate");
        assertThat(PercentagePricing.of(d("100")).ratePercent()).isEqualTo(d("100"));
    }

    @Test
    void a_negative_fixed_fee_per_event_is_refused() {
        refused(() -> new PercentagePricing(d("1"), d("-0.3"), 0, null, null), "fixed_fee_per_event");
    }

    @Test
    void negative_free_events_are_refused() {
        refused(() -> new PercentagePricing(d("1"), null, -1, null, null), "free_events");
    }

    @Test
    void a_per_event_minimum_above_the_maximum_is_refused() {
        refused(() -> new PercentagePricing(d("1"), null, 0, d("11"), d("10")), "per_event_min");
    }

    @Test
    void a_negative_per_event_maximum_is_refused() {
        refused(() -> new PercentagePricing(d("1"), null, 0, null, d("-1")), "per_event_max");
    }
}
