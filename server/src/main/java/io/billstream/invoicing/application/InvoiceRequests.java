package io.billstream.invoicing.application;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Request bodies of the invoice API, as received. */
public final class InvoiceRequests {

    private InvoiceRequests() {
    }

    /**
     * A line added by hand.
     *
     * @param quantity   more than 0; default 1
     * @param unitPrice  in major units, 0 or more, at most 12 decimals
     * @param taxRateIds rates for this line; empty for the customer's or tenant's
     */
    public record ManualLine(String description, BigDecimal quantity, BigDecimal unitPrice, List<String> taxRateIds) {
    }

    /** A one-off invoice. {@code auto_finalize} issues it at once; otherwise it stays a draft until finalised. */
    public record CreateInvoice(String customer, List<ManualLine> lines, String memo, Map<String, String> metadata,
                                Boolean autoFinalize) {
    }

    public record UpdateDraft(String memo, Map<String, String> metadata) {
    }

    /**
     * Voids an invoice. A paid invoice is voided only by crediting it in full at the same time.
     *
     * @param creditNote required for a paid invoice: how to credit what was paid
     */
    public record VoidInvoice(CreditNoteTerms creditNote) {
    }

    /** @param creditMethod {@code credit_balance} (default) or {@code refund} */
    public record CreditNoteTerms(String reason, String creditMethod) {
    }

    /** Tax computed by an external system: one or more per invoice line. */
    public record TaxLines(List<TaxLine> taxLines) {
    }

    /**
     * @param amountMinor the tax in minor units, added on top of the line (or contained in it when inclusive)
     * @param percentage  the rate applied, for the document; optional
     */
    public record TaxLine(String invoiceLine, String name, BigDecimal percentage, Long amountMinor, Boolean inclusive,
                          String jurisdiction, String externalRef) {
    }
}
