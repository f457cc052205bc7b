package io.billstream.invoicing.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.springframework.stereotype.Component;

/**
 * The invoice as an A4 PDF (Apache PDFBox): seller and buyer, number and dates, the lines with how
 * usage was priced, tax by rate, totals and the amount due. Long tables continue on further pages
 * under a repeated header; every page carries the invoice number and its page number.
 */
@Component
public class InvoicePdf {

    private static final float BODY = 9;
    private static final float SMALL = 8;
    private static final float LEADING = 11.5f;
    private static final float BLACK = 0;
    private static final float GRAY = 0.4f;

    // The line table's columns: description and service period wrap; the numbers end at their right edge.
    private static final float DESCRIPTION_X = PdfSheet.LEFT;
    private static final float DESCRIPTION_WIDTH = 176;
    private static final float PERIOD_X = 232;
    private static final float PERIOD_WIDTH = 108;
    private static final float QUANTITY_RIGHT = 393;
    private static final float QUANTITY_WIDTH = 48;
    private static final float UNIT_PRICE_RIGHT = 465;
    private static final float UNIT_PRICE_WIDTH = 66;
    private static final float AMOUNT_RIGHT = PdfSheet.RIGHT;
    private static final float AMOUNT_WIDTH = 76;
    private static final float BREAKDOWN_INDENT = 12;

    // The right-hand column of the header and of the totals.
    private static final float LABEL_X = 330;
    private static final float VALUE_X = 420;

    /** Renders the document; the same document always gives the same pages. */
    public byte[] render(InvoiceDocument invoice) {
        try (PDDocument pdf = new PDDocument()) {
            pdf.getDocumentInformation().setTitle(DocumentText.title(invoice));
            pdf.getDocumentInformation().setSubject(DocumentText.partyName(invoice.seller()));
            PdfSheet sheet = new PdfSheet(pdf);
            header(sheet, invoice);
            lines(sheet, invoice);
            taxes(sheet, invoice);
            totals(sheet, invoice);
            memo(sheet, invoice);
            String seller = DocumentText.partyName(invoice.seller());
            sheet.finish(DocumentText.title(invoice) + (seller.isBlank() ? "" : " · " + seller));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render invoice " + invoice.invoiceId() + " as PDF", e);
        }
    }

    private void header(PdfSheet sheet, InvoiceDocument invoice) {
        float top = sheet.y();
        // Seller, top left.
        float left = party(sheet, invoice.seller(), top, 12);
        // Title and the invoice's facts, top right.
        sheet.text("Invoice", LABEL_X, top - 18, sheet.bold, 22, BLACK);
        float right = top - 40;
        right = fact(sheet, "Number", DocumentText.number(invoice), right, true);
        if (invoice.status() != null && !invoice.status().equals("finalized") && !invoice.status().equals("draft")) {
            right = fact(sheet, "Status", DocumentText.status(invoice.status()), right, true);
        }
        right = fact(sheet, "Issue date", DocumentText.date(invoice.issuedAt(), invoice), right, false);
        right = fact(sheet, "Due date", DocumentText.date(invoice.dueAt(), invoice), right, false);
        right = fact(sheet, "Service period", DocumentText.period(invoice.periodStart(), invoice.periodEnd(), invoice), right, false);

        float billTo = Math.min(left, right) - 14;
        sheet.text("BILL TO", PdfSheet.LEFT, billTo, sheet.bold, SMALL, GRAY);
        float afterBuyer = party(sheet, invoice.buyer(), billTo - 5, 10);
        sheet.moveTo(afterBuyer - 18);
    }

    /** A party's name and details from {@code top} down; returns the y below the block. */
    private float party(PdfSheet sheet, InvoiceDocument.Party party, float top, float nameSize) {
        float y = top - nameSize;
        for (String line : sheet.wrap(DocumentText.partyName(party), sheet.bold, nameSize, 260)) {
            sheet.text(line, PdfSheet.LEFT, y, sheet.bold, nameSize, BLACK);
            y -= nameSize + 2;
        }
        for (String detail : DocumentText.partyDetails(party)) {
            for (String line : sheet.wrap(detail, sheet.regular, BODY, 260)) {
                sheet.text(line, PdfSheet.LEFT, y, sheet.regular, BODY, BLACK);
                y -= LEADING;
            }
        }
        return y;
    }

    private float fact(PdfSheet sheet, String label, String value, float y, boolean strong) {
        if (value == null || value.isEmpty()) {
            return y;
        }
        sheet.text(label, LABEL_X, y, sheet.regular, BODY, GRAY);
        for (String line : sheet.wrap(value, strong ? sheet.bold : sheet.regular, BODY, PdfSheet.RIGHT - VALUE_X)) {
            sheet.text(line, VALUE_X, y, strong ? sheet.bold : sheet.regular, BODY, BLACK);
            y -= LEADING;
        }
        return y;
    }

    private void lines(PdfSheet sheet, InvoiceDocument invoice) {
        Runnable tableHeader = () -> {
            continuation(sheet, invoice);
            lineTableHeader(sheet);
        };
        sheet.ensureSpace(40);
        lineTableHeader(sheet);
        sheet.onNewPage(tableHeader);
        if (invoice.lines().isEmpty()) {
            sheet.ensureSpace(LEADING);
            sheet.text("No lines", DESCRIPTION_X, sheet.y() - BODY, sheet.italic, BODY, GRAY);
            sheet.down(LEADING + 4);
        }
        for (InvoiceDocument.Line line : invoice.lines()) {
            line(sheet, invoice, line);
        }
        sheet.onNewPage(() -> continuation(sheet, invoice));
        sheet.rule(PdfSheet.LEFT, PdfSheet.RIGHT, sheet.y() + 2, 0.75f, GRAY);
        sheet.down(16);
    }

    private void lineTableHeader(PdfSheet sheet) {
        float baseline = sheet.y() - SMALL - 3;
        sheet.shade(PdfSheet.LEFT - 4, baseline - 5, PdfSheet.RIGHT - PdfSheet.LEFT + 8, SMALL + 10, 0.92f);
        sheet.text("Description", DESCRIPTION_X, baseline, sheet.bold, SMALL, BLACK);
        sheet.text("Service period", PERIOD_X, baseline, sheet.bold, SMALL, BLACK);
        sheet.textRight("Qty", QUANTITY_RIGHT, baseline, sheet.bold, SMALL, QUANTITY_WIDTH, BLACK);
        sheet.textRight("Unit price", UNIT_PRICE_RIGHT, baseline, sheet.bold, SMALL, UNIT_PRICE_WIDTH, BLACK);
        sheet.textRight("Amount", AMOUNT_RIGHT, baseline, sheet.bold, SMALL, AMOUNT_WIDTH, BLACK);
        sheet.down(SMALL + 16);
    }

    private void line(PdfSheet sheet, InvoiceDocument invoice, InvoiceDocument.Line line) {
        List<String> description = sheet.wrap(line.description(), sheet.regular, BODY, DESCRIPTION_WIDTH);
        List<String> period = sheet.wrap(DocumentText.period(line.serviceStart(), line.serviceEnd(), invoice), sheet.regular, SMALL,
                PERIOD_WIDTH);
        int rows = Math.max(description.size(), period.size());
        // A line never splits across pages unless it is taller than a page by itself.
        sheet.ensureSpace(Math.min(rows * LEADING + 4, PdfSheet.TOP - PdfSheet.BOTTOM - 40));
        float baseline = sheet.y() - BODY;
        sheet.textRight(line.quantity() == null ? "" : DocumentMoney.quantity(line.quantity()), QUANTITY_RIGHT, baseline,
                sheet.regular, BODY, QUANTITY_WIDTH, BLACK);
        sheet.textRight(line.unitPrice() == null ? "" : DocumentMoney.formatExact(line.unitPrice(), invoice.currency()),
                UNIT_PRICE_RIGHT, baseline, sheet.regular, BODY, UNIT_PRICE_WIDTH, BLACK);
        sheet.textRight(DocumentMoney.format(line.amountMinor(), invoice.currency()), AMOUNT_RIGHT, baseline, sheet.regular, BODY,
                AMOUNT_WIDTH, BLACK);
        for (int i = 0; i < rows; i++) {
            if (i > 0 && sheet.y() - LEADING < PdfSheet.BOTTOM) {
                sheet.ensureSpace(LEADING);
                baseline = sheet.y() - BODY;
            }
            if (i < description.size()) {
                sheet.text(description.get(i), DESCRIPTION_X, baseline, sheet.regular, BODY, BLACK);
            }
            if (i < period.size()) {
                sheet.text(period.get(i), PERIOD_X, baseline, sheet.regular, SMALL, GRAY);
            }
            sheet.down(LEADING);
            baseline -= LEADING;
        }
        for (InvoiceDocument.BreakdownRow row : line.breakdown()) {
            breakdown(sheet, invoice, row);
        }
        sheet.down(4);
    }

    private void breakdown(PdfSheet sheet, InvoiceDocument invoice, InvoiceDocument.BreakdownRow row) {
        float x = DESCRIPTION_X + BREAKDOWN_INDENT;
        List<String> label = sheet.wrap(DocumentText.breakdownLabel(row, invoice.currency()), sheet.regular, SMALL,
                PERIOD_X + PERIOD_WIDTH - x);
        sheet.ensureSpace(label.size() * (LEADING - 1));
        float baseline = sheet.y() - SMALL;
        sheet.textRight(row.units() == null ? "" : DocumentMoney.quantity(row.units()), QUANTITY_RIGHT, baseline, sheet.regular,
                SMALL, QUANTITY_WIDTH, GRAY);
        sheet.textRight(row.unitPrice() == null ? "" : DocumentMoney.formatExact(row.unitPrice(), invoice.currency()),
                UNIT_PRICE_RIGHT, baseline, sheet.regular, SMALL, UNIT_PRICE_WIDTH, GRAY);
        sheet.textRight(row.amount() == null ? "" : DocumentMoney.formatExact(row.amount(), invoice.currency()), AMOUNT_RIGHT,
                baseline, sheet.regular, SMALL, AMOUNT_WIDTH, GRAY);
        for (String part : label) {
            sheet.text(part, x, baseline, sheet.regular, SMALL, GRAY);
            sheet.down(LEADING - 1);
            baseline -= LEADING - 1;
        }
    }

    private void taxes(PdfSheet sheet, InvoiceDocument invoice) {
        if (invoice.taxes().isEmpty()) {
            return;
        }
        sheet.ensureSpace(SMALL + 16 + LEADING * Math.min(invoice.taxes().size(), 3));
        float baseline = sheet.y() - SMALL;
        sheet.text("Tax", PdfSheet.LEFT, baseline, sheet.bold, SMALL, BLACK);
        sheet.textRight("Rate", 290, baseline, sheet.bold, SMALL, 60, BLACK);
        sheet.text("Treatment", 305, baseline, sheet.bold, SMALL, BLACK);
        sheet.textRight("Taxable amount", UNIT_PRICE_RIGHT, baseline, sheet.bold, SMALL, 100, BLACK);
        sheet.textRight("Tax", AMOUNT_RIGHT, baseline, sheet.bold, SMALL, AMOUNT_WIDTH, BLACK);
        sheet.rule(PdfSheet.LEFT, PdfSheet.RIGHT, baseline - 4, 0.5f, GRAY);
        sheet.down(SMALL + 10);
        for (InvoiceDocument.TaxSummary tax : invoice.taxes()) {
            List<String> name = sheet.wrap(tax.name(), sheet.regular, BODY, 170);
            sheet.ensureSpace(name.size() * LEADING);
            float row = sheet.y() - BODY;
            sheet.textRight(DocumentText.percentage(tax.percentage()), 290, row, sheet.regular, BODY, 60, BLACK);
            sheet.text(DocumentText.taxTreatment(tax.inclusive()), 305, row, sheet.regular, BODY, BLACK);
            sheet.textRight(DocumentMoney.format(tax.taxableMinor(), invoice.currency()), UNIT_PRICE_RIGHT, row, sheet.regular, BODY,
                    100, BLACK);
            sheet.textRight(DocumentMoney.format(tax.amountMinor(), invoice.currency()), AMOUNT_RIGHT, row, sheet.regular, BODY,
                    AMOUNT_WIDTH, BLACK);
            for (String part : name) {
                sheet.text(part, PdfSheet.LEFT, row, sheet.regular, BODY, BLACK);
                sheet.down(LEADING);
                row -= LEADING;
            }
        }
        sheet.down(12);
    }

    private void totals(PdfSheet sheet, InvoiceDocument invoice) {
        String currency = invoice.currency();
        // The totals stay together, on this page or the next.
        sheet.ensureSpace(7 * (LEADING + 2) + 24);
        total(sheet, "Subtotal", DocumentMoney.format(invoice.subtotalMinor(), currency), sheet.regular);
        total(sheet, "Tax", DocumentMoney.format(invoice.taxMinor(), currency), sheet.regular);
        total(sheet, "Total", DocumentMoney.format(invoice.totalMinor(), currency), sheet.bold);
        total(sheet, "Credit applied", DocumentMoney.format(-invoice.creditAppliedMinor(), currency), sheet.regular);
        total(sheet, "Credited", DocumentMoney.format(-invoice.creditedMinor(), currency), sheet.regular);
        total(sheet, "Paid", DocumentMoney.format(-invoice.amountPaidMinor(), currency), sheet.regular);
        sheet.rule(LABEL_X, PdfSheet.RIGHT, sheet.y() + 1, 1, BLACK);
        sheet.down(6);
        float baseline = sheet.y() - 11;
        sheet.text("Amount due", LABEL_X, baseline, sheet.bold, 11, BLACK);
        sheet.textRight(DocumentMoney.format(invoice.amountDueMinor(), currency), PdfSheet.RIGHT, baseline, sheet.bold, 11,
                PdfSheet.RIGHT - VALUE_X, BLACK);
        sheet.down(11 + 20);
    }

    private void total(PdfSheet sheet, String label, String amount, PDFont font) {
        float baseline = sheet.y() - BODY;
        sheet.text(label, LABEL_X, baseline, font, BODY, font == sheet.bold ? BLACK : GRAY);
        sheet.textRight(amount, PdfSheet.RIGHT, baseline, font, BODY, PdfSheet.RIGHT - VALUE_X, BLACK);
        sheet.down(LEADING + 2);
    }

    private void memo(PdfSheet sheet, InvoiceDocument invoice) {
        if (invoice.memo() == null || invoice.memo().isBlank()) {
            return;
        }
        // The memo's own line breaks are kept; each paragraph wraps to the page's width.
        List<String> memo = new ArrayList<>();
        for (String paragraph : invoice.memo().split("\\R")) {
            memo.addAll(sheet.wrap(paragraph, sheet.regular, BODY, PdfSheet.RIGHT - PdfSheet.LEFT));
        }
        sheet.ensureSpace(SMALL + 6 + LEADING * Math.min(memo.size(), 3));
        sheet.text("MEMO", PdfSheet.LEFT, sheet.y() - SMALL, sheet.bold, SMALL, GRAY);
        sheet.down(SMALL + 6);
        for (String line : memo) {
            sheet.ensureSpace(LEADING);
            sheet.text(line, PdfSheet.LEFT, sheet.y() - BODY, sheet.regular, BODY, BLACK);
            sheet.down(LEADING);
        }
    }

    /** The top of a further page: which invoice it continues. */
    private void continuation(PdfSheet sheet, InvoiceDocument invoice) {
        sheet.text(DocumentText.title(invoice) + " (continued)", PdfSheet.LEFT, sheet.y() - 12, sheet.bold, 12, BLACK);
        sheet.down(30);
    }
}
