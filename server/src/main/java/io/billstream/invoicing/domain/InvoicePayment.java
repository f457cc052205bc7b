package io.billstream.invoicing.domain;

/**
 * How one payment lands on an invoice: {@code appliedMinor} settles part or all of the amount due, and
 * {@code overpaidMinor}, whatever the invoice could not take, belongs on the customer's credit balance.
 * {@code appliedMinor + overpaidMinor} is always the payment.
 *
 * @param invoice the invoice after the payment (unchanged when nothing was applied)
 * @param paidNow the payment brought the amount due to 0, so the invoice became {@code paid}
 */
public record InvoicePayment(Invoice invoice, long appliedMinor, long overpaidMinor, boolean paidNow) {

    public InvoicePayment {
        if (appliedMinor < 0 || overpaidMinor < 0) {
            throw new IllegalArgumentException("applied " + appliedMinor + " and overpaid " + overpaidMinor + " are never negative");
        }
    }
}
