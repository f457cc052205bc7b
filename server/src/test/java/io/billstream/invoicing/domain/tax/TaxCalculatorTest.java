package io.billstream.invoicing.domain.tax;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.junit.jupiter.api.Test;

import static java.math.RoundingMode.HALF_DOWN;
import static java.math.RoundingMode.HALF_EVEN;
import static java.math.RoundingMode.HALF_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// Each case computed by hand; the comment above each assertion shows the arithmetic.
class TaxCalculatorTest {

    private static TaxRate exclusive(String percentage) {
        return new TaxRate("txr_ex" + percentage, "Sales tax " + percentage + " %", new BigDecimal(percentage), "US", "NY", false);
    }

    private static TaxRate inclusive(String percentage) {
        return new TaxRate("txr_in" + percentage, "VAT " + percentage + " %", new BigDecimal(percentage), "DE", null, true);
    }

    private static List<Long> amounts(List<LineTax> taxes) {
        return taxes.stream().map(LineTax::amountMinor).toList();
    }

    private static List<Long> taxables(List<LineTax> taxes) {
        return taxes.stream().map(LineTax::taxableMinor).toList();
    }

    @Test
    void ten_dollars_at_twenty_percent_exclusive_is_two_dollars_on_top() {
        // when
        List<LineTax> taxes = TaxCalculator.taxLine(1000, List.of(exclusive("20")), HALF_UP);

        // then: 1000 × 20 / 100 = 200
        assertThat(taxes).containsExactly(new LineTax("txr_ex20", "Sales tax 20 %", new BigDecimal("20"), false, 1000, 200));
    }

    @Test
    void twelve_dollars_inclusive_of_twenty_percent_is_ten_net_and_two_tax() {
        // when
        List<LineTax> taxes = TaxCalculator.taxLine(1200, List.of(inclusive("20")), HALF_UP);

        // then: net = 1200 × 100 / 120 = 1000, tax = 1000 × 20 / 100 = 200
        assertThat(taxes).containsExactly(new LineTax("txr_in20", "VAT 20 %", new BigDecimal("20"), true, 1000, 200));
    }

    @Test
    void two_inclusive_rates_that_divide_evenly() {
        // when
        List<LineTax> taxes = TaxCalculator.taxLine(1150, List.of(inclusive("10"), inclusive("5")), HALF_UP);

        // then: net = 1150 × 100 / 115 = 1000; 10 % of it is 100, 5 % is 50
        assertThat(amounts(taxes)).containsExactly(100L, 50L);
        assertThat(taxables(taxes)).containsExactly(1000L, 1000L);
    }

    @Test
    void two_inclusive_rates_the_last_takes_the_rounding_difference() {
        // when: ten dollars inclusive of 19 % and 7 % (P = 26)
        List<LineTax> taxes = TaxCalculator.taxLine(1000, List.of(inclusive("19"), inclusive("7")), HALF_UP);

        // then: net = 100000 / 126 = 793.65… → 794; 19 %: 19000 / 126 = 150.79… → 151;
        // 7 % would round 7000 / 126 = 55.55… to 56, but 794 + 151 + 56 = 1001, so the last is 1000 − 794 − 151 = 55
        assertThat(taxables(taxes)).containsExactly(794L, 794L);
        assertThat(amounts(taxes)).containsExactly(151L, 55L);
    }

    @Test
    void odd_cents_exclusive_round_once_per_rate() {
        // when: 0.99 at 8.875 %
        List<LineTax> taxes = TaxCalculator.taxLine(99, List.of(exclusive("8.875")), HALF_UP);

        // then: 99 × 8.875 / 100 = 8.78625 → 9
        assertThat(amounts(taxes)).containsExactly(9L);
    }

    @Test
    void odd_cents_inclusive_keep_net_plus_tax_equal_to_the_price() {
        // when: 1.01 inclusive of 20 %
        List<LineTax> taxes = TaxCalculator.taxLine(101, List.of(inclusive("20")), HALF_UP);

        // then: net = 10100 / 120 = 84.17 → 84; tax = 101 − 84 = 17 (2020 / 120 = 16.83 → 17 too)
        assertThat(taxables(taxes)).containsExactly(84L);
        assertThat(amounts(taxes)).containsExactly(17L);
    }

    @Test
    void a_tie_follows_the_rounding_mode() {
        // 0.25 at 10 % is exactly 2.5 cents; 0.35 at 10 % exactly 3.5
        assertThat(amounts(TaxCalculator.taxLine(25, List.of(exclusive("10")), HALF_UP))).containsExactly(3L);
        assertThat(amounts(TaxCalculator.taxLine(25, List.of(exclusive("10")), HALF_EVEN))).containsExactly(2L);
        assertThat(amounts(TaxCalculator.taxLine(25, List.of(exclusive("10")), HALF_DOWN))).containsExactly(2L);
        assertThat(amounts(TaxCalculator.taxLine(35, List.of(exclusive("10")), HALF_EVEN))).containsExactly(4L);
    }

    @Test
    void an_inclusive_tie_on_the_net_follows_the_rounding_mode_and_the_tax_takes_the_rest() {
        // 0.21 inclusive of 100 %: net = 2100 / 200 = 10.5 exactly
        List<LineTax> up = TaxCalculator.taxLine(21, List.of(inclusive("100")), HALF_UP);
        List<LineTax> even = TaxCalculator.taxLine(21, List.of(inclusive("100")), HALF_EVEN);

        // HALF_UP: net 11, tax 10. HALF_EVEN: net 10, tax 11.
        assertThat(taxables(up)).containsExactly(11L);
        assertThat(amounts(up)).containsExactly(10L);
        assertThat(taxables(even)).containsExactly(10L);
        assertThat(amounts(even)).containsExactly(11L);
    }

    @Test
    void an_exclusive_rate_beside_an_inclusive_one_applies_to_the_net() {
        // when: 12.00 inclusive of 20 %, plus 5 % on top
        List<LineTax> taxes = TaxCalculator.taxLine(1200, List.of(inclusive("20"), exclusive("5")), HALF_UP);

        // then: net 1000, VAT 200 inside the price, 5 % of 1000 = 50 added
        assertThat(taxables(taxes)).containsExactly(1000L, 1000L);
        assertThat(amounts(taxes)).containsExactly(200L, 50L);
        assertThat(taxes.get(1).inclusive()).isFalse();
    }

    @Test
    void several_exclusive_rates_each_apply_to_the_full_amount() {
        // when: 10.00 at 5 % GST and 9.975 % QST
        List<LineTax> taxes = TaxCalculator.taxLine(1000, List.of(exclusive("5"), exclusive("9.975")), HALF_UP);

        // then: 50, and 99.75 → 100; not compounded
        assertThat(amounts(taxes)).containsExactly(50L, 100L);
        assertThat(taxables(taxes)).containsExactly(1000L, 1000L);
    }

    @Test
    void a_negative_exclusive_line_gets_a_negative_tax() {
        // when: a credit of 10.00 at 20 %
        List<LineTax> taxes = TaxCalculator.taxLine(-1000, List.of(exclusive("20")), HALF_UP);

        // then
        assertThat(taxables(taxes)).containsExactly(-1000L);
        assertThat(amounts(taxes)).containsExactly(-200L);
    }

    @Test
    void a_negative_inclusive_line_mirrors_the_positive_one() {
        // when: a credit of 10.00 inclusive of 19 % and 7 %
        List<LineTax> taxes = TaxCalculator.taxLine(-1000, List.of(inclusive("19"), inclusive("7")), HALF_UP);

        // then: the exact opposite of two_inclusive_rates_the_last_takes_the_rounding_difference
        assertThat(taxables(taxes)).containsExactly(-794L, -794L);
        assertThat(amounts(taxes)).containsExactly(-151L, -55L);
    }

    @Test
    void a_negative_tie_rounds_half_up_away_from_zero() {
        assertThat(amounts(TaxCalculator.taxLine(-25, List.of(exclusive("10")), HALF_UP))).containsExactly(-3L);
        assertThat(amounts(TaxCalculator.taxLine(-25, List.of(exclusive("10")), HALF_EVEN))).containsExactly(-2L);
    }

    @Test
    void yen_amounts_are_whole_units_and_large() {
        // ¥1,234,567,891 at 10 %: 123,456,789.1 → 123,456,789
        assertThat(amounts(TaxCalculator.taxLine(1_234_567_891L, List.of(exclusive("10")), HALF_UP)))
                .containsExactly(123_456_789L);
        // ¥1,100 inclusive of 10 %: net 1,000, tax 100
        List<LineTax> small = TaxCalculator.taxLine(1_100, List.of(inclusive("10")), HALF_UP);
        assertThat(taxables(small)).containsExactly(1_000L);
        assertThat(amounts(small)).containsExactly(100L);
        // ¥9,999,999,999,999 inclusive of 10 %: net = 9,090,909,090,908.18 → 9,090,909,090,908; tax the other 909,090,909,091
        List<LineTax> large = TaxCalculator.taxLine(9_999_999_999_999L, List.of(inclusive("10")), HALF_UP);
        assertThat(taxables(large)).containsExactly(9_090_909_090_908L);
        assertThat(amounts(large)).containsExactly(909_090_909_091L);
    }

    @Test
    void the_largest_amount_does_not_overflow() {
        // Long.MAX_VALUE at 100 % exclusive is itself; inclusive of 100 % splits it in two
        assertThat(amounts(TaxCalculator.taxLine(Long.MAX_VALUE, List.of(exclusive("100")), HALF_UP))).containsExactly(Long.MAX_VALUE);
        List<LineTax> split = TaxCalculator.taxLine(Long.MAX_VALUE, List.of(inclusive("100")), HALF_UP);
        assertThat(split.getFirst().taxableMinor() + split.getFirst().amountMinor()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void a_zero_line_has_zero_tax_per_rate() {
        List<LineTax> taxes = TaxCalculator.taxLine(0, List.of(inclusive("20"), exclusive("5")), HALF_UP);

        assertThat(amounts(taxes)).containsExactly(0L, 0L);
        assertThat(taxables(taxes)).containsExactly(0L, 0L);
    }

    @Test
    void no_rates_no_taxes() {
        assertThat(TaxCalculator.taxLine(1000, List.of(), HALF_UP)).isEmpty();
    }

    @Test
    void three_inclusive_rates_on_a_tiny_line_never_give_a_tax_of_the_opposite_sign() {
        // given: 0.02 inclusive of 51 %, 51 % and 1 % (P = 103). Net = 200 / 203 = 0.985 → 1; each 51 % rate is
        // 102 / 203 = 0.502 → 1; the 1 % rate would be left 2 − 1 − 1 − 1 = −1.
        List<TaxRate> rates = List.of(inclusive("51"), new TaxRate("txr_b", "b", new BigDecimal("51"), null, null, true), inclusive("1"));

        // when
        List<LineTax> taxes = TaxCalculator.taxLine(2, rates, HALF_UP);

        // then: the difference is taken from the rate before the last instead; the line still adds up
        assertThat(taxables(taxes)).containsOnly(1L);
        assertThat(amounts(taxes)).containsExactly(1L, 0L, 0L);
    }

    @Test
    void taxes_are_listed_in_the_order_of_the_rates() {
        List<LineTax> taxes = TaxCalculator.taxLine(1200, List.of(exclusive("5"), inclusive("20")), HALF_UP);

        assertThat(taxes).extracting(LineTax::taxRateId).containsExactly("txr_ex5", "txr_in20");
        assertThat(amounts(taxes)).containsExactly(50L, 200L);
    }

    @Test
    void unnecessary_cannot_round_a_tax() {
        assertThatThrownBy(() -> TaxCalculator.taxLine(25, List.of(exclusive("10")), RoundingMode.UNNECESSARY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
