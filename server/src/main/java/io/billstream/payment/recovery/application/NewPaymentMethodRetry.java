package io.billstream.payment.recovery.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.billstream.customer.PaymentMethodAttached;
import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.tenancy.TenantContext;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A new default payment method brings the customer's waiting retries forward to now: written in the
 * attaching transaction (so the scheduler retries even if this instance dies), then run as soon as
 * that commits, on a virtual thread, in the customer's billing time. A method attached without
 * becoming the default changes nothing: retries charge the default method.
 */
@Component
class NewPaymentMethodRetry {

    private static final Logger log = LoggerFactory.getLogger(NewPaymentMethodRetry.class);

    private final PaymentFailures failures;
    private final RecoveryRetries retries;
    private final BillingTime time;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    NewPaymentMethodRetry(PaymentFailures failures, RecoveryRetries retries, BillingTime time, Clock clock) {
        this.failures = failures;
        this.retries = retries;
        this.time = time;
        this.clock = clock;
    }

    @EventListener
    void paymentMethodAttached(PaymentMethodAttached attached) {
        if (!attached.isDefault()) {
            return;
        }
        List<PaymentFailure> brought = new ArrayList<>();
        for (PaymentFailure failure : failures.openForCustomer(attached.tenantId(), attached.customerId())) {
            PaymentFailure forward = failure.retryBroughtForward(time.now(failure.testClockId()));
            if (forward != failure) {
                failures.update(forward, clock.instant());
            }
            if (forward.nextRetryAt() != null) {
                brought.add(forward);
            }
        }
        if (brought.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        String tenantId = attached.tenantId();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                executor.execute(() -> {
                    for (PaymentFailure failure : brought) {
                        try {
                            TenantContext.runAs(tenantId, () -> retries.runDue(failure.id(), time.now(failure.testClockId())));
                        } catch (RuntimeException e) {
                            log.warn("Retrying payment failure {} for a new payment method failed; the scheduler will retry", failure.id(), e);
                        }
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
