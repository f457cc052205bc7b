package io.billstream.platform.scheduling;

import java.time.Instant;

/**
 * Rules that fire at instants (trial ends, renewals, scheduled changes). The persistent scheduler
 * calls every implementation; each keeps its due instants in its own rows and must be safe to run
 * twice or on two instances at once (lock the row, re-check the state, then act).
 */
public interface TimeDrivenWork {

    /** Runs, for real-time customers, everything due at or before {@code now}. */
    void runDue(Instant now);

    /**
     * Runs, for the customers of one test clock, everything due at or before {@code until}, in time
     * order, each at its own due instant. The clock's tenant is the current tenant.
     */
    void runForTestClock(String testClockId, Instant until);
}
