package io.billstream.invoicing;

import java.time.Instant;

/**
 * Told, inside the finalising transaction, of every invoice issued with an amount due: how payments
 * start collecting it without invoicing depending on payments.
 */
public interface InvoiceOpenedListener {

    void invoiceOpened(PayableInvoice invoice, Instant issuedAt);
}
