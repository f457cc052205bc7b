package io.billstream.catalog.domain.period;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open span of time, {@code [start, endExclusive)}, that is billed as one unit. Periods
 * are computed, never typed in by API callers, so a malformed one is a programming error
 * ({@link IllegalArgumentException}) rather than an invalid value.
 */
public record BillingPeriod(Instant start, Instant endExclusive) {

    public BillingPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(endExclusive, "endExclusive");
        if (!start.isBefore(endExclusive)) {
            throw new IllegalArgumentException("a billing period must end after it starts: " + start + " .. " + endExclusive);
        }
    }

    /** True if {@code start <= instant < endExclusive}. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(endExclusive);
    }

    /** Real elapsed time, so a day across a DST change is 23 or 25 hours. */
    public Duration length() {
        return Duration.between(start, endExclusive);
    }

    /**
     * Cuts the period where a mid-period change (upgrade, downgrade, cancellation) takes effect.
     * A change exactly at {@code start} or {@code endExclusive} needs no split, so those are refused.
     *
     * @throws IllegalArgumentException unless {@code start < at < endExclusive}
     */
    public Split splitAt(Instant at) {
        Objects.requireNonNull(at, "at");
        if (!at.isAfter(start) || !at.isBefore(endExclusive)) {
            throw new IllegalArgumentException("can only split " + this + " strictly inside it, not at " + at);
        }
        return new Split(new BillingPeriod(start, at), new BillingPeriod(at, endExclusive));
    }

    /** The two pieces of a period cut at one instant; {@code after} starts where {@code before} ends. */
    public record Split(BillingPeriod before, BillingPeriod after) {

        public Split {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            if (!before.endExclusive().equals(after.start())) {
                throw new IllegalArgumentException("the pieces of a split must touch: " + before + ", " + after);
            }
        }

        /** The instant the period was cut at. */
        public Instant at() {
            return after.start();
        }
    }

    @Override
    public String toString() {
        return "[" + start + ", " + endExclusive + ")";
    }
}
