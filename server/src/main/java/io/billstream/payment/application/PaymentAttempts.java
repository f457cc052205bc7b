package io.billstream.payment.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.customer.ChargeableMethod;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.InvoiceCollection;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.payment.db.Payments;
import io.billstream.payment.domain.Payment;
import io.billstream.payment.domain.PaymentOrigin;
import io.billstream.payment.domain.PaymentStatus;
import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.ChargeRequest;
import io.billstream.payment.provider.PaymentProvider;
import io.billstream.payment.provider.ProviderNotConfiguredException;
import io.billstream.payment.provider.ProviderUnavailableException;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.domain.Metadata;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment attempts from start to outcome. A payment is written {@code pending} in one transaction,
 * sent to its provider outside any transaction (the provider dedupes on the payment ID), and the
 * provider's answer is applied in another transaction under the invoice's customer lock, the lock
 * invoicing takes too, so a payment and a billing run or a credit note never interleave on one
 * invoice. Every report about a payment, whether the provider's answer, a callback or the
 * reconciler's question, goes through {@link #apply}, which moves the state only forward.
 */
@Service
public class PaymentAttempts {

    static final String CREATED = "payment.created";
    static final String PROCESSING = "payment.processing";
    static final String SUCCEEDED = "payment.succeeded";
    static final String FAILED = "payment.failed";
    static final String CANCELED = "payment.canceled";
    private static final Logger log = LoggerFactory.getLogger(PaymentAttempts.class);

    private final Payments payments;
    private final InvoiceCollection invoices;
    private final CustomerDirectory customers;
    private final PaymentProviders providers;
    private final List<PaymentOutcomeListener> listeners;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final BillingTime time;
    private final Clock clock;
    private final PaymentProperties properties;
    private final TransactionTemplate transactions;

    PaymentAttempts(Payments payments, InvoiceCollection invoices, CustomerDirectory customers, PaymentProviders providers,
                    List<PaymentOutcomeListener> listeners, BillingEventLog events, AuditLog audit, BillingTime time, Clock clock,
                    PaymentProperties properties, TransactionTemplate transactions) {
        this.payments = payments;
        this.invoices = invoices;
        this.customers = customers;
        this.providers = providers;
        this.listeners = listeners;
        this.events = events;
        this.audit = audit;
        this.time = time;
        this.clock = clock;
        this.properties = properties;
        this.transactions = transactions;
    }

    /**
     * An API payment: written pending, then sent to the provider within the request. The answer is
     * the payment as it stands after the provider's answer (or still pending when the provider could
     * not be reached; the submission worker sends it again).
     */
    public PaymentView pay(PaymentRequests.CreatePayment request) {
        Payment created = transactions.execute(status -> create(request));
        return PaymentView.of(submit(created.id(), created.createdAt()));
    }

    private Payment create(PaymentRequests.CreatePayment request) {
        if (request.invoice() == null || request.invoice().isBlank()) {
            throw ApiException.invalid("invoice", "invoice is required: the ID of a finalized invoice");
        }
        Map<String, String> metadata = Metadata.valid(request.metadata());
        if (request.description() != null && request.description().length() > 500) {
            throw ApiException.invalid("description", "description must be at most 500 characters");
        }
        PayableInvoice invoice = invoices.lock(request.invoice())
                .orElseThrow(() -> ApiException.invalid("invoice", "No invoice '" + request.invoice() + "' in this tenant"));
        if (!invoice.collectible()) {
            throw ApiException.conflict("invoice_not_payable", "invoice", "Invoice " + invoice.id() + " is " + invoice.status()
                    + (invoice.amountDueMinor() == 0 ? " with nothing due" : "") + "; only a finalized or uncollectible invoice with an amount due can be paid");
        }
        if (request.currency() != null && !request.currency().equalsIgnoreCase(invoice.currency())) {
            throw ApiException.invalid("currency", "The invoice is in " + invoice.currency() + ", not " + request.currency());
        }
        long amount = request.amountMinor() == null ? invoice.amountDueMinor() : request.amountMinor();
        if (amount <= 0) {
            throw ApiException.invalid("amount_minor", "amount_minor must be a positive amount in minor units of " + invoice.currency());
        }
        Method method = method(invoice.customerId(), request);
        Instant now = time.nowForChange(invoice.testClockId());
        Payment payment = Payment.pending(Ids.next("pay"), TenantContext.require(), invoice.customerId(), invoice.id(), method.id(),
                method.provider(), amount, invoice.currency(), PaymentOrigin.API, null, request.description(), metadata,
                invoice.testClockId(), now);
        if (method.reference() != null) {
            payment = payment.withReference(method.reference());
        }
        try {
            // The request submits it right away; the worker only steps in if this instance dies first.
            payments.insert(payment, now.plus(properties.submissionLease()), clock.instant());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("duplicate_reference", "reference", "A manual payment with reference '" + method.reference()
                    + "' is already recorded");
        }
        PaymentView view = PaymentView.of(payment);
        events.append(CREATED, subjects(payment), view, null);
        audit.record("payment.create", "payment", payment.id(), null, view);
        return payment;
    }

    /**
     * Starts collecting an invoice with the customer's default payment method, in the caller's
     * transaction (an invoice's finalisation, a recovery retry). Empty when the customer has no
     * default method a provider can charge without the customer (manual methods wait for the money).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Payment> startCollection(PayableInvoice invoice, PaymentOrigin origin, String paymentFailureId, Instant now) {
        Optional<ChargeableMethod> method = customers.defaultPaymentMethod(invoice.customerId())
                .filter(m -> !"manual".equals(m.provider()));
        if (method.isEmpty() || !invoice.collectible()) {
            return Optional.empty();
        }
        Payment payment = Payment.pending(Ids.next("pay"), TenantContext.require(), invoice.customerId(), invoice.id(),
                method.get().id(), method.get().provider(), invoice.amountDueMinor(), invoice.currency(), origin, paymentFailureId,
                null, Map.of(), invoice.testClockId(), now);
        payments.insert(payment, now, clock.instant());
        events.append(CREATED, subjects(payment), PaymentView.of(payment), null);
        return Optional.of(payment);
    }

    /**
     * Sends a pending payment to its provider and applies the answer. Outside any transaction: the
     * provider call may take seconds. Safe to call twice: the second finds it no longer pending.
     *
     * @param at the billing time of the attempt (a test clock's time for its customers)
     */
    public Payment submit(String paymentId, Instant at) {
        String tenantId = TenantContext.require();
        Payment payment = transactions.execute(status -> prepareSubmission(paymentId, at));
        if (payment == null || payment.status() != PaymentStatus.PENDING) {
            return payment != null ? payment : payments.find(tenantId, paymentId, false).orElseThrow();
        }
        PaymentProvider provider = providers.get(payment.provider());
        ChargeOutcome outcome;
        try {
            String token = payment.paymentMethodId() == null ? null
                    : customers.paymentMethod(payment.customerId(), payment.paymentMethodId()).map(ChargeableMethod::providerToken)
                    .orElse(null);
            if (token == null && !"manual".equals(payment.provider())) {
                outcome = ChargeOutcome.failed(null, "payment_method_detached", "The payment method was detached before it was charged");
            } else {
                outcome = provider.charge(new ChargeRequest(payment.id(), tenantId, payment.customerId(), payment.invoiceId(), token,
                        payment.amountMinor(), payment.currency(), payment.description()));
            }
        } catch (ProviderUnavailableException e) {
            log.warn("Payment {}: provider {} unavailable; will send it again", paymentId, payment.provider(), e);
            transactions.executeWithoutResult(status -> payments.deferSubmission(tenantId, paymentId,
                    at.plus(properties.submissionRetry()), clock.instant()));
            return payments.find(tenantId, paymentId, false).orElseThrow();
        } catch (ProviderNotConfiguredException e) {
            outcome = ChargeOutcome.failed(null, "provider_not_configured", e.getMessage());
        }
        return apply(paymentId, outcome, at);
    }

    /**
     * Takes a pending payment whose submission is due (see {@link Payments#claimSubmission}) and sends
     * it; does nothing when another submitter holds it or it is no longer pending.
     */
    public void submitClaimed(String paymentId, Instant at) {
        String tenantId = TenantContext.require();
        Boolean claimed = transactions.execute(status -> payments.claimSubmission(tenantId, paymentId, at,
                at.plus(properties.submissionLease())));
        if (Boolean.TRUE.equals(claimed)) {
            submit(paymentId, at);
        }
    }

    /**
     * Checks, under the invoice lock, that a pending payment is still wanted before it is sent: a
     * collection whose invoice was paid or voided meanwhile is canceled rather than charged.
     */
    private Payment prepareSubmission(String paymentId, Instant at) {
        String tenantId = TenantContext.require();
        Payment found = payments.find(tenantId, paymentId, false).orElse(null);
        if (found == null || found.status() != PaymentStatus.PENDING) {
            return found;
        }
        PayableInvoice invoice = invoices.lock(found.invoiceId()).orElseThrow();
        Payment payment = payments.find(tenantId, paymentId, true).orElseThrow();
        if (payment.status() != PaymentStatus.PENDING) {
            return payment;
        }
        boolean automatic = payment.origin() != PaymentOrigin.API;
        if (!invoice.collectible() || (automatic && invoice.amountDueMinor() < payment.amountMinor())) {
            // Collected some other way (or partly: a credit note) since it was scheduled; never charge more than is due.
            Payment canceled = payment.moveTo(PaymentStatus.CANCELED, null, "invoice_not_payable",
                    "Invoice " + invoice.id() + " is " + invoice.status() + " with " + invoice.amountDueMinor() + " due", at);
            payments.updateState(canceled, null, clock.instant());
            events.appendChange(CANCELED, subjects(canceled), PaymentView.of(payment), PaymentView.of(canceled));
            if (automatic && invoice.collectible()) {
                startCollection(invoice, payment.origin(), payment.paymentFailureId(), at)
                        .ifPresent(replacement -> log.info("Payment {} replaced by {} for the new amount due", paymentId, replacement.id()));
            }
            return canceled;
        }
        return payment;
    }

    /**
     * Applies what the provider says about a payment. Stale or repeated reports change nothing (the
     * state machine moves only forward). A success settles the invoice; a failure starts or continues
     * its recovery. Joins the caller's transaction if there is one (a callback's).
     */
    public Payment apply(String paymentId, ChargeOutcome outcome, Instant at) {
        // Through the template, not @Transactional: submit() calls this on itself.
        return transactions.execute(status -> applyLocked(paymentId, outcome, at));
    }

    private Payment applyLocked(String paymentId, ChargeOutcome outcome, Instant at) {
        String tenantId = TenantContext.require();
        Payment unlocked = payments.find(tenantId, paymentId, false).orElseThrow();
        PayableInvoice invoice = invoices.lock(unlocked.invoiceId()).orElseThrow();
        Payment payment = payments.find(tenantId, paymentId, true).orElseThrow();
        PaymentStatus target = switch (outcome.state()) {
            case PROCESSING -> PaymentStatus.PROCESSING;
            case SUCCEEDED -> PaymentStatus.SUCCEEDED;
            case FAILED -> PaymentStatus.FAILED;
            case CANCELED -> PaymentStatus.CANCELED;
        };
        Payment moved = payment.moveTo(target, outcome.providerTransactionId(), outcome.failureCode(), outcome.failureMessage(), at);
        if (moved == payment) {
            return payment;
        }
        if (moved.status() == PaymentStatus.SUCCEEDED) {
            // Up to what is due on the invoice (nothing on a void or paid one); the rest is an overpayment.
            long applied = invoice.collectible() ? Math.min(moved.amountMinor(), invoice.amountDueMinor()) : 0;
            moved = moved.settled(applied, moved.amountMinor() - applied);
        }
        Instant reconcileAfter = moved.status() == PaymentStatus.PROCESSING ? at.plus(properties.reconcileAfter()) : null;
        payments.updateState(moved, reconcileAfter, clock.instant());
        if (moved.status() != payment.status()) {
            String type = switch (moved.status()) {
                case PROCESSING -> PROCESSING;
                case SUCCEEDED -> SUCCEEDED;
                case FAILED -> FAILED;
                case CANCELED -> CANCELED;
                case PENDING -> throw new IllegalStateException("a payment never moves back to pending");
            };
            events.appendChange(type, subjects(moved), PaymentView.of(payment), PaymentView.of(moved));
        }
        boolean invoicePaid = false;
        if (moved.status() == PaymentStatus.SUCCEEDED) {
            // After payment.succeeded, so consumers read the payment before the invoice.paid it causes.
            InvoiceCollection.Settlement settlement = invoices.settle(moved.invoiceId(), moved.amountMinor(), moved.id(), at);
            if (settlement.appliedMinor() != moved.appliedMinor() || settlement.overpaidMinor() != moved.overpaidMinor()) {
                throw new IllegalStateException("payment " + moved.id() + " settled " + settlement + ", expected " + moved.appliedMinor()
                        + " applied and " + moved.overpaidMinor() + " overpaid");
            }
            invoicePaid = settlement.paid();
        }
        for (PaymentOutcomeListener listener : listeners) {
            if (moved.status() == PaymentStatus.SUCCEEDED) {
                listener.paymentSucceeded(moved, invoicePaid, at);
            } else if (moved.status() == PaymentStatus.FAILED && payment.status() != PaymentStatus.FAILED) {
                listener.paymentFailed(moved, at);
            } else if (moved.status() == PaymentStatus.CANCELED) {
                listener.paymentCanceled(moved, at);
            }
        }
        return moved;
    }

    /** The reconciler found the provider still working: ask again later, backing off up to a day. */
    public void stillProcessing(Payment payment, Instant at) {
        Duration waited = payment.processingAt() == null ? Duration.ZERO : Duration.between(payment.processingAt(), at);
        Duration next = waited.compareTo(properties.reconcileAfter()) < 0 ? properties.reconcileAfter() : waited;
        Instant askAt = at.plus(next.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : next);
        transactions.executeWithoutResult(status -> payments.deferReconciliation(payment.tenantId(), payment.id(), askAt, clock.instant()));
    }

    static EventSubjects subjects(Payment p) {
        return new EventSubjects(p.customerId(), null, p.invoiceId(), p.id());
    }

    /** @param reference a manual payment's own reference (a bank transfer's), recorded as its transaction ID */
    private record Method(String id, String provider, String reference) {
    }

    private Method method(String customerId, PaymentRequests.CreatePayment request) {
        if (request.paymentMethod() != null && !request.paymentMethod().isBlank()) {
            ChargeableMethod method = customers.paymentMethod(customerId, request.paymentMethod())
                    .orElseThrow(() -> ApiException.invalid("payment_method", "The invoice's customer has no attached payment method '"
                            + request.paymentMethod() + "'"));
            if (request.provider() != null && !request.provider().equals(method.provider())) {
                throw ApiException.invalid("provider", "Payment method " + method.id() + " belongs to provider " + method.provider());
            }
            return new Method(method.id(), method.provider(), "manual".equals(method.provider()) ? reference(request) : null);
        }
        if ("manual".equals(request.provider())) {
            return new Method(null, "manual", reference(request));
        }
        if (request.provider() != null && providers.find(request.provider()).isEmpty()) {
            throw ApiException.invalid("provider", "provider must be one of [manual, sandbox, stripe]");
        }
        ChargeableMethod fallback = customers.defaultPaymentMethod(customerId)
                .filter(m -> request.provider() == null || m.provider().equals(request.provider()))
                .orElseThrow(() -> ApiException.invalid("payment_method", "payment_method is required: the customer has no default"
                        + " payment method" + (request.provider() == null ? "" : " of provider " + request.provider())
                        + " (or record a manual payment with provider 'manual')"));
        return new Method(fallback.id(), fallback.provider(), "manual".equals(fallback.provider()) ? reference(request) : null);
    }

    private static String reference(PaymentRequests.CreatePayment request) {
        String reference = request.reference();
        if (reference != null && (reference.isBlank() || reference.length() > 255)) {
            throw ApiException.invalid("reference", "reference must be 1 to 255 characters (the bank transfer's or receipt's reference)");
        }
        return reference;
    }
}
