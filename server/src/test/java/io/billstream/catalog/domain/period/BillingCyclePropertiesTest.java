package io.billstream.catalog.domain.period;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

// Properties that must hold for every cycle, checked over random anchors, zones and intervals.
// The seed is fixed so a failure reproduces; each assertion names the cycle that broke.
class BillingCyclePropertiesTest {

    private static final long SEED = 20_270_131L;
    private static final int CYCLES = 2_000;
    private static final int PERIODS_PER_CYCLE = 30;
    // Every zone the JDK knows, sorted so the seed picks the same ones on every run.
    private static final List<ZoneId> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().map(ZoneId::of).toList();
    private static final Instant EARLIEST = Instant.parse("1995-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2045-01-01T00:00:00Z");

    @Test
    void periods_are_contiguous_and_strictly_increasing() {
        Random random = new Random(SEED);
        for (int i = 0; i < CYCLES; i++) {
            // given
            BillingCycle cycle = randomCycle(random);

            // when
            BillingPeriod previous = cycle.first();

            // then
            assertThat(previous.start()).as("%s", cycle).isEqualTo(cycle.cycleStart());
            for (int n = 1; n < PERIODS_PER_CYCLE; n++) {
                BillingPeriod next = cycle.following(previous);
                assertThat(next.start()).as("%s after %s", cycle, previous).isEqualTo(previous.endExclusive());
                assertThat(next.endExclusive()).as("%s after %s", cycle, previous).isAfter(next.start());
                previous = next;
            }
        }
    }

    @Test
    void containing_an_instant_returns_the_walked_period_that_contains_it() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CYCLES; i++) {
            // given
            BillingCycle cycle = randomCycle(random);
            BillingPeriod walked = cycle.first();
            for (int n = random.nextInt(PERIODS_PER_CYCLE); n > 0; n--) {
                walked = cycle.following(walked);
            }
            Instant inside = walked.start().plus(randomFraction(random, walked.length()));

            // when
            BillingPeriod found = cycle.containing(inside);

            // then
            assertThat(found).as("%s at %s", cycle, inside).isEqualTo(walked);
            assertThat(found.contains(inside)).isTrue();
            assertThat(cycle.containing(walked.start())).as("%s at its start", cycle).isEqualTo(walked);
        }
    }

    @Test
    void only_the_first_period_can_be_a_stub_and_it_lies_within_its_full_period() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < CYCLES; i++) {
            // given
            BillingCycle cycle = randomCycle(random);
            BillingPeriod first = cycle.first();

            // when
            BillingPeriod full = cycle.fullPeriodOf(first);

            // then
            assertThat(full.endExclusive()).as("%s", cycle).isEqualTo(first.endExclusive());
            assertThat(full.start()).as("%s", cycle).isBeforeOrEqualTo(first.start());
            assertThat(cycle.isStub(first)).as("%s", cycle).isEqualTo(!full.equals(first));
            assertThat(cycle.isStub(cycle.following(first))).as("%s", cycle).isFalse();
        }
    }

    @Test
    void proration_fractions_of_consecutive_split_pieces_sum_to_one() {
        Random random = new Random(SEED + 3);
        BigDecimal fee = new BigDecimal("1234.567890123456");
        for (int i = 0; i < CYCLES; i++) {
            // given a period cut at two random instants
            BillingCycle cycle = randomCycle(random);
            BillingPeriod period = cycle.following(cycle.first());
            Instant firstCut = period.start().plus(randomFraction(random, period.length()));
            Instant secondCut = firstCut.plus(randomFraction(random, Duration.between(firstCut, period.endExclusive())));
            Instant[] edges = {period.start(), firstCut, secondCut, period.endExclusive()};

            // when
            BigDecimal fractions = BigDecimal.ZERO;
            BigDecimal amounts = BigDecimal.ZERO;
            for (int piece = 0; piece < 3; piece++) {
                fractions = fractions.add(Proration.fraction(edges[piece], edges[piece + 1], period));
                amounts = amounts.add(Proration.prorate(fee, edges[piece], edges[piece + 1], period));
            }

            // then
            assertThat(fractions).as("%s cut at %s and %s", cycle, firstCut, secondCut)
                    .isCloseTo(BigDecimal.ONE, within(new BigDecimal("1e-30")));
            assertThat(amounts).as("%s cut at %s and %s", cycle, firstCut, secondCut)
                    .isCloseTo(fee, within(new BigDecimal("1e-20")));
        }
    }

    private static BillingCycle randomCycle(Random random) {
        IntervalUnit unit = IntervalUnit.values()[random.nextInt(IntervalUnit.values().length)];
        // Mostly the counts people sell (1 to 3), sometimes anything up to the maximum.
        int count = random.nextInt(4) == 0 ? 1 + random.nextInt(unit.maxCount()) : 1 + random.nextInt(3);
        BillingAnchor anchor = random.nextBoolean() ? BillingAnchor.CALENDAR : BillingAnchor.ANNIVERSARY;
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        // Whole microseconds, like the timestamps Billstream stores.
        long spanMicros = Duration.between(EARLIEST, LATEST).toNanos() / 1_000;
        Instant cycleStart = EARLIEST.plusNanos(Math.floorMod(random.nextLong(), spanMicros) * 1_000);
        if (random.nextInt(5) == 0) {
            // Exactly on the start of a calendar unit, so calendar cycles sometimes start without a stub.
            LocalDateTime unitStart = unit.startOfUnit(LocalDateTime.ofInstant(cycleStart, zone));
            cycleStart = ZonedDateTime.ofLocal(unitStart, zone, null).toInstant();
        }
        return BillingCycle.of(new BillingInterval(unit, count), anchor, cycleStart, zone);
    }

    // A whole number of microseconds in [0, duration).
    private static Duration randomFraction(Random random, Duration duration) {
        long micros = duration.toNanos() / 1_000;
        return micros <= 1 ? Duration.ZERO : Duration.ofNanos(Math.floorMod(random.nextLong(), micros) * 1_000);
    }
}
