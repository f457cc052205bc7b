package io.billstream.invoicing.document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.billstream.invoicing.document.InvoiceDocument.BreakdownRow;
import io.billstream.invoicing.document.InvoiceDocument.Line;
import io.billstream.invoicing.document.InvoiceDocument.Party;
import io.billstream.invoicing.document.InvoiceDocument.TaxSummary;

/** Invoices to render, computed by hand so the tests can name every printed amount. */
final class InvoiceDocuments {

    static final Party SELLER = new Party("Acme Billing Ltd", "billing@acme.example",
            List.of("1 Market Street", "London EC1A 1BB", "United Kingdom"), "GB123456789");
    static final Party BUYER = new Party("Globex Corporation", "ap@globex.example",
            List.of("500 Fifth Avenue", "New York, NY 10110", "US"), null);
    static final Instant MARCH_1_NEW_YORK = Instant.parse("2026-03-01T05:00:00Z");
    static final Instant APRIL_1_NEW_YORK = Instant.parse("2026-04-01T04:00:00Z");

    private InvoiceDocuments() {
    }

    /**
     * A USD invoice in New York time: a base fee of 49.00, 1,500 API calls priced in tiers (100 free,
     * 900 at 0.08 = 72.00, 500 at 0.05 = 25.00: 97.00) and 0.0025 × 2,000,000 storage units = 5,000.00.
     * Subtotal 5,146.00, VAT 20 % exclusive 1,029.20, total 6,175.20, 100.00 credit applied, 1,000.00
     * paid: 5,075.20 due.
     */
    static InvoiceDocument usd() {
        List<Line> lines = List.of(
                new Line("Pro plan (monthly)", "1", "49", 4900, 980, MARCH_1_NEW_YORK, APRIL_1_NEW_YORK, List.of()),
                new Line("API calls", "1500", null, 9700, 1940, MARCH_1_NEW_YORK, APRIL_1_NEW_YORK, List.of(
                        new BreakdownRow("Tier 1 (1 to 100)", "100", "0", null, "0"),
                        new BreakdownRow("Tier 2 (101 to 1,000)", "900", "0.08", "0", "72"),
                        new BreakdownRow("Tier 3 (1,001 and above)", "500", "0.05", "0", "25"))),
                new Line("Storage", "2000000", "0.0025", 500000, 100000, MARCH_1_NEW_YORK, APRIL_1_NEW_YORK, List.of()));
        return new InvoiceDocument("inv_01TEST", "INV-2026-000042", "finalized", "USD", "America/New_York", SELLER, BUYER,
                Instant.parse("2026-04-01T02:00:00Z"), Instant.parse("2026-05-01T02:00:00Z"), MARCH_1_NEW_YORK, APRIL_1_NEW_YORK,
                lines, List.of(new TaxSummary("VAT", "20.0000", false, 514600, 102920)),
                514600, 102920, 617520, 10000, 0, 100000, 507520, "Thank you for your business. Pay by bank transfer.");
    }

    static InvoiceDocument draft() {
        InvoiceDocument usd = usd();
        return new InvoiceDocument(usd.invoiceId(), null, "draft", usd.currency(), usd.timezone(), usd.seller(), usd.buyer(),
                null, null, usd.periodStart(), usd.periodEnd(), usd.lines(), usd.taxes(), usd.subtotalMinor(), usd.taxMinor(),
                usd.totalMinor(), 0, 0, 0, usd.totalMinor(), null);
    }

    /** One line in a currency: {@code amountMinor} is the whole invoice, untaxed and unpaid. */
    static InvoiceDocument single(String currency, String unitPrice, long amountMinor, String description) {
        return new InvoiceDocument("inv_01SINGLE", "INV-2026-000007", "finalized", currency, "UTC", SELLER, BUYER,
                Instant.parse("2026-03-31T00:00:00Z"), Instant.parse("2026-04-30T00:00:00Z"), null, null,
                List.of(new Line(description, "1", unitPrice, amountMinor, 0, null, null, List.of())), List.of(),
                amountMinor, 0, amountMinor, 0, 0, 0, amountMinor, null);
    }

    /** {@code count} lines of 1.00 each: "Line 1 of N" … "Line N of N". */
    static InvoiceDocument manyLines(int count) {
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            lines.add(new Line("Line " + i + " of " + count, "1", "1", 100, 0, MARCH_1_NEW_YORK, APRIL_1_NEW_YORK, List.of()));
        }
        long total = count * 100L;
        return new InvoiceDocument("inv_01MANY", "INV-2026-000100", "finalized", "USD", "America/New_York", SELLER, BUYER,
                APRIL_1_NEW_YORK, APRIL_1_NEW_YORK, MARCH_1_NEW_YORK, APRIL_1_NEW_YORK, lines, List.of(), total, 0, total, 0, 0, 0,
                total, "Many lines");
    }
}
