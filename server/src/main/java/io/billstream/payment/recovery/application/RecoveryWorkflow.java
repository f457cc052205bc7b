package io.billstream.payment.recovery.application;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.billstream.customer.BillingProfile;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.InvoiceCollection;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.payment.db.Payments;
import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.FinalAction;
import io.billstream.payment.recovery.domain.PaymentFailure;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.SubscriptionDunning;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of a recovery and what each does beyond the failure's row: the billing events, the
 * subscriptions (past due, restricted, restored, canceled), the invoice (uncollectible) and the
 * customer's e-mails. Every step runs in the caller's transaction with the invoice (and so its
 * customer) locked first and then the failure's row, the order every payment path takes.
 */
@Component
class RecoveryWorkflow {

    static final String CREATED = "payment_failure.created";
    static final String RETRY_SCHEDULED = "payment_failure.retry_scheduled";
    static final String EXHAUSTED = "payment_failure.exhausted";
    static final String RECOVERED = "payment_failure.recovered";

    private final PaymentFailures failures;
    private final Payments payments;
    private final InvoiceCollection invoices;
    private final SubscriptionDunning dunning;
    private final CustomerDirectory customers;
    private final DunningPolicySettings policies;
    private final RecoveryNotices notices;
    private final BillingEventLog events;
    private final Clock clock;

    RecoveryWorkflow(PaymentFailures failures, Payments payments, InvoiceCollection invoices,
                     SubscriptionDunning dunning, CustomerDirectory customers, DunningPolicySettings policies,
                     RecoveryNotices notices, BillingEventLog events, Clock clock) {
        this.failures = failures;
        this.payments = payments;
        this.invoices = invoices;
        this.dunning = dunning;
        this.customers = customers;
        this.policies = policies;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The invoice's first failed payment: a failure with the tenant's current policy, its subscriptions
     * past due, and the entitlements restricted at once if the policy says after 0 days.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    PaymentFailure begin(PayableInvoice invoice, String paymentId, String code, String message, Instant at) {
        BillingProfile customer = customers.billingProfile(invoice.customerId()).orElseThrow();
        PaymentFailure failure = PaymentFailure.begin(Ids.next("pf"), TenantContext.require(), invoice.customerId(), invoice.id(),
                invoice.subscriptionIds(), invoice.testClockId(), paymentId, code, message, policies.current(), zone(customer), at);
        failures.insert(failure, clock.instant());
        payments.linkFailure(failure.tenantId(), paymentId, failure.id(), clock.instant());
        PaymentFailureView view = view(failure);
        events.append(CREATED, subjects(failure), view, null);
        events.append(RETRY_SCHEDULED, subjects(failure), view, null);
        notices.retryScheduled(failure, invoice, customer, true);
        if (!failure.subscriptionIds().isEmpty()) {
            dunning.markPastDue(failure.subscriptionIds(), at);
        }
        if (failure.restrictionDue(at)) {
            failure = restrict(failure);
        }
        return failure;
    }

    /**
     * Another failed attempt on the invoice. The scheduled retry's failure schedules the next retry or,
     * after the last, exhausts the recovery: the invoice becomes uncollectible and the subscriptions are
     * canceled or kept past due, per the policy copied when the failure began.
     *
     * @param paymentId null for a retry that had no payment method to charge
     */
    @Transactional(propagation = Propagation.MANDATORY)
    PaymentFailure failedAttempt(PaymentFailure failure, PayableInvoice invoice, String paymentId, String code, String message,
                                 Instant at) {
        BillingProfile customer = customers.billingProfile(failure.customerId()).orElseThrow();
        PaymentFailure.Step step = failure.failed(paymentId, code, message, at, zone(customer));
        PaymentFailure after = step.failure();
        failures.update(after, clock.instant());
        if (paymentId != null) {
            payments.linkFailure(after.tenantId(), paymentId, after.id(), clock.instant());
        }
        switch (step.outcome()) {
            case RECORDED -> {
                // Beside the schedule (a manual retry, an API payment) or after exhaustion: counted, nothing else changes.
            }
            case RETRY_SCHEDULED -> {
                events.appendChange(RETRY_SCHEDULED, subjects(after), view(failure), view(after));
                notices.retryScheduled(after, invoice, customer, false);
            }
            case EXHAUSTED -> {
                events.appendChange(EXHAUSTED, subjects(after), view(failure), view(after));
                invoices.markUncollectible(invoice.id(), at);
                if (after.finalAction() == FinalAction.CANCEL && !after.subscriptionIds().isEmpty()) {
                    dunning.cancelForNonPayment(after.subscriptionIds(), at);
                }
            }
        }
        return after;
    }

    /** The invoice was paid, by {@code paymentId} (null: some other way); everything the recovery did is undone. */
    @Transactional(propagation = Propagation.MANDATORY)
    PaymentFailure recover(PaymentFailure failure, PayableInvoice invoice, String paymentId, long paidMinor, Instant at) {
        PaymentFailure after = failure.recovered(paymentId, at);
        failures.update(after, clock.instant());
        if (paymentId != null) {
            payments.linkFailure(after.tenantId(), paymentId, after.id(), clock.instant());
        }
        events.appendChange(RECOVERED, subjects(after), view(failure), view(after));
        if (!after.subscriptionIds().isEmpty()) {
            dunning.restore(after.subscriptionIds(), at);
        }
        notices.recovered(invoice, customers.billingProfile(after.customerId()).orElseThrow(), paidMinor);
        return after;
    }

    /**
     * An open failure whose invoice was settled without a payment of ours (a credit note paid it, or it
     * was voided): recovered without a payment, the subscriptions restored. Only a paid invoice tells
     * the customer; a voided one asked nothing of them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    PaymentFailure settledElsewhere(PaymentFailure failure, PayableInvoice invoice, Instant at) {
        if (invoice.collectible()) {
            throw new IllegalStateException("invoice " + invoice.id() + " is still collectible");
        }
        if ("paid".equals(invoice.status())) {
            return recover(failure, invoice, null, 0, at);
        }
        PaymentFailure after = failure.recovered(null, at);
        failures.update(after, clock.instant());
        events.appendChange(RECOVERED, subjects(after), view(failure), view(after));
        if (!after.subscriptionIds().isEmpty()) {
            dunning.restore(after.subscriptionIds(), at);
        }
        return after;
    }

    /** The policy's grace period is over: the subscriptions' entitlements stop granting, as of {@code restrict_at}. */
    @Transactional(propagation = Propagation.MANDATORY)
    PaymentFailure restrict(PaymentFailure failure) {
        PaymentFailure after = failure.restricted();
        if (!after.subscriptionIds().isEmpty()) {
            dunning.restrictEntitlements(after.subscriptionIds(), after.restrictedAt());
        }
        failures.update(after, clock.instant());
        return after;
    }

    /** The next scheduled retry starts: used now, and nothing scheduled until its outcome arrives. */
    @Transactional(propagation = Propagation.MANDATORY)
    PaymentFailure retryStarted(PaymentFailure failure) {
        PaymentFailure after = failure.retryStarted();
        failures.update(after, clock.instant());
        return after;
    }

    PaymentFailureView view(PaymentFailure failure) {
        return PaymentFailureView.of(failure, failures.attempts(failure.tenantId(), List.of(failure.id())));
    }

    static EventSubjects subjects(PaymentFailure f) {
        return new EventSubjects(f.customerId(), null, f.invoiceId(), f.lastPaymentId());
    }

    static ZoneId zone(BillingProfile customer) {
        return ZoneId.of(customer.timezone() == null ? "UTC" : customer.timezone());
    }
}
