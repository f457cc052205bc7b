package io.billstream.invoicing.credit.domain;

/**
 * What voiding an invoice gives back to the credit balance: the credit the invoice consumed, but
 * never what the invoice's credit notes already returned. Credit notes return the settled part of
 * an invoice (credit consumed plus money paid); a paid invoice is voided only after a credit note
 * for its remainder, so giving the consumed credit back again would count it twice.
 *
 * @param consumedMinor            what the invoice's {@code invoice_applied} rows took
 * @param restoredMinor            what earlier {@code invoice_voided} rows gave back
 * @param amountPaidMinor          money paid for the invoice
 * @param returnedByCreditNotesMinor what its credit notes put on the credit balance or refunded
 */
public record VoidedInvoiceCredit(long consumedMinor, long restoredMinor, long amountPaidMinor, long returnedByCreditNotesMinor) {

    public long restorableMinor() {
        long notYetRestored = consumedMinor - restoredMinor;
        long settledNotReturned = consumedMinor + amountPaidMinor - returnedByCreditNotesMinor - restoredMinor;
        return Math.max(0, Math.min(notYetRestored, settledNotReturned));
    }
}
