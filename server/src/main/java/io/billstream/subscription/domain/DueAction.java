package io.billstream.subscription.domain;

import java.time.Instant;

/** The next time-driven transition of a subscription and when it is due. */
public record DueAction(Kind kind, Instant at) {

    public enum Kind {
        START, TRIAL_WILL_END, TRIAL_END, PERIOD_END
    }
}
