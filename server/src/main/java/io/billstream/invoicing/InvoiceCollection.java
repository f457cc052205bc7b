package io.billstream.invoicing;

import java.time.Instant;
import java.util.Optional;

import io.billstream.invoicing.application.InvoiceSettlement;
import io.billstream.invoicing.domain.InvoicePayment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What payments do to invoices: lock one for collection, settle money on it, give up on it. */
@Service
public class InvoiceCollection {

    /**
     * @param appliedMinor  taken off the invoice's amount due
     * @param overpaidMinor beyond the amount due: added to the customer's credit balance
     * @param paid          the invoice became {@code paid} now
     */
    public record Settlement(long appliedMinor, long overpaidMinor, boolean paid) {
    }

    private final InvoiceSettlement settlement;

    InvoiceCollection(InvoiceSettlement settlement) {
        this.settlement = settlement;
    }

    /**
     * Locks the invoice's customer, then the invoice (the order every billing path takes).
     *
     * @return empty if the current tenant has no such invoice
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<PayableInvoice> lock(String invoiceId) {
        return settlement.lock(invoiceId).map(settlement::payable);
    }

    /** The invoice as it is now, without a lock; empty if the current tenant has no such invoice. */
    @Transactional(readOnly = true)
    public Optional<PayableInvoice> find(String invoiceId) {
        return settlement.find(invoiceId);
    }

    /**
     * Settles a payment on an invoice locked by {@link #lock}: up to the amount due on the invoice (which
     * becomes {@code paid} when nothing is left, from {@code finalized} or {@code uncollectible}, with
     * {@code invoice.paid}), the rest to the customer's credit balance (kind {@code overpayment}). A payment
     * for an invoice that is already {@code paid} or {@code void} goes to the credit balance whole.
     *
     * @param at when the money was received (billing time: the test clock's, if any); {@code paid_at}
     * @throws IllegalStateException    for a {@code draft} or {@code pending_tax} invoice: it owes nothing yet
     * @throws IllegalArgumentException for an amount that is not positive, or no such invoice
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Settlement settle(String invoiceId, long amountMinor, String paymentId, Instant at) {
        InvoicePayment payment = settlement.settle(invoiceId, amountMinor, paymentId, at);
        return new Settlement(payment.appliedMinor(), payment.overpaidMinor(), payment.paidNow());
    }

    /**
     * {@code finalized} → {@code uncollectible} ({@code invoice.marked_uncollectible}); false if it was not
     * finalized. The amount due stays: a later payment still settles it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markUncollectible(String invoiceId, Instant at) {
        return settlement.markUncollectible(invoiceId, at);
    }
}
