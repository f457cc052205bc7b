package io.billstream.payment.application;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.billstream.platform.tenancy.TenantContext;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends a real-time payment written by a transaction (an invoice's auto-collection) to its provider
 * as soon as that transaction commits, on a virtual thread, instead of waiting for the scheduler's
 * next tick. Only a shortcut: the pending row is the record, and the scheduler sends whatever this
 * misses (this instance stopped, the submission failed).
 */
@Component
class SubmissionKick {

    private static final Logger log = LoggerFactory.getLogger(SubmissionKick.class);

    private final PaymentAttempts attempts;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    SubmissionKick(PaymentAttempts attempts, Clock clock) {
        this.attempts = attempts;
        this.clock = clock;
    }

    void afterCommit(String tenantId, String paymentId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                executor.execute(() -> {
                    try {
                        TenantContext.runAs(tenantId, () -> attempts.submitClaimed(paymentId, clock.instant()));
                    } catch (RuntimeException e) {
                        log.warn("Submitting payment {} after commit failed; the scheduler will retry", paymentId, e);
                    }
                });
            }
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
