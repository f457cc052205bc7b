package io.billstream.payment.application;

import java.time.Instant;

import io.billstream.invoicing.InvoiceOpenedListener;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.payment.domain.PaymentOrigin;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Invoices issued to customers with a default payment method are charged automatically: the pending
 * payment is written in the finalising transaction (so a crash right after finalisation still charges
 * the invoice) and sent to the provider by {@link PaymentSchedule} once that transaction commits.
 */
@Component
class AutoCollection implements InvoiceOpenedListener {

    private final PaymentAttempts attempts;
    private final SubmissionKick kick;

    // Lazy: invoicing's finalisation holds this listener, and payments call back into invoicing.
    AutoCollection(@Lazy PaymentAttempts attempts, @Lazy SubmissionKick kick) {
        this.attempts = attempts;
        this.kick = kick;
    }

    @Override
    public void invoiceOpened(PayableInvoice invoice, Instant issuedAt) {
        attempts.startCollection(invoice, PaymentOrigin.AUTO_COLLECTION, null, issuedAt)
                .filter(payment -> payment.testClockId() == null)
                .ifPresent(payment -> kick.afterCommit(payment.tenantId(), payment.id()));
    }
}
