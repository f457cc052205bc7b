package io.billstream.payment.recovery.application;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Recovery's part of each scheduler tick, after payments have sent what was pending: the retries and
 * restrictions that have fallen due. A test clock's failures are taken one action at a time in time
 * order, each at its own due instant, until none is due by the clock's new time: a retry on day 3 that
 * fails schedules day 5, which the same advance may reach.
 */
@Component
@Order(35)
class RecoverySchedule implements TimeDrivenWork {

    private static final Logger log = LoggerFactory.getLogger(RecoverySchedule.class);
    private static final int BATCH = 200;

    private final PaymentFailures failures;
    private final RecoveryRetries retries;

    RecoverySchedule(PaymentFailures failures, RecoveryRetries retries) {
        this.failures = failures;
        this.retries = retries;
    }

    @Override
    public void runDue(Instant now) {
        // Each failure once per tick: one whose work failed, or is still due after it ran, waits for the next tick.
        Set<String> seen = new HashSet<>();
        while (true) {
            List<PaymentFailures.Due> due = failures.due(now, BATCH);
            boolean progressed = false;
            for (PaymentFailures.Due d : due) {
                if (seen.add(d.id())) {
                    attempt(d, now);
                    progressed = true;
                }
            }
            if (!progressed || due.size() < BATCH) {
                return;
            }
        }
    }

    @Override
    public void runForTestClock(String testClockId, Instant until) {
        String tenantId = TenantContext.require();
        Set<String> done = new HashSet<>();
        while (true) {
            PaymentFailure next = failures.nextDueOnClock(tenantId, testClockId, until).orElse(null);
            if (next == null) {
                return;
            }
            Instant at = next.nextActionAt();
            if (!done.add(next.id() + "@" + at)) {
                throw new IllegalStateException("payment failure " + next.id() + " still has its action at " + at + " due after running it");
            }
            retries.runDue(next.id(), at);
        }
    }

    private void attempt(PaymentFailures.Due due, Instant now) {
        try {
            TenantContext.runAs(due.tenantId(), () -> retries.runDue(due.id(), now));
        } catch (RuntimeException e) {
            log.error("Recovery work for payment failure {} failed; will retry on the next tick", due.id(), e);
        }
    }
}
