package io.billstream.invoicing.domain.tax;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

// Properties of the tax on a line, checked over random amounts, rates and rounding modes. The seed
// is fixed so a failure reproduces; each assertion names the case that broke.
class TaxCalculatorPropertiesTest {

    private static final long SEED = 20_260_501L;
    private static final int CASES = 10_000;
    private static final RoundingMode[] MODES = {RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN};
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    record Case(long amountMinor, List<TaxRate> rates, RoundingMode rounding) {
        List<LineTax> taxes() {
            return TaxCalculator.taxLine(amountMinor, rates, rounding);
        }

        boolean anyInclusive() {
            return rates.stream().anyMatch(TaxRate::inclusive);
        }

        BigDecimal inclusivePercent() {
            return rates.stream().filter(TaxRate::inclusive).map(TaxRate::percentage).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        @Override
        public String toString() {
            return amountMinor + " " + rounding + " " + rates.stream().map(r -> r.percentage().toPlainString()
                    + (r.inclusive() ? " incl" : " excl")).toList();
        }
    }

    @Test
    void inclusive_net_plus_inclusive_taxes_is_the_amount_exactly() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(random, true);

            List<LineTax> taxes = c.taxes();

            long net = taxes.getFirst().taxableMinor();
            long inclusiveTaxes = taxes.stream().filter(LineTax::inclusive).mapToLong(LineTax::amountMinor).sum();
            assertThat(net + inclusiveTaxes).as("%s", c).isEqualTo(c.amountMinor());
            assertThat(taxes).as("%s", c).allSatisfy(t -> assertThat(t.taxableMinor()).isEqualTo(net));
            // The net is the exact net rounded once.
            BigDecimal exactNet = BigDecimal.valueOf(c.amountMinor()).multiply(HUNDRED)
                    .divide(HUNDRED.add(c.inclusivePercent()), 20, RoundingMode.HALF_EVEN);
            assertThat(BigDecimal.valueOf(net).subtract(exactNet).abs()).as("%s", c).isLessThanOrEqualTo(new BigDecimal("0.5"));
        }
    }

    @Test
    void each_inclusive_tax_is_near_its_exact_share() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(random, true);

            List<LineTax> taxes = c.taxes();

            // Rounded once, except that the last inclusive rate also carries the other roundings' differences:
            // at most half a unit for the net and for each other inclusive rate.
            long inclusiveCount = taxes.stream().filter(LineTax::inclusive).count();
            BigDecimal tolerance = new BigDecimal("0.5").multiply(BigDecimal.valueOf(inclusiveCount));
            for (LineTax tax : taxes) {
                if (tax.inclusive()) {
                    BigDecimal exact = BigDecimal.valueOf(c.amountMinor()).multiply(tax.percentage())
                            .divide(HUNDRED.add(c.inclusivePercent()), 20, RoundingMode.HALF_EVEN);
                    assertThat(BigDecimal.valueOf(tax.amountMinor()).subtract(exact).abs()).as("%s: %s", c, tax)
                            .isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }

    @Test
    void exclusive_tax_is_within_half_a_minor_unit_of_the_exact_value() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(random, false);

            List<LineTax> taxes = c.taxes();

            for (LineTax tax : taxes) {
                // Without inclusive rates the taxable amount is the line's amount.
                assertThat(tax.taxableMinor()).as("%s", c).isEqualTo(c.amountMinor());
                BigDecimal exact = BigDecimal.valueOf(c.amountMinor()).multiply(tax.percentage()).movePointLeft(2);
                assertThat(BigDecimal.valueOf(tax.amountMinor()).subtract(exact).abs()).as("%s: %s", c, tax)
                        .isLessThanOrEqualTo(new BigDecimal("0.5"));
            }
        }
    }

    @Test
    void every_tax_has_the_sign_of_the_amount_and_a_credit_mirrors_the_charge() {
        Random random = new Random(SEED + 3);
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(random, random.nextBoolean());

            List<LineTax> taxes = c.taxes();
            List<LineTax> credit = TaxCalculator.taxLine(-c.amountMinor(), c.rates(), c.rounding());

            for (int r = 0; r < taxes.size(); r++) {
                long tax = taxes.get(r).amountMinor();
                assertThat(Long.signum(tax)).as("%s rate %d: %d", c, r, tax).isIn(0, Long.signum(c.amountMinor()));
                // The half-* modes are symmetric about zero.
                assertThat(credit.get(r).amountMinor()).as("%s rate %d", c, r).isEqualTo(-tax);
                assertThat(credit.get(r).taxableMinor()).as("%s rate %d", c, r).isEqualTo(-taxes.get(r).taxableMinor());
            }
        }
    }

    @Test
    void one_entry_per_rate_in_order() {
        Random random = new Random(SEED + 4);
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(random, random.nextBoolean());

            List<LineTax> taxes = c.taxes();

            assertThat(taxes).as("%s", c).extracting(LineTax::taxRateId).containsExactlyElementsOf(c.rates().stream().map(TaxRate::id).toList());
        }
    }

    /**
     * An amount of any size and sign, one to five rates, most of them inclusive if {@code inclusive}. Tiny amounts
     * with several inclusive rates are where the roundings of the net and the taxes collide.
     */
    private static Case randomCase(Random random, boolean inclusive) {
        long amount = switch (random.nextInt(4)) {
            case 0 -> random.nextLong(-20, 21);                         // a few cents: where rounding dominates
            case 1 -> random.nextLong(-1_000_000, 1_000_000);           // everyday invoices
            case 2 -> random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L); // yen-sized
            default -> random.nextLong(Long.MIN_VALUE + 1, Long.MAX_VALUE) / 2;  // the extremes, with room for exclusive tax
        };
        int count = 1 + random.nextInt(5);
        List<TaxRate> rates = new ArrayList<>(count);
        boolean anyInclusive = false;
        for (int r = 0; r < count; r++) {
            boolean isInclusive = inclusive && (r == count - 1 && !anyInclusive || random.nextInt(4) > 0);
            anyInclusive |= isInclusive;
            rates.add(new TaxRate("txr_" + r, "rate " + r, randomPercentage(random), null, null, isInclusive));
        }
        return new Case(amount, List.copyOf(rates), MODES[random.nextInt(MODES.length)]);
    }

    /** 0.0001 to 100 with 0 to 4 decimals, favouring everyday rates. */
    private static BigDecimal randomPercentage(Random random) {
        int decimals = random.nextInt(5);
        long scaled = switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextLong(30 * (long) Math.pow(10, decimals));
            default -> 1 + random.nextLong(100 * (long) Math.pow(10, decimals));
        };
        return BigDecimal.valueOf(scaled, decimals);
    }
}
