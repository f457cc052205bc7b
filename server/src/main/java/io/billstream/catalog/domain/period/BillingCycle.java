package io.billstream.catalog.domain.period;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The endless sequence of billing periods of one subscription: an interval, an anchor, the
 * instant billing started and the customer's time zone. Periods are computed on demand and are
 * contiguous: each starts where the previous one ends.
 *
 * <p>Every boundary is computed from the original anchor in local time, never by adding to the
 * previous period's end, so month-end anchors do not drift (31 Jan → 28 Feb → 31 Mar). Local wall
 * time is kept across DST changes, so a daily period can be 23 or 25 hours long. A local time that
 * does not exist (a spring-forward gap) moves forward by the length of the gap. A local time that
 * occurs twice (fall-back) is, for an anniversary, the occurrence with the UTC offset the cycle
 * started in if there is one, otherwise the earlier; a calendar boundary is always the earlier
 * (the first midnight). This is {@link ZonedDateTime#ofLocal} with a preferred offset, the rule
 * java.time itself uses when adding days or months to a {@link ZonedDateTime}.
 */
public final class BillingCycle {

    private final BillingInterval interval;
    private final BillingAnchor anchor;
    private final Instant cycleStart;
    private final ZoneId zone;
    // Local date-time of grid boundary 0; boundary j is this plus j intervals.
    private final LocalDateTime gridOrigin;
    // Offset to keep for ambiguous local times; null resolves them to the earlier instant.
    private final ZoneOffset preferredOffset;
    // A CALENDAR cycle started between boundaries: its first period ends at grid boundary 0.
    private final boolean startsWithStub;

    private BillingCycle(BillingInterval interval, BillingAnchor anchor, Instant cycleStart, ZoneId zone) {
        this.interval = interval;
        this.anchor = anchor;
        this.cycleStart = cycleStart;
        this.zone = zone;
        LocalDateTime startLocal = LocalDateTime.ofInstant(cycleStart, zone);
        if (anchor == BillingAnchor.ANNIVERSARY) {
            // The start's own offset makes boundary 0 exactly cycleStart even inside a fall-back hour.
            this.preferredOffset = zone.getRules().getOffset(cycleStart);
            this.gridOrigin = startLocal;
            this.startsWithStub = false;
        } else {
            // Midnight that occurs twice is the first one, as in LocalDate.atStartOfDay(zone).
            this.preferredOffset = null;
            LocalDateTime unitStart = interval.unit().startOfUnit(startLocal);
            this.startsWithStub = !instantOf(unitStart).equals(cycleStart);
            // The first boundary after a stub is one calendar unit on, not one interval: a stub is never longer than a unit.
            this.gridOrigin = startsWithStub ? interval.unit().plus(unitStart, 1) : unitStart;
        }
    }

    /**
     * @param interval   how often the periods repeat
     * @param anchor     calendar-aligned or repeating from {@code cycleStart}
     * @param cycleStart when billing starts; the first period starts here
     * @param zone       the customer's time zone, in which calendar boundaries and anniversaries are computed
     */
    public static BillingCycle of(BillingInterval interval, BillingAnchor anchor, Instant cycleStart, ZoneId zone) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(cycleStart, "cycleStart");
        Objects.requireNonNull(zone, "zone");
        return new BillingCycle(interval, anchor, cycleStart, zone);
    }

    /** The first period, starting at {@code cycleStart}; for a CALENDAR cycle started between boundaries, a stub. */
    public BillingPeriod first() {
        return containing(cycleStart);
    }

    /**
     * The period that starts where {@code period} ends.
     *
     * @throws IllegalArgumentException if {@code period} does not end on a boundary of this cycle
     */
    public BillingPeriod following(BillingPeriod period) {
        Objects.requireNonNull(period, "period");
        BillingPeriod next = containing(period.endExclusive());
        if (!next.start().equals(period.endExclusive())) {
            throw new IllegalArgumentException(period + " does not end on a boundary of " + this);
        }
        return next;
    }

    /**
     * The period that contains {@code instant}, computed directly rather than by walking the
     * periods from the start, so it costs the same ten years out as on day one.
     *
     * @throws IllegalArgumentException if {@code instant} is before {@code cycleStart}
     */
    public BillingPeriod containing(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(cycleStart)) {
            throw new IllegalArgumentException(instant + " is before the cycle starts at " + cycleStart);
        }
        if (startsWithStub && instant.isBefore(boundary(0))) {
            return new BillingPeriod(cycleStart, boundary(0));
        }
        long units = interval.unit().unitsBetween(gridOrigin, LocalDateTime.ofInstant(instant, zone));
        // Month-end clamping and DST make the estimate off by at most one or two; the loops correct it.
        long j = Math.max(0, Math.floorDiv(units, interval.count()));
        while (j > 0 && boundary(j).isAfter(instant)) {
            j--;
        }
        // Boundary j + 1 can equal boundary j only where a zone skipped a whole day (Samoa, 30 Dec 2011);
        // stepping past it keeps every period non-empty.
        while (!boundary(j + 1).isAfter(instant)) {
            j++;
        }
        return new BillingPeriod(boundary(j), boundary(j + 1));
    }

    /**
     * The whole period {@code period} is measured against when prorating: for the stub that opens
     * a CALENDAR cycle, the calendar period it is the tail of ({@code [first boundary − interval,
     * first boundary)}); for every other period, the period itself.
     *
     * @throws IllegalArgumentException if {@code period} is not one of this cycle's periods
     */
    public BillingPeriod fullPeriodOf(BillingPeriod period) {
        if (isStub(period)) {
            return new BillingPeriod(instantOf(interval.addTo(gridOrigin, -1)), boundary(0));
        }
        return period;
    }

    /**
     * True for the short first period of a CALENDAR cycle started between boundaries.
     *
     * @throws IllegalArgumentException if {@code period} is not one of this cycle's periods
     */
    public boolean isStub(BillingPeriod period) {
        Objects.requireNonNull(period, "period");
        if (period.start().isBefore(cycleStart) || !containing(period.start()).equals(period)) {
            throw new IllegalArgumentException(period + " is not a period of " + this);
        }
        return startsWithStub && period.start().equals(cycleStart);
    }

    public BillingInterval interval() {
        return interval;
    }

    public BillingAnchor anchor() {
        return anchor;
    }

    public Instant cycleStart() {
        return cycleStart;
    }

    public ZoneId zone() {
        return zone;
    }

    private Instant boundary(long j) {
        return instantOf(interval.addTo(gridOrigin, j));
    }

    private Instant instantOf(LocalDateTime local) {
        return ZonedDateTime.ofLocal(local, zone, preferredOffset).toInstant();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BillingCycle that
                && interval.equals(that.interval) && anchor == that.anchor
                && cycleStart.equals(that.cycleStart) && zone.equals(that.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, anchor, cycleStart, zone);
    }

    @Override
    public String toString() {
        return "BillingCycle[every " + interval + ", " + anchor.code() + " from " + cycleStart + " in " + zone + "]";
    }
}
