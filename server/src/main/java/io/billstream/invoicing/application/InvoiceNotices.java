package io.billstream.invoicing.application;

import io.billstream.customer.BillingProfile;
import io.billstream.invoicing.domain.Invoice;
import org.springframework.stereotype.Component;

/** The invoice e-mail, sent through the notification module when an invoice is issued. */
@Component
class InvoiceNotices {

    void invoiceIssued(Invoice invoice, BillingProfile customer, InvoiceView view) {
    }
}
