package io.billstream.platform.clock;

import java.time.Clock;
import java.util.List;

import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Completes advancing clocks: every module runs, for the clock's customers, all the work due up to
 * the target instant (each transition in its own transaction, at its own due time), then the clock
 * becomes ready. Called by the persistent scheduler; a crash mid-way resumes where it stopped,
 * because each module's work is driven by the state it has already saved.
 */
@Component
public class TestClockAdvancing {

    private static final Logger log = LoggerFactory.getLogger(TestClockAdvancing.class);

    private final TestClocks clocks;
    private final List<TimeDrivenWork> work;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TestClockAdvancing(TestClocks clocks, List<TimeDrivenWork> work, TransactionTemplate transactions, Clock clock) {
        this.clocks = clocks;
        this.work = work;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Completes every clock that is advancing; returns how many. */
    public int completeAdvancingClocks() {
        List<TestClocks.Advancing> advancing = transactions.execute(status -> clocks.advancing());
        for (TestClocks.Advancing clockRef : advancing) {
            try {
                TenantContext.runAs(clockRef.tenantId(), () -> complete(clockRef.id()));
            } catch (RuntimeException e) {
                // One broken clock must not stall the others; it is retried on the next tick.
                log.error("Advancing test clock {} failed; will retry", clockRef.id(), e);
            }
        }
        return advancing.size();
    }

    private void complete(String clockId) {
        TestClock testClock = transactions.execute(status -> clocks.find(TenantContext.require(), clockId).orElse(null));
        if (testClock == null || testClock.status() != TestClock.Status.ADVANCING) {
            return;
        }
        for (TimeDrivenWork module : work) {
            module.runForTestClock(clockId, testClock.advanceTo());
        }
        transactions.executeWithoutResult(status -> clocks.find(TenantContext.require(), clockId, true)
                .ifPresent(locked -> clocks.update(locked.finishAdvance(clock.instant()))));
    }
}
