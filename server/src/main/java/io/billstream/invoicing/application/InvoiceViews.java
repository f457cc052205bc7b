package io.billstream.invoicing.application;

import java.util.Optional;

import io.billstream.invoicing.db.InvoiceLines;
import io.billstream.invoicing.db.Invoices;
import io.billstream.invoicing.domain.Invoice;
import org.springframework.stereotype.Component;

/**
 * Invoices as the API and their billing events show them. Depends on nothing but the tables, so the
 * credit notes, which the rest of invoicing depends on, can show an invoice they settle exactly as
 * finalisation and payments do.
 */
@Component
public class InvoiceViews {

    private final Invoices invoices;
    private final InvoiceLines lines;

    InvoiceViews(Invoices invoices, InvoiceLines lines) {
        this.invoices = invoices;
        this.lines = lines;
    }

    public InvoiceView of(Invoice invoice) {
        return InvoiceView.of(invoice, lines.lines(invoice.tenantId(), invoice.id()), lines.taxes(invoice.tenantId(), invoice.id()));
    }

    /** The invoice as stored now (in this transaction). */
    public Optional<InvoiceView> find(String tenantId, String invoiceId) {
        return invoices.find(tenantId, invoiceId, false).map(this::of);
    }
}
