package io.billstream.payment.recovery.application;

import java.time.Instant;
import java.util.Optional;

import io.billstream.invoicing.InvoiceCollection;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.payment.application.PaymentOutcomeListener;
import io.billstream.payment.domain.Payment;
import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Component;

/**
 * Every failed payment of an invoice, whatever started it (the API, auto-collection, a retry), is
 * recorded on the invoice's one unresolved failure, starting it if there is none; a payment that
 * leaves nothing due recovers it. Runs in the transaction that records the payment's outcome, which
 * has locked the invoice already.
 */
@Component
class FailureRecording implements PaymentOutcomeListener {

    static final String CANCELED = "payment_canceled";

    private final PaymentFailures failures;
    private final InvoiceCollection invoices;
    private final RecoveryWorkflow workflow;

    FailureRecording(PaymentFailures failures, InvoiceCollection invoices, RecoveryWorkflow workflow) {
        this.failures = failures;
        this.invoices = invoices;
        this.workflow = workflow;
    }

    @Override
    public void paymentFailed(Payment payment, Instant at) {
        PayableInvoice invoice = invoices.lock(payment.invoiceId()).orElseThrow();
        Optional<PaymentFailure> unresolved = failures.unresolvedForInvoice(TenantContext.require(), invoice.id());
        if (unresolved.isEmpty()) {
            // A failure reported after the invoice was paid or voided some other way leaves nothing to recover.
            if (invoice.collectible()) {
                workflow.begin(invoice, payment.id(), payment.failureCode(), payment.failureMessage(), at);
            }
            return;
        }
        PaymentFailure failure = unresolved.get();
        if (failure.open() && !invoice.collectible()) {
            workflow.settledElsewhere(failure, invoice, at);
            return;
        }
        workflow.failedAttempt(failure, invoice, payment.id(), payment.failureCode(), payment.failureMessage(), at);
    }

    /**
     * A scheduled retry the provider canceled collected nothing: it counts as failed, so the schedule
     * goes on (the failure would otherwise wait forever for that retry's outcome). Other canceled
     * payments change nothing: they were never the recovery's only hope.
     */
    @Override
    public void paymentCanceled(Payment payment, Instant at) {
        if (payment.paymentFailureId() == null) {
            return;
        }
        PayableInvoice invoice = invoices.lock(payment.invoiceId()).orElseThrow();
        failures.unresolvedForInvoice(TenantContext.require(), invoice.id())
                .filter(failure -> failure.id().equals(payment.paymentFailureId()) && failure.retryInFlight())
                .ifPresent(failure -> {
                    if (!invoice.collectible()) {
                        workflow.settledElsewhere(failure, invoice, at);
                    } else {
                        workflow.failedAttempt(failure, invoice, payment.id(),
                                payment.failureCode() == null ? CANCELED : payment.failureCode(),
                                payment.failureMessage() == null ? "The provider canceled the payment" : payment.failureMessage(), at);
                    }
                });
    }

    @Override
    public void paymentSucceeded(Payment payment, boolean invoicePaid, Instant at) {
        if (!invoicePaid) {
            // Part of the amount due: the recovery goes on, and the next retry charges what is left.
            return;
        }
        PayableInvoice invoice = invoices.lock(payment.invoiceId()).orElseThrow();
        failures.unresolvedForInvoice(TenantContext.require(), invoice.id())
                .ifPresent(failure -> workflow.recover(failure, invoice, payment.id(), payment.appliedMinor(), at));
    }
}
