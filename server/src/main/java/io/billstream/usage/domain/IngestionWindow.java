package io.billstream.usage.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How far from "now" an event's timestamp may be: late events are accepted for {@code backdating}
 * (so a nightly job or a retried batch still counts), and a little clock skew forward.
 * "Now" is the customer's billing time, so a test clock moves the window with it.
 */
public record IngestionWindow(Duration backdating, Duration future) {

    public void check(Instant timestamp, Instant now) {
        if (timestamp.isBefore(now.minus(backdating))) {
            throw new EventRejected("timestamp_too_old", "timestamp", "the timestamp is more than " + describe(backdating)
                    + " in the past; events older than the backdating window are not accepted");
        }
        if (timestamp.isAfter(now.plus(future))) {
            throw new EventRejected("timestamp_in_future", "timestamp", "the timestamp is more than " + describe(future)
                    + " in the future");
        }
    }

    private static String describe(Duration duration) {
        return duration.toHours() % 24 == 0 && duration.toDays() > 1 ? duration.toDays() + " days" : duration.toHours() + " hours";
    }
}
