package io.billstream.invoicing.application;

import java.util.List;

import io.billstream.customer.BillingProfile;
import io.billstream.invoicing.document.DocumentMoney;
import io.billstream.invoicing.document.InvoiceDocument;
import io.billstream.invoicing.document.InvoiceHtml;
import io.billstream.invoicing.document.InvoicePdf;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.notification.NotificationRequest;
import io.billstream.notification.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invoice e-mail: recorded with the notification module (the only sender of mail) in the
 * finalising transaction, with the PDF attached, so it goes out if and only if the invoice was issued.
 */
@Component
class InvoiceNotices {

    static final String KIND = "invoice.finalized";
    private static final Logger log = LoggerFactory.getLogger(InvoiceNotices.class);

    private final Notifications notifications;
    private final InvoicePolicies policies;
    private final InvoiceDocuments documents;
    private final InvoicePdf pdf;
    private final InvoiceHtml html;

    InvoiceNotices(Notifications notifications, InvoicePolicies policies, @Lazy InvoiceDocuments documents, InvoicePdf pdf,
                   InvoiceHtml html) {
        this.notifications = notifications;
        this.policies = policies;
        this.documents = documents;
        this.pdf = pdf;
        this.html = html;
    }

    /** Sends the issued invoice to the customer, unless the tenant turned invoice e-mail off or the customer has no address. */
    @Transactional(propagation = Propagation.MANDATORY)
    void invoiceIssued(Invoice invoice, BillingProfile customer, InvoiceView view) {
        if (!policies.settings().emailInvoices()) {
            return;
        }
        if (customer.email() == null) {
            log.debug("Invoice {} issued to customer {} without an e-mail address; not sent", invoice.number(), customer.id());
            return;
        }
        InvoiceDocument document = documents.document(view, invoice.customerSnapshot(), invoice.sellerSnapshot());
        String seller = document.seller().name() == null ? "" : " from " + document.seller().name();
        String total = DocumentMoney.format(invoice.amountDueMinor(), invoice.currency());
        String text = "Invoice " + invoice.number() + seller + ".\n\nAmount due: " + total
                + (invoice.dueAt() == null ? "" : "\nDue: " + invoice.dueAt()) + "\n\nThe invoice is attached as a PDF.\n";
        notifications.request(new NotificationRequest(KIND, customer.email(), "Invoice " + invoice.number() + seller, text,
                html.render(document), List.of(new NotificationRequest.Attachment(invoice.number() + ".pdf", "application/pdf",
                pdf.render(document))), customer.id(), invoice.id()));
    }
}
