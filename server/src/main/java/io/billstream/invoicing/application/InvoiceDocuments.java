package io.billstream.invoicing.application;

import java.util.List;

import io.billstream.customer.BillingProfile;
import io.billstream.customer.CustomerDirectory;
import io.billstream.invoicing.document.InvoiceDocument;
import io.billstream.invoicing.document.InvoiceHtml;
import io.billstream.invoicing.document.InvoicePdf;
import io.billstream.invoicing.domain.tax.InvoiceSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The invoice as a document. An issued invoice prints the buyer and seller frozen at finalisation; a
 * draft prints them as they are now.
 */
@Service
public class InvoiceDocuments {

    private final InvoiceQueries queries;
    private final CustomerDirectory customers;
    private final InvoicePolicies policies;
    private final InvoicePdf pdf;
    private final InvoiceHtml html;
    private final JsonMapper json;

    InvoiceDocuments(InvoiceQueries queries, CustomerDirectory customers, InvoicePolicies policies, InvoicePdf pdf, InvoiceHtml html,
                     JsonMapper json) {
        this.queries = queries;
        this.customers = customers;
        this.policies = policies;
        this.pdf = pdf;
        this.html = html;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public byte[] pdf(String invoiceId) {
        return pdf.render(document(invoiceId));
    }

    @Transactional(readOnly = true)
    public String html(String invoiceId) {
        return html.render(document(invoiceId));
    }

    /** The file name a document is served and attached under. */
    @Transactional(readOnly = true)
    public String filename(String invoiceId, String extension) {
        var invoice = queries.find(invoiceId);
        return (invoice.number() != null ? invoice.number() : "draft-" + invoice.id()) + "." + extension;
    }

    InvoiceDocument document(String invoiceId) {
        var invoice = queries.find(invoiceId);
        return document(queries.get(invoiceId), invoice.customerSnapshot(), invoice.sellerSnapshot());
    }

    InvoiceDocument document(InvoiceView view, String customerSnapshot, String sellerSnapshot) {
        BillingProfile buyer = customerSnapshot != null ? json.readValue(customerSnapshot, BillingProfile.class)
                : customers.billingProfile(view.customerId()).orElseThrow();
        InvoiceSettings.Seller seller = sellerSnapshot != null ? json.readValue(sellerSnapshot, InvoiceSettings.Seller.class)
                : policies.settings().seller();
        List<InvoiceDocument.Line> lines = view.lines().stream().map(l -> new InvoiceDocument.Line(l.description(), l.quantity(),
                l.unitPrice(), l.amountMinor(), l.taxMinor(), l.serviceStart(), l.serviceEnd(),
                l.breakdown() == null ? List.of() : l.breakdown().stream().map(b -> new InvoiceDocument.BreakdownRow(b.label(), b.units(),
                        b.unitPrice(), b.flatFee(), b.amount())).toList())).toList();
        List<InvoiceDocument.TaxSummary> taxes = view.taxes().stream().map(t -> new InvoiceDocument.TaxSummary(t.name(),
                t.percentage(), t.inclusive(), t.taxableMinor(), t.amountMinor())).toList();
        String buyerTaxId = buyer.taxIds() == null || buyer.taxIds().isEmpty() ? null : String.join(", ", buyer.taxIds());
        return new InvoiceDocument(view.id(), view.number(), view.status(), view.currency(), buyer.timezone(),
                new InvoiceDocument.Party(seller.name(), seller.email(), seller.addressLines(), seller.taxId()),
                new InvoiceDocument.Party(buyer.name() != null ? buyer.name() : buyer.externalId() != null ? buyer.externalId() : buyer.id(),
                        buyer.email(), buyer.addressLines(), buyerTaxId),
                view.issuedAt(), view.dueAt(), view.periodStart(), view.periodEnd(), lines, taxes, view.subtotalMinor(), view.taxMinor(),
                view.totalMinor(), view.creditAppliedMinor(), view.creditedMinor(), view.amountPaidMinor(), view.amountDueMinor(),
                view.memo());
    }
}
