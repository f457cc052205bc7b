package io.billstream.payment.application;

import java.time.Instant;

import io.billstream.payment.db.Payments;
import io.billstream.payment.domain.Payment;
import io.billstream.payment.domain.PaymentStatus;
import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.ChargeReference;
import io.billstream.payment.provider.ProviderNotConfiguredException;
import io.billstream.payment.provider.ProviderUnavailableException;
import io.billstream.customer.CustomerDirectory;
import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Payments' part of each scheduler tick, after invoicing has issued what was due: sends pending
 * payments to their providers (auto-collections, and API payments whose request died before it sent
 * them), and reconciles payments stuck in {@code processing} by asking the provider. For a test
 * clock's customers the same happens at clock time while the clock advances.
 */
@Component
@Order(30)
class PaymentSchedule implements TimeDrivenWork {

    private static final Logger log = LoggerFactory.getLogger(PaymentSchedule.class);
    private static final int BATCH = 200;

    private final Payments payments;
    private final PaymentAttempts attempts;
    private final PaymentProviders providers;
    private final CustomerDirectory customers;

    PaymentSchedule(Payments payments, PaymentAttempts attempts, PaymentProviders providers, CustomerDirectory customers) {
        this.payments = payments;
        this.attempts = attempts;
        this.providers = providers;
        this.customers = customers;
    }

    @Override
    public void runDue(Instant now) {
        for (Payments.Due due : payments.dueSubmissions(now, BATCH)) {
            attempt(due.tenantId(), due.id(), () -> attempts.submitClaimed(due.id(), now));
        }
        for (Payments.Due due : payments.dueReconciliations(now, BATCH)) {
            attempt(due.tenantId(), due.id(), () -> reconcile(due.id(), now));
        }
    }

    @Override
    public void runForTestClock(String testClockId, Instant until) {
        String tenantId = TenantContext.require();
        for (Payment payment : payments.openOnClock(tenantId, testClockId, until)) {
            if (payment.status() == PaymentStatus.PENDING) {
                attempts.submitClaimed(payment.id(), payment.createdAt());
            } else {
                reconcile(payment.id(), until);
            }
        }
    }

    /** Asks the provider where a processing payment stands, and applies the answer. */
    void reconcile(String paymentId, Instant at) {
        Payment payment = payments.find(TenantContext.require(), paymentId, false).orElseThrow();
        if (payment.status() != PaymentStatus.PROCESSING) {
            return;
        }
        ChargeOutcome outcome;
        try {
            String token = customers.providerToken(payment.customerId(), payment.paymentMethodId()).orElse(null);
            outcome = providers.get(payment.provider()).retrieve(new ChargeReference(payment.id(), payment.providerTransactionId(), token,
                    payment.amountMinor(), payment.currency()));
        } catch (ProviderUnavailableException | ProviderNotConfiguredException e) {
            log.warn("Reconciling payment {}: provider {} not answering; will ask again", paymentId, payment.provider(), e);
            attempts.stillProcessing(payment, at);
            return;
        }
        if (outcome.state() == ChargeOutcome.ChargeState.PROCESSING) {
            attempts.stillProcessing(payment, at);
        } else {
            attempts.apply(paymentId, outcome, at);
        }
    }

    private void attempt(String tenantId, String paymentId, Runnable work) {
        try {
            TenantContext.runAs(tenantId, work);
        } catch (RuntimeException e) {
            log.error("Payment work for {} failed; will retry on the next tick", paymentId, e);
        }
    }
}
