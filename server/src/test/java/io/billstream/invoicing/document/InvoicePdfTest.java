package io.billstream.invoicing.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvoicePdfTest {

    private final InvoicePdf pdf = new InvoicePdf();

    @Test
    void an_invoice_prints_its_number_parties_lines_taxes_and_totals() {
        byte[] bytes = pdf.render(InvoiceDocuments.usd());

        assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text = text(bytes);
        assertThat(text).contains("Invoice", "INV-2026-000042")
                .contains("Acme Billing Ltd", "1 Market Street", "Tax ID: GB123456789")
                .contains("Globex Corporation", "500 Fifth Avenue", "ap@globex.example")
                .contains("Pro plan (monthly)", "USD 49.00", "API calls", "1,500", "USD 97.00")
                .contains("Storage", "2,000,000", "USD 0.0025", "USD 5,000.00")
                .contains("Tier 2 (101 to 1,000)", "900", "USD 0.08", "USD 72.00");
        assertThat(line(text, "VAT")).contains("20%", "exclusive", "USD 5,146.00", "USD 1,029.20");
        assertThat(line(text, "Subtotal")).endsWith("USD 5,146.00");
        assertThat(line(text, "Total")).endsWith("USD 6,175.20");
        assertThat(line(text, "Credit applied")).endsWith("USD -100.00");
        assertThat(line(text, "Paid")).endsWith("USD -1,000.00");
        assertThat(line(text, "Amount due")).endsWith("USD 5,075.20");
        assertThat(text).contains("Thank you for your business.");
    }

    @Test
    void the_memo_keeps_its_line_breaks() {
        InvoiceDocument usd = InvoiceDocuments.usd();
        InvoiceDocument withMemo = new InvoiceDocument(usd.invoiceId(), usd.number(), usd.status(), usd.currency(), usd.timezone(),
                usd.seller(), usd.buyer(), usd.issuedAt(), usd.dueAt(), usd.periodStart(), usd.periodEnd(), usd.lines(), usd.taxes(),
                usd.subtotalMinor(), usd.taxMinor(), usd.totalMinor(), usd.creditAppliedMinor(), usd.creditedMinor(),
                usd.amountPaidMinor(), usd.amountDueMinor(), "Pay to:\nIBAN GB00 0000 0000\r\nReference INV-2026-000042");

        List<String> lines = Arrays.stream(text(pdf.render(withMemo)).split("\\R")).map(String::trim).toList();

        assertThat(lines).containsSubsequence("Pay to:", "IBAN GB00 0000 0000", "Reference INV-2026-000042");
    }

    @Test
    void dates_print_in_the_customers_time_zone_with_inclusive_period_ends() {
        String text = text(pdf.render(InvoiceDocuments.usd()));

        // Issued 2026-04-01T02:00Z, which is still 31 March in New York.
        assertThat(line(text, "Issue date")).endsWith("31 Mar 2026");
        assertThat(line(text, "Due date")).endsWith("30 Apr 2026");
        // The period ends at midnight of 1 April New York time, exclusively: its last day is 31 March.
        assertThat(line(text, "Service period")).endsWith("1 Mar 2026 – 31 Mar 2026");
    }

    @Test
    void a_draft_prints_draft_instead_of_a_number() {
        String text = text(pdf.render(InvoiceDocuments.draft()));

        assertThat(line(text, "Number")).endsWith("DRAFT");
        assertThat(text).doesNotContain("INV-2026-000042");
    }

    @Test
    void yen_amounts_have_no_decimals() {
        String text = text(pdf.render(InvoiceDocuments.single("JPY", "5000", 5000, "Annual licence")));

        assertThat(line(text, "Annual licence")).contains("JPY 5,000");
        assertThat(line(text, "Amount due")).endsWith("JPY 5,000");
        assertThat(text).doesNotContain("5,000.0");
    }

    @Test
    void dinar_amounts_have_three_decimals() {
        String text = text(pdf.render(InvoiceDocuments.single("KWD", "12.345", 12345, "Consulting")));

        assertThat(line(text, "Consulting")).contains("KWD 12.345");
        assertThat(line(text, "Total")).endsWith("KWD 12.345");
        assertThat(line(text, "Amount due")).endsWith("KWD 12.345");
    }

    @Test
    void many_lines_continue_on_further_pages_with_page_numbers() throws IOException {
        byte[] bytes = pdf.render(InvoiceDocuments.manyLines(120));

        try (PDDocument document = Loader.loadPDF(bytes)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThanOrEqualTo(3);
            assertThat(document.getPage(0).getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            String text = text(bytes);
            for (int i = 1; i <= 120; i++) {
                assertThat(text).contains("Line " + i + " of 120");
            }
            assertThat(text).contains("Page 1 of " + pages, "Page " + pages + " of " + pages);
            String second = pageText(document, 2);
            assertThat(second).contains("Invoice INV-2026-000100 (continued)", "Description", "Amount");
            assertThat(pageText(document, 1)).doesNotContain("Amount due");
            assertThat(line(pageText(document, pages), "Amount due")).endsWith("USD 120.00");
        }
    }

    @Test
    void long_descriptions_wrap_within_their_column() {
        String description = "Enterprise support retainer covering incident response, quarterly architecture reviews, "
                + "dedicated onboarding sessions for new teams and a named technical account manager for the whole term";
        String text = text(pdf.render(InvoiceDocuments.single("USD", "2500", 250000, description)));

        List<String> wrapped = Arrays.stream(text.split("\\R"))
                .filter(l -> Arrays.stream(description.split(" ")).anyMatch(l::contains) && !l.contains("Page"))
                .toList();
        assertThat(wrapped.size()).as("the description spans several lines: %s", wrapped).isGreaterThanOrEqualTo(3);
        assertThat(text.replaceAll("\\s+", " ")).contains("Enterprise support retainer", "named technical account manager");
    }

    @Test
    void characters_the_standard_fonts_cannot_encode_are_replaced_not_fatal() {
        String description = "Upgrade Basic → Pro ≥ 10 seats, Łódź office, 請求書 📈";
        String text = text(pdf.render(InvoiceDocuments.single("EUR", "10", 1000, description)));

        // The description wraps after "Lódz", beside the line's amounts.
        assertThat(text).contains("Upgrade Basic -> Pro >= 10 seats, Lódz", "office, ??? ?");
    }

    static String text(byte[] bytes) {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pageText(PDDocument document, int page) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(document);
    }

    /**
     * The first line of extracted text that contains {@code label}, trimmed. Text sorted by position
     * joins what shares a baseline, so a label's line ends with its value.
     */
    private static String line(String text, String label) {
        return Arrays.stream(text.split("\\R")).map(String::trim).filter(l -> l.contains(label)).findFirst()
                .orElseThrow(() -> new AssertionError("No line with '" + label + "' in:\n" + text));
    }
}
