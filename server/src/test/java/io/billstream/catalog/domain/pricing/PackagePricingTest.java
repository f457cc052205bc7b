package io.billstream.catalog.domain.pricing;

import org.junit.jupiter.api.Test;

import static io.billstream.catalog.domain.pricing.PricingFixtures.d;
import static io.billstream.catalog.domain.pricing.PricingFixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

class PackagePricingTest {

    private final PackagePricing hundredFor5 = new PackagePricing(d("100"), d("5.00"), null);

    private static PriceComponent.Packages packages(PriceEvaluation evaluation) {
        return (PriceComponent.Packages) evaluation.breakdown().getFirst();
    }

    @Test
    void zero_units_buy_no_package() {
        PriceEvaluation evaluation = hundredFor5.evaluate(units("0"));

        assertThat(evaluation.amount()).isEqualByComparingTo("0");
        assertThat(packages(evaluation).packages()).isEqualByComparingTo("0");
    }

    @Test
    void a_partial_block_is_billed_as_a_whole_package() {
        PriceEvaluation evaluation = hundredFor5.evaluate(units("101"));

        assertThat(packages(evaluation).packages()).isEqualTo(d("2"));
        assertThat(evaluation.amount()).isEqualTo(d("10"));
    }

    @Test
    void units_exactly_filling_blocks_buy_no_extra_package() {
        PriceEvaluation evaluation = hundredFor5.evaluate(units("200"));

        assertThat(packages(evaluation).packages()).isEqualTo(d("2"));
        assertThat(evaluation.amount()).isEqualTo(d("10"));
    }

    @Test
    void fractional_units_start_a_block() {
        assertThat(hundredFor5.evaluate(units("0.5")).amount()).isEqualTo(d("5"));
        assertThat(hundredFor5.evaluate(units("100.5")).amount()).isEqualTo(d("10"));
    }

    @Test
    void free_units_are_deducted_before_packages_are_counted() {
        PackagePricing withAllowance = new PackagePricing(d("100"), d("5"), d("50"));

        PriceEvaluation evaluation = withAllowance.evaluate(units("150"));

        assertThat(packages(evaluation).billableUnits()).isEqualTo(d("100"));
        assertThat(packages(evaluation).packages()).isEqualTo(d("1"));
        assertThat(evaluation.amount()).isEqualTo(d("5"));
    }

    @Test
    void usage_within_the_free_units_costs_nothing() {
        PackagePricing withAllowance = new PackagePricing(d("100"), d("5"), d("50"));

        PriceEvaluation evaluation = withAllowance.evaluate(units("50"));

        assertThat(packages(evaluation).billableUnits()).isEqualByComparingTo("0");
        assertThat(evaluation.amount()).isEqualByComparingTo("0");
    }

    @Test
    void one_unit_past_the_free_units_starts_a_package() {
        PackagePricing withAllowance = new PackagePricing(d("100"), d("5"), d("50"));

        assertThat(withAllowance.evaluate(units("51")).amount()).isEqualTo(d("5"));
    }

    @Test
    void a_fractional_package_size_counts_started_blocks() {
        PackagePricing halfGigabytes = new PackagePricing(d("0.5"), d("0.01"), null);

        PriceEvaluation evaluation = halfGigabytes.evaluate(units("1.2"));

        assertThat(packages(evaluation).packages()).isEqualTo(d("3"));
        assertThat(evaluation.amount()).isEqualTo(d("0.03"));
    }
}
