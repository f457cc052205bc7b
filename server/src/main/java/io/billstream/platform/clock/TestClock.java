package io.billstream.platform.clock;

import java.time.Instant;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;

/**
 * Frozen time for the customers created on it. Advancing is asynchronous: the clock is
 * {@code advancing} until every time-driven rule due up to the target has run, then {@code ready}.
 */
public record TestClock(String id, String tenantId, String name, Instant frozenTime, Status status, Instant advanceTo,
                        Instant createdAt, Instant updatedAt) {

    public enum Status {
        READY, ADVANCING;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static TestClock create(String id, String tenantId, String name, Instant frozenTime, Instant now) {
        if (frozenTime == null) {
            throw new InvalidValueException("frozen_time", "is required");
        }
        if (name != null && name.length() > 200) {
            throw new InvalidValueException("name", "must be at most 200 characters");
        }
        return new TestClock(id, tenantId, name, frozenTime, Status.READY, null, now, now);
    }

    /** Starts moving time forward; time never goes back. */
    public TestClock startAdvance(Instant target, Instant now) {
        if (status == Status.ADVANCING) {
            throw new StateConflictException("test_clock_advancing", "Test clock " + id + " is still advancing");
        }
        if (target == null) {
            throw new InvalidValueException("frozen_time", "is required");
        }
        if (!target.isAfter(frozenTime)) {
            throw new InvalidValueException("frozen_time", "must be after the clock's current time " + frozenTime);
        }
        return new TestClock(id, tenantId, name, frozenTime, Status.ADVANCING, target, createdAt, now);
    }

    public TestClock finishAdvance(Instant now) {
        if (status != Status.ADVANCING) {
            return this;
        }
        return new TestClock(id, tenantId, name, advanceTo, Status.READY, null, createdAt, now);
    }
}
