package io.billstream.payment.recovery.application;

import java.time.Instant;

import io.billstream.invoicing.InvoiceCollection;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.payment.application.PaymentAttempts;
import io.billstream.payment.domain.Payment;
import io.billstream.payment.domain.PaymentOrigin;
import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retries and restrictions as they fall due, and retries asked for through the API. A retry is a new
 * payment written in a transaction that holds the invoice and the failure, and sent to the provider
 * after that commits; its outcome comes back through {@link FailureRecording}. The provider is called
 * synchronously, so a test clock's advance sees each retry's outcome before it moves on.
 */
@Service
public class RecoveryRetries {

    static final String NO_PAYMENT_METHOD = "no_payment_method";

    private final PaymentFailures failures;
    private final InvoiceCollection invoices;
    private final PaymentAttempts attempts;
    private final RecoveryWorkflow workflow;
    private final PaymentFailureQueries queries;
    private final BillingTime time;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    RecoveryRetries(PaymentFailures failures, InvoiceCollection invoices, PaymentAttempts attempts, RecoveryWorkflow workflow,
                    PaymentFailureQueries queries, BillingTime time, AuditLog audit, TransactionTemplate transactions) {
        this.failures = failures;
        this.invoices = invoices;
        this.attempts = attempts;
        this.workflow = workflow;
        this.queries = queries;
        this.time = time;
        this.audit = audit;
        this.transactions = transactions;
    }

    private record Locked(PaymentFailure failure, PayableInvoice invoice) {
    }

    /**
     * Does what is due on one failure by {@code at}: the retry first (made at {@code at}), then, if the
     * failure is still open, the restriction (as of its {@code restrict_at}). Safe to run twice or on two
     * instances: each step re-checks, under the lock, that it is still due.
     */
    public void runDue(String failureId, Instant at) {
        String paymentId = transactions.execute(status -> startDueRetry(failureId, at));
        if (paymentId != null) {
            attempts.submitClaimed(paymentId, at);
        }
        transactions.executeWithoutResult(status -> {
            Locked locked = lockOpen(failureId, at);
            if (locked != null && locked.failure().restrictionDue(at)) {
                workflow.restrict(locked.failure());
            }
        });
    }

    /**
     * A retry now, asked for through the API, in the customer's billing time. It uses none of the
     * scheduled retries: a failure it reports is only counted.
     *
     * @return the failure after the attempt, which shows the attempt's outcome
     */
    public PaymentFailureView retryNow(String failureId) {
        String tenantId = TenantContext.require();
        record Started(String paymentId, Instant at) {
        }
        Started started = transactions.execute(status -> {
            PaymentFailure unlocked = failures.find(tenantId, failureId, false)
                    .orElseThrow(() -> ApiException.notFound("payment_failure", failureId));
            requireOpen(unlocked);
            Instant now = time.nowForChange(unlocked.testClockId());
            PayableInvoice invoice = invoices.lock(unlocked.invoiceId()).orElseThrow();
            PaymentFailure failure = failures.find(tenantId, failureId, true).orElseThrow();
            requireOpen(failure);
            if (!invoice.collectible()) {
                // Paid or voided meanwhile: nothing to charge; the failure is closed, as its next scheduled action would have.
                workflow.settledElsewhere(failure, invoice, now);
                return new Started(null, now);
            }
            PaymentFailureView before = workflow.view(failure);
            Payment payment = attempts.startCollection(invoice, PaymentOrigin.RETRY, failureId, now)
                    .orElseThrow(() -> ApiException.conflict(NO_PAYMENT_METHOD, null, "Customer " + failure.customerId()
                            + " has no default payment method that can be charged automatically; attach one (it is retried at once)"));
            audit.record("payment_failure.retry", "payment_failure", failureId, before, workflow.view(failure));
            return new Started(payment.id(), now);
        });
        if (started.paymentId() != null) {
            attempts.submitClaimed(started.paymentId(), started.at());
        }
        return queries.get(failureId);
    }

    private String startDueRetry(String failureId, Instant at) {
        Locked locked = lockOpen(failureId, at);
        if (locked == null || !locked.failure().retryDue(at)) {
            return null;
        }
        PaymentFailure inFlight = workflow.retryStarted(locked.failure());
        return attempts.startCollection(locked.invoice(), PaymentOrigin.RETRY, failureId, at).map(Payment::id).orElseGet(() -> {
            // Nothing to charge: the retry counts as failed, and the last payment stays the one that failed last.
            workflow.failedAttempt(inFlight, locked.invoice(), null, NO_PAYMENT_METHOD,
                    "The customer has no default payment method that can be charged automatically", at);
            return null;
        });
    }

    /**
     * Locks the invoice, then the failure, if it is open. A failure whose invoice was paid or voided
     * some other way is closed here instead (and null returned): it must not go on retrying.
     */
    private Locked lockOpen(String failureId, Instant at) {
        String tenantId = TenantContext.require();
        PaymentFailure unlocked = failures.find(tenantId, failureId, false).orElse(null);
        if (unlocked == null || !unlocked.open()) {
            return null;
        }
        PayableInvoice invoice = invoices.lock(unlocked.invoiceId()).orElseThrow();
        PaymentFailure failure = failures.find(tenantId, failureId, true).orElseThrow();
        if (!failure.open()) {
            return null;
        }
        if (!invoice.collectible()) {
            workflow.settledElsewhere(failure, invoice, at);
            return null;
        }
        return new Locked(failure, invoice);
    }

    private static void requireOpen(PaymentFailure failure) {
        if (!failure.open()) {
            throw ApiException.conflict("payment_failure_not_open", null, "Payment failure " + failure.id() + " is "
                    + failure.status().apiName() + "; only an open failure can be retried");
        }
    }
}
