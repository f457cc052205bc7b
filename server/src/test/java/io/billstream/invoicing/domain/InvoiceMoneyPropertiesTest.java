package io.billstream.invoicing.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.billstream.catalog.domain.FeeTiming;
import io.billstream.catalog.domain.FixedFees;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.catalog.domain.RecurringItem;
import io.billstream.catalog.domain.period.BillingInterval;
import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.catalog.domain.period.IntervalUnit;
import io.billstream.platform.money.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// The money rules of invoices, checked over many random cases. jqwik is not used: the version in
// reach (1.10.1) prints a message at start-up telling AI agents not to use it, so these are seeded
// JUnit loops instead. The seed is fixed so a failure reproduces; each assertion names its case.
class InvoiceMoneyPropertiesTest {

    private static final long SEED = 20_260_301L;
    private static final int CASES = 5_000;
    private static final List<Currency> CURRENCIES = List.of(Currency.getInstance("USD"), Currency.getInstance("JPY"),
            Currency.getInstance("KWD"), Currency.getInstance("EUR"));
    private static final List<RoundingMode> MODES = List.of(RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.HALF_DOWN);
    private static final Instant EARLIEST = Instant.parse("2020-01-01T00:00:00Z");

    @Test
    void totals_are_the_sums_of_lines_rounded_one_by_one() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            // given: lines priced exactly, each rounded once, some of them credits
            Currency currency = pick(random, CURRENCIES);
            RoundingMode mode = pick(random, MODES);
            List<InvoiceTotals.LineAmount> lines = new ArrayList<>();
            long amounts = 0;
            long taxes = 0;
            BigDecimal exactSum = BigDecimal.ZERO;
            int count = random.nextInt(40);
            for (int n = 0; n < count; n++) {
                BigDecimal exact = randomPrice(random).multiply(BigDecimal.valueOf(random.nextInt(1_000)));
                if (random.nextInt(5) == 0) {
                    exact = exact.negate();
                }
                long amount = Money.ofMajor(exact, currency, mode).amountMinor();
                long tax = random.nextInt(3) == 0 ? 0 : Math.abs(amount) / (1 + random.nextInt(20));
                lines.add(new InvoiceTotals.LineAmount(amount, tax));
                amounts += amount;
                taxes += tax;
                exactSum = exactSum.add(exact);
            }

            // when
            InvoiceTotals totals = InvoiceTotals.of(lines);

            // then: the document adds up to the minor unit, and differs from rounding the exact sum by at most
            // half a minor unit per line
            String label = "case " + i + ": " + lines;
            assertThat(totals.subtotalMinor()).as(label).isEqualTo(amounts);
            assertThat(totals.taxMinor()).as(label).isEqualTo(taxes);
            assertThat(totals.totalMinor()).as(label).isEqualTo(amounts + taxes);
            long roundedSum = Money.ofMajor(exactSum, currency, mode).amountMinor();
            assertThat(2 * Math.abs(totals.subtotalMinor() - roundedSum)).as(label).isLessThanOrEqualTo(count + 1L);
        }
    }

    @Test
    void totals_that_do_not_add_up_are_refused() {
        assertThatThrownBy(() -> new InvoiceTotals(1000, 190, 1191)).isInstanceOf(IllegalArgumentException.class);
        assertThat(InvoiceTotals.of(List.of())).isEqualTo(new InvoiceTotals(0, 0, 0));
    }

    @Test
    void prorations_of_a_period_split_at_random_instants_add_up_to_the_full_fee_within_a_minor_unit_per_piece() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            // given: a plan with a base fee and a recurring item, and its full period cut into pieces
            Currency currency = pick(random, CURRENCIES);
            RoundingMode mode = pick(random, MODES);
            PlanVersion version = plan(currency, random.nextLong(10_000_000L), randomPrice(random));
            Map<String, Long> quantities = Map.of("seats", (long) random.nextInt(50));
            Instant start = EARLIEST.plusSeconds(random.nextLong(10L * 365 * 86_400));
            BillingPeriod full = new BillingPeriod(start, start.plus(Duration.ofMinutes(1 + random.nextLong(400L * 24 * 60))));
            List<Instant> cuts = cuts(random, full);

            // when
            List<FixedFees.FeeLine> whole = FixedFees.inAdvance(version, quantities, full.start(), full.endExclusive(), full, mode);
            long[] pieceSums = new long[whole.size()];
            BigDecimal[] exactSums = new BigDecimal[whole.size()];
            java.util.Arrays.fill(exactSums, BigDecimal.ZERO);
            for (int p = 0; p + 1 < cuts.size(); p++) {
                List<FixedFees.FeeLine> piece = FixedFees.inAdvance(version, quantities, cuts.get(p), cuts.get(p + 1), full, mode);
                assertThat(piece).hasSameSizeAs(whole);
                for (int f = 0; f < piece.size(); f++) {
                    FixedFees.FeeLine line = piece.get(f);
                    // then: a piece of a non-negative fee is never negative
                    assertThat(line.amountMinor()).as("case %d piece %s", i, line).isNotNegative();
                    assertThat(line.exactAmount().signum()).as("case %d piece %s", i, line).isNotNegative();
                    pieceSums[f] += line.amountMinor();
                    exactSums[f] = exactSums[f].add(line.exactAmount());
                }
            }

            // then: the pieces add up to the whole period's fee, exactly before rounding (to 10^-20) and within one
            // minor unit per piece after
            int pieces = cuts.size() - 1;
            for (int f = 0; f < whole.size(); f++) {
                String label = "case " + i + " " + whole.get(f) + " cut at " + cuts;
                assertThat(exactSums[f].subtract(whole.get(f).exactAmount()).abs()).as(label)
                        .isLessThan(new BigDecimal("1e-20"));
                assertThat(Math.abs(pieceSums[f] - whole.get(f).amountMinor())).as(label).isLessThanOrEqualTo(pieces);
            }
        }
    }

    @Test
    void the_amount_due_is_never_negative_and_is_what_is_left_to_pay() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < CASES; i++) {
            // given: any total (credits included) and what was taken off it
            long total = random.nextLong(-1_000_000, 1_000_000);
            long creditApplied = random.nextLong(0, 500_000);
            long credited = random.nextLong(0, 500_000);
            long paid = random.nextLong(0, 500_000);

            // when
            long due = InvoiceTotals.amountDue(total, creditApplied, credited, paid);

            // then
            String label = "total %d, credit %d, credited %d, paid %d".formatted(total, creditApplied, credited, paid);
            assertThat(due).as(label).isNotNegative();
            long left = total - creditApplied - credited - paid;
            assertThat(due).as(label).isEqualTo(left > 0 ? left : 0);
        }
    }

    /** The period's start, its end and 0 to 5 random instants in between (some may coincide), in order. */
    private static List<Instant> cuts(Random random, BillingPeriod full) {
        List<Instant> cuts = new ArrayList<>();
        cuts.add(full.start());
        long lengthNanos = full.length().toNanos();
        for (int n = random.nextInt(6); n > 0; n--) {
            cuts.add(full.start().plusNanos(random.nextLong(lengthNanos + 1)));
        }
        cuts.add(full.endExclusive());
        cuts.sort(Instant::compareTo);
        return cuts;
    }

    private static PlanVersion plan(Currency currency, long baseFeeMinor, BigDecimal seatPrice) {
        PlanTerms terms = new PlanTerms(new BillingInterval(IntervalUnit.MONTH, 1), currency, baseFeeMinor, FeeTiming.IN_ADVANCE, 0,
                List.of(), List.of(new RecurringItem("seats", "Seats", seatPrice, 1)), List.of(), List.of());
        return new PlanVersion("pv_test", "ten_test", "plan_test", "test", 1, terms, true, EARLIEST);
    }

    /** A price of 0 to 10,000 with up to 12 decimal places. */
    private static BigDecimal randomPrice(Random random) {
        return BigDecimal.valueOf(random.nextLong(10_000_000_000_000_000L), random.nextInt(13)).min(BigDecimal.valueOf(10_000));
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
