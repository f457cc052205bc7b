package io.billstream.payment.application;

import java.time.Clock;
import java.time.Instant;

import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.InvoiceCollection;
import io.billstream.invoicing.credit.CreditNotes;
import io.billstream.payment.db.Payments;
import io.billstream.payment.db.Refunds;
import io.billstream.payment.domain.Payment;
import io.billstream.payment.domain.Refund;
import io.billstream.payment.domain.RefundStatus;
import io.billstream.payment.provider.ProviderNotConfiguredException;
import io.billstream.payment.provider.ProviderUnavailableException;
import io.billstream.payment.provider.RefundOutcome;
import io.billstream.payment.provider.RefundRequest;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds of succeeded payments. Each is documented by a credit note (reason {@code refund}) issued
 * in the same transaction as the refund row, which also reserves the amount on the payment so that
 * concurrent refunds never return more than was paid. A refund the provider refuses releases the
 * reservation and puts the credit note's amount on the customer's credit balance instead, so the
 * credit note's value is never lost.
 */
@Service
public class Refunding {

    static final String REFUNDED = "payment.refunded";
    static final String REFUND_FAILED = "payment.refund_failed";
    private static final Logger log = LoggerFactory.getLogger(Refunding.class);

    private final Payments payments;
    private final Refunds refunds;
    private final InvoiceCollection invoices;
    private final CreditNotes creditNotes;
    private final CustomerDirectory customers;
    private final PaymentProviders providers;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final BillingTime time;
    private final Clock clock;
    private final TransactionTemplate transactions;

    Refunding(Payments payments, Refunds refunds, InvoiceCollection invoices, CreditNotes creditNotes, CustomerDirectory customers,
              PaymentProviders providers, BillingEventLog events, AuditLog audit, BillingTime time, Clock clock,
              TransactionTemplate transactions) {
        this.payments = payments;
        this.refunds = refunds;
        this.invoices = invoices;
        this.creditNotes = creditNotes;
        this.customers = customers;
        this.providers = providers;
        this.events = events;
        this.audit = audit;
        this.time = time;
        this.clock = clock;
        this.transactions = transactions;
    }

    public RefundView refund(String paymentId, PaymentRequests.CreateRefund request) {
        Refund created = transactions.execute(status -> create(paymentId, request));
        Payment payment = payments.find(created.tenantId(), created.paymentId(), false).orElseThrow();
        RefundOutcome outcome;
        try {
            String token = customers.providerToken(payment.customerId(), payment.paymentMethodId()).orElse(null);
            outcome = providers.get(payment.provider()).refund(new RefundRequest(created.id(), payment.id(),
                    payment.providerTransactionId(), token, created.amountMinor(), created.currency(), created.reason()));
        } catch (ProviderUnavailableException e) {
            // The outcome is unknown: the refund stays pending until the provider's callback reports it.
            log.warn("Refund {}: provider {} unavailable; waiting for its callback", created.id(), payment.provider(), e);
            return RefundView.of(created);
        } catch (ProviderNotConfiguredException e) {
            outcome = new RefundOutcome(RefundOutcome.RefundState.FAILED, null, "provider_not_configured", e.getMessage());
        }
        return RefundView.of(apply(created.id(), outcome, time.now(created.testClockId())));
    }

    private Refund create(String paymentId, PaymentRequests.CreateRefund request) {
        String tenantId = TenantContext.require();
        Payment unlocked = payments.find(tenantId, paymentId, false).orElseThrow(() -> ApiException.notFound("payment", paymentId));
        invoices.lock(unlocked.invoiceId()).orElseThrow();
        Payment payment = payments.find(tenantId, paymentId, true).orElseThrow();
        if (request.reason() != null && request.reason().length() > 500) {
            throw ApiException.invalid("reason", "reason must be at most 500 characters");
        }
        long amount;
        String creditNoteId;
        if (request.creditNote() != null && !request.creditNote().isBlank()) {
            CreditNotes.PendingRefund pending = creditNotes.pendingRefund(request.creditNote());
            if (refunds.carriesOut(tenantId, pending.id())) {
                // pendingRefund's row lock serialises the check; an earlier refund may still be pending at the provider.
                throw ApiException.conflict("credit_note_already_refunded", "credit_note", "Credit note " + pending.id()
                        + " already has a refund under way or done");
            }
            if (!pending.invoiceId().equals(payment.invoiceId())) {
                throw ApiException.invalid("credit_note", "Credit note " + pending.id() + " credits invoice " + pending.invoiceId()
                        + ", not this payment's invoice " + payment.invoiceId());
            }
            if (request.amountMinor() != null && request.amountMinor() != pending.refundMinor()) {
                throw ApiException.invalid("amount_minor", "Credit note " + pending.id() + " refunds " + pending.refundMinor()
                        + "; leave amount_minor out or send that amount");
            }
            amount = pending.refundMinor();
            payment.requireRefundable(amount);
            creditNoteId = pending.id();
        } else {
            amount = request.amountMinor() == null ? payment.refundableMinor() : request.amountMinor();
            if (amount <= 0) {
                throw ApiException.invalid("amount_minor", "amount_minor must be positive"
                        + (request.amountMinor() == null ? " (nothing is left to refund on payment " + paymentId + ")" : ""));
            }
            payment.requireRefundable(amount);
            creditNoteId = creditNotes.forRefund(payment.invoiceId(), amount, request.memo()).id();
        }
        Instant now = time.nowForChange(payment.testClockId());
        Refund refund = new Refund(Ids.next("re"), tenantId, payment.id(), payment.customerId(), payment.invoiceId(), creditNoteId, amount,
                payment.currency(), RefundStatus.PENDING, request.reason(), null, null, null, payment.testClockId(), now, null, null);
        refunds.insert(refund, clock.instant());
        payments.addRefunded(tenantId, payment.id(), amount, clock.instant());
        audit.record("payment.refund", "refund", refund.id(), null, RefundView.of(refund));
        return refund;
    }

    /** Applies the provider's word on a refund; repeated or late reports change nothing. */
    public Refund apply(String refundId, RefundOutcome outcome, Instant at) {
        // Through the template, not @Transactional: refund() calls this on itself.
        return transactions.execute(status -> applyLocked(refundId, outcome, at));
    }

    private Refund applyLocked(String refundId, RefundOutcome outcome, Instant at) {
        String tenantId = TenantContext.require();
        Refund unlocked = refunds.find(tenantId, refundId, false).orElseThrow();
        invoices.lock(unlocked.invoiceId()).orElseThrow();
        Refund refund = refunds.find(tenantId, refundId, true).orElseThrow();
        RefundStatus target = switch (outcome.state()) {
            case PENDING -> RefundStatus.PENDING;
            case SUCCEEDED -> RefundStatus.SUCCEEDED;
            case FAILED -> RefundStatus.FAILED;
        };
        Refund settled = refund.settle(target, outcome.providerRefundId(), outcome.failureCode(), outcome.failureMessage(), at);
        if (settled == refund) {
            return refund;
        }
        refunds.update(settled, clock.instant());
        EventSubjects subjects = new EventSubjects(settled.customerId(), null, settled.invoiceId(), settled.paymentId());
        if (settled.status() == RefundStatus.SUCCEEDED) {
            creditNotes.refundSucceeded(settled.creditNoteId(), at);
            events.append(REFUNDED, subjects, RefundView.of(settled), null);
        } else if (settled.status() == RefundStatus.FAILED) {
            payments.addRefunded(tenantId, settled.paymentId(), -settled.amountMinor(), clock.instant());
            creditNotes.refundFailed(settled.creditNoteId(), settled.amountMinor(), at);
            events.append(REFUND_FAILED, subjects, RefundView.of(settled), null);
        }
        return settled;
    }

    @Transactional(readOnly = true)
    public ListPage<RefundView> list(String paymentId, PageRequest page) {
        String tenantId = TenantContext.require();
        payments.find(tenantId, paymentId, false).orElseThrow(() -> ApiException.notFound("payment", paymentId));
        return ListPage.of(refunds.ofPayment(tenantId, paymentId, page), page, Refund::id, RefundView::of);
    }
}
