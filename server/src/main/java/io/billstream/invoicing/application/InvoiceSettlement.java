package io.billstream.invoicing.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.invoicing.credit.CreditBalances;
import io.billstream.invoicing.credit.domain.CreditBalanceKind;
import io.billstream.invoicing.db.CustomerLocks;
import io.billstream.invoicing.db.InvoiceLines;
import io.billstream.invoicing.db.Invoices;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.InvoicePayment;
import io.billstream.invoicing.domain.InvoiceStatus;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Money received for issued invoices, and invoices given up on: what {@link io.billstream.invoicing.InvoiceCollection}
 * does for payments, and the write-off the API shares with it.
 */
@Component
public class InvoiceSettlement {

    private final Invoices invoices;
    private final InvoiceLines lines;
    private final CustomerLocks locks;
    private final InvoiceViews views;
    private final CreditBalances balances;
    private final BillingEventLog events;

    InvoiceSettlement(Invoices invoices, InvoiceLines lines, CustomerLocks locks, InvoiceViews views, CreditBalances balances,
                      BillingEventLog events) {
        this.invoices = invoices;
        this.lines = lines;
        this.locks = locks;
        this.views = views;
        this.balances = balances;
        this.events = events;
    }

    /**
     * Locks the invoice's customer, then the invoice: the order every billing path takes. Taking them again in a
     * transaction that holds them already costs a query and waits for nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Invoice> lock(String invoiceId) {
        String tenantId = TenantContext.require();
        Optional<Invoice> found = invoices.find(tenantId, invoiceId, false);
        if (found.isEmpty()) {
            return found;
        }
        locks.lock(tenantId, found.get().customerId());
        return invoices.find(tenantId, invoiceId, true);
    }

    @Transactional(readOnly = true)
    public Optional<PayableInvoice> find(String invoiceId) {
        return invoices.find(TenantContext.require(), invoiceId, false).map(this::payable);
    }

    public PayableInvoice payable(Invoice invoice) {
        return payable(invoice, lines.lines(invoice.tenantId(), invoice.id()).stream().map(InvoiceLine::subscriptionId).toList());
    }

    /**
     * Settles {@code amountMinor} on the invoice: {@link Invoice#pay} decides what the invoice takes; an invoice
     * paid by it writes {@code invoice.paid} (subject: the payment too); the rest goes to the customer's credit
     * balance as {@code overpayment}. The invoice is locked first (again, if the caller did), so the ledger lock
     * is always taken after it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public InvoicePayment settle(String invoiceId, long amountMinor, String paymentId, Instant at) {
        Invoice invoice = lock(invoiceId).orElseThrow(() -> new IllegalArgumentException("No invoice " + invoiceId + " in this tenant"));
        InvoicePayment payment = invoice.pay(amountMinor, at);
        if (payment.appliedMinor() > 0) {
            InvoiceView before = views.of(invoice);
            invoices.recordPayment(invoice, payment.invoice());
            if (payment.paidNow()) {
                events.appendChange(InvoiceFinalization.PAID, subjects(invoice, paymentId), before, views.of(payment.invoice()));
            }
        }
        if (payment.overpaidMinor() > 0) {
            balances.credit(invoice.customerId(), invoice.currency(), payment.overpaidMinor(), CreditBalanceKind.OVERPAYMENT.apiName(),
                    null, invoice.id(), "Overpayment: payment " + paymentId + " brought " + payment.overpaidMinor()
                            + " more than invoice " + invoice.number() + " owed", at);
        }
        return payment;
    }

    /** {@code finalized} → {@code uncollectible}; false, and nothing written, for any other status. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markUncollectible(String invoiceId, Instant at) {
        Invoice invoice = lock(invoiceId).orElseThrow(() -> new IllegalArgumentException("No invoice " + invoiceId + " in this tenant"));
        if (invoice.status() != InvoiceStatus.FINALIZED) {
            return false;
        }
        writeOff(invoice, at);
        return true;
    }

    /** Writes off a finalised invoice the caller has locked, with {@code invoice.marked_uncollectible}; returns it as written. */
    @Transactional(propagation = Propagation.MANDATORY)
    InvoiceView writeOff(Invoice locked, Instant at) {
        Invoice written = locked.writtenOff(at);
        InvoiceView before = views.of(locked);
        if (!invoices.changeStatus(locked.tenantId(), locked.id(), InvoiceStatus.FINALIZED, InvoiceStatus.UNCOLLECTIBLE, at,
                written.amountDueMinor())) {
            throw new IllegalStateException("invoice " + locked.id() + " was not finalized when written off: is it locked?");
        }
        InvoiceView after = views.of(written);
        events.appendChange(InvoiceOperations.UNCOLLECTIBLE, InvoiceDrafts.subjects(written), before, after);
        return after;
    }

    /**
     * The invoice as payments see it.
     *
     * @param lineSubscriptionIds each line's subscription, in line order (null for lines of none)
     */
    static PayableInvoice payable(Invoice invoice, List<String> lineSubscriptionIds) {
        List<String> subscriptions = new ArrayList<>();
        lineSubscriptionIds.stream().filter(Objects::nonNull).distinct().forEach(subscriptions::add);
        if (invoice.subscriptionId() != null && !subscriptions.contains(invoice.subscriptionId())) {
            subscriptions.add(invoice.subscriptionId());
        }
        return new PayableInvoice(invoice.id(), invoice.number(), invoice.customerId(), invoice.status().apiName(), invoice.currency(),
                invoice.totalMinor(), invoice.amountDueMinor(), invoice.amountPaidMinor(), List.copyOf(subscriptions),
                invoice.testClockId(), invoice.issuedAt(), invoice.dueAt());
    }

    private static EventSubjects subjects(Invoice invoice, String paymentId) {
        return new EventSubjects(invoice.customerId(), invoice.subscriptionId(), invoice.id(), paymentId);
    }
}
