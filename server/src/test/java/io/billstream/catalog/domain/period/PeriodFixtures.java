package io.billstream.catalog.domain.period;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

// Readable instants and period walks for the period tests.
final class PeriodFixtures {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    private PeriodFixtures() {
    }

    // "2027-01-31T00:00" in UTC; seconds and fractions optional.
    static Instant utc(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
    }

    // Refuses a local time in a DST gap or overlap, so each test says exactly which instant it means.
    static Instant local(String localDateTime, ZoneId zone) {
        LocalDateTime parsed = LocalDateTime.parse(localDateTime);
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(parsed);
        if (offsets.size() != 1) {
            throw new IllegalArgumentException(localDateTime + " is not a unique local time in " + zone);
        }
        return parsed.toInstant(offsets.getFirst());
    }

    static BillingPeriod period(Instant start, Instant endExclusive) {
        return new BillingPeriod(start, endExclusive);
    }

    // The first count periods, by following from the first.
    static List<BillingPeriod> walk(BillingCycle cycle, int count) {
        List<BillingPeriod> periods = new ArrayList<>();
        BillingPeriod period = cycle.first();
        for (int i = 0; i < count; i++) {
            periods.add(period);
            period = cycle.following(period);
        }
        return periods;
    }

    // The start instants of the first count periods.
    static List<Instant> starts(BillingCycle cycle, int count) {
        return walk(cycle, count).stream().map(BillingPeriod::start).toList();
    }

    static BillingCycle anniversary(IntervalUnit unit, int count, Instant cycleStart, ZoneId zone) {
        return BillingCycle.of(new BillingInterval(unit, count), BillingAnchor.ANNIVERSARY, cycleStart, zone);
    }

    static BillingCycle calendar(IntervalUnit unit, int count, Instant cycleStart, ZoneId zone) {
        return BillingCycle.of(new BillingInterval(unit, count), BillingAnchor.CALENDAR, cycleStart, zone);
    }
}
