package io.billstream.invoicing;

import java.time.Instant;
import java.util.Optional;

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

    /** Locks the invoice's customer, then the invoice (the order every billing path takes). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<PayableInvoice> lock(String invoiceId) {
        throw new UnsupportedOperationException("being written");
    }

    @Transactional(readOnly = true)
    public Optional<PayableInvoice> find(String invoiceId) {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * Settles a payment on an invoice locked by {@link #lock}: up to the amount due on the invoice (which
     * becomes {@code paid} when nothing is left, from {@code finalized} or {@code uncollectible}, with
     * {@code invoice.paid}), the rest to the customer's credit balance (kind {@code overpayment}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Settlement settle(String invoiceId, long amountMinor, String paymentId, Instant at) {
        throw new UnsupportedOperationException("being written");
    }

    /** {@code finalized} → {@code uncollectible} ({@code invoice.marked_uncollectible}); false if it was not finalized. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markUncollectible(String invoiceId, Instant at) {
        throw new UnsupportedOperationException("being written");
    }
}
