package io.billstream.invoicing.document;

import java.time.Instant;
import java.util.List;

/**
 * An invoice as its documents (PDF and HTML) print it: everything already computed and frozen, so
 * rendering is formatting only. Amounts are integer minor units of {@code currency}.
 *
 * @param number   null for drafts, which print "DRAFT"
 * @param currency ISO 4217 code; amounts print with its own number of decimals
 * @param timezone the customer's IANA zone: dates print as the customer's calendar shows them
 */
public record InvoiceDocument(String invoiceId, String number, String status, String currency, String timezone,
                              Party seller, Party buyer, Instant issuedAt, Instant dueAt, Instant periodStart, Instant periodEnd,
                              List<Line> lines, List<TaxSummary> taxes, long subtotalMinor, long taxMinor, long totalMinor,
                              long creditAppliedMinor, long creditedMinor, long amountPaidMinor, long amountDueMinor, String memo) {

    public InvoiceDocument {
        lines = lines == null ? List.of() : List.copyOf(lines);
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }

    public record Party(String name, String email, List<String> addressLines, String taxId) {

        public Party {
            addressLines = addressLines == null ? List.of() : List.copyOf(addressLines);
        }
    }

    /** quantity and unitPrice are exact decimal strings ("1500", "0.0025"); unitPrice null when tiers price the line. */
    public record Line(String description, String quantity, String unitPrice, long amountMinor, long taxMinor,
                       Instant serviceStart, Instant serviceEnd, List<BreakdownRow> breakdown) {

        public Line {
            breakdown = breakdown == null ? List.of() : List.copyOf(breakdown);
        }
    }

    /**
     * One row of how a usage line was priced, e.g. label "Tier 2 (101 to 1,000)", units "400", unitPrice "0.08",
     * flatFee "0" or null, amount "32" (exact decimal string, major units).
     */
    public record BreakdownRow(String label, String units, String unitPrice, String flatFee, String amount) {
    }

    public record TaxSummary(String name, String percentage, boolean inclusive, long taxableMinor, long amountMinor) {
    }
}
