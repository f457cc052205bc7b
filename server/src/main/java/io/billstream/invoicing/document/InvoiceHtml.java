package io.billstream.invoicing.document;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The invoice as one self-contained HTML page (inline CSS, no scripts, no external resources), with
 * the same content as {@link InvoicePdf}. Every piece of text is escaped: descriptions, names and
 * memos come from API callers.
 */
@Component
public class InvoiceHtml {

    private static final String STYLE = """
            body{font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#111;margin:0;background:#f4f4f4}
            .page{max-width:820px;margin:24px auto;background:#fff;padding:40px}
            .top{display:flex;justify-content:space-between;gap:32px}
            h1{font-size:30px;margin:0 0 12px}
            .party .name{font-weight:bold;font-size:16px}
            .label{color:#666;font-size:11px;text-transform:uppercase;letter-spacing:.05em;margin-top:28px}
            table{width:100%;border-collapse:collapse;margin-top:24px}
            th{background:#ebebeb;text-align:left;font-size:12px;padding:6px}
            td{padding:6px;vertical-align:top;border-bottom:1px solid #eee}
            .num{text-align:right;white-space:nowrap}
            .muted{color:#666;font-size:12px}
            tr.breakdown td{border-bottom:none;padding-top:0;color:#666;font-size:12px}
            tr.breakdown td.desc{padding-left:22px}
            .facts td{border:none;padding:2px 0 2px 16px}
            .facts td:first-child{color:#666;padding-left:0}
            .totals{width:auto;margin-left:auto;min-width:320px}
            .totals td{border:none;padding:3px 0 3px 24px}
            .totals tr.strong td{font-weight:bold}
            .totals tr.due td{font-weight:bold;font-size:17px;border-top:2px solid #111;padding-top:8px}
            .memo{white-space:pre-wrap}
            """;

    public String render(InvoiceDocument invoice) {
        String currency = invoice.currency();
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(DocumentText.title(invoice))).append("</title>")
                .append("<style>").append(STYLE).append("</style></head><body><div class=\"page\">\n");

        html.append("<div class=\"top\"><div class=\"party seller\">");
        party(html, invoice.seller());
        html.append("</div><div><h1>Invoice</h1><table class=\"facts\">");
        fact(html, "Number", DocumentText.number(invoice));
        if (invoice.status() != null && !invoice.status().equals("finalized") && !invoice.status().equals("draft")) {
            fact(html, "Status", DocumentText.status(invoice.status()));
        }
        fact(html, "Issue date", DocumentText.date(invoice.issuedAt(), invoice));
        fact(html, "Due date", DocumentText.date(invoice.dueAt(), invoice));
        fact(html, "Service period", DocumentText.period(invoice.periodStart(), invoice.periodEnd(), invoice));
        html.append("</table></div></div>\n");

        html.append("<div class=\"label\">Bill to</div><div class=\"party buyer\">");
        party(html, invoice.buyer());
        html.append("</div>\n");

        html.append("<table class=\"lines\"><thead><tr><th>Description</th><th>Service period</th><th class=\"num\">Qty</th>")
                .append("<th class=\"num\">Unit price</th><th class=\"num\">Amount</th></tr></thead><tbody>\n");
        if (invoice.lines().isEmpty()) {
            html.append("<tr><td colspan=\"5\" class=\"muted\">No lines</td></tr>\n");
        }
        for (InvoiceDocument.Line line : invoice.lines()) {
            html.append("<tr class=\"line\"><td class=\"desc\">").append(escape(line.description())).append("</td><td class=\"muted\">")
                    .append(escape(DocumentText.period(line.serviceStart(), line.serviceEnd(), invoice))).append("</td>");
            number(html, line.quantity() == null ? "" : DocumentMoney.quantity(line.quantity()));
            number(html, line.unitPrice() == null ? "" : DocumentMoney.formatExact(line.unitPrice(), currency));
            number(html, DocumentMoney.format(line.amountMinor(), currency));
            html.append("</tr>\n");
            for (InvoiceDocument.BreakdownRow row : line.breakdown()) {
                html.append("<tr class=\"breakdown\"><td class=\"desc\" colspan=\"2\">")
                        .append(escape(DocumentText.breakdownLabel(row, currency))).append("</td>");
                number(html, row.units() == null ? "" : DocumentMoney.quantity(row.units()));
                number(html, row.unitPrice() == null ? "" : DocumentMoney.formatExact(row.unitPrice(), currency));
                number(html, row.amount() == null ? "" : DocumentMoney.formatExact(row.amount(), currency));
                html.append("</tr>\n");
            }
        }
        html.append("</tbody></table>\n");

        if (!invoice.taxes().isEmpty()) {
            html.append("<table class=\"taxes\"><thead><tr><th>Tax</th><th class=\"num\">Rate</th><th>Treatment</th>")
                    .append("<th class=\"num\">Taxable amount</th><th class=\"num\">Tax</th></tr></thead><tbody>\n");
            for (InvoiceDocument.TaxSummary tax : invoice.taxes()) {
                html.append("<tr><td>").append(escape(tax.name())).append("</td>");
                number(html, DocumentText.percentage(tax.percentage()));
                html.append("<td>").append(DocumentText.taxTreatment(tax.inclusive())).append("</td>");
                number(html, DocumentMoney.format(tax.taxableMinor(), currency));
                number(html, DocumentMoney.format(tax.amountMinor(), currency));
                html.append("</tr>\n");
            }
            html.append("</tbody></table>\n");
        }

        html.append("<table class=\"totals\"><tbody>\n");
        total(html, "", "Subtotal", DocumentMoney.format(invoice.subtotalMinor(), currency));
        total(html, "", "Tax", DocumentMoney.format(invoice.taxMinor(), currency));
        total(html, "strong", "Total", DocumentMoney.format(invoice.totalMinor(), currency));
        total(html, "", "Credit applied", DocumentMoney.format(-invoice.creditAppliedMinor(), currency));
        total(html, "", "Credited", DocumentMoney.format(-invoice.creditedMinor(), currency));
        total(html, "", "Paid", DocumentMoney.format(-invoice.amountPaidMinor(), currency));
        total(html, "due", "Amount due", DocumentMoney.format(invoice.amountDueMinor(), currency));
        html.append("</tbody></table>\n");

        if (invoice.memo() != null && !invoice.memo().isBlank()) {
            html.append("<div class=\"label\">Memo</div><div class=\"memo\">").append(escape(invoice.memo())).append("</div>\n");
        }
        return html.append("</div></body></html>\n").toString();
    }

    private static void party(StringBuilder html, InvoiceDocument.Party party) {
        html.append("<div class=\"name\">").append(escape(DocumentText.partyName(party))).append("</div>");
        List<String> details = DocumentText.partyDetails(party);
        for (String detail : details) {
            html.append("<div>").append(escape(detail)).append("</div>");
        }
    }

    private static void fact(StringBuilder html, String label, String value) {
        if (value != null && !value.isEmpty()) {
            html.append("<tr><td>").append(label).append("</td><td>").append(escape(value)).append("</td></tr>");
        }
    }

    private static void number(StringBuilder html, String value) {
        html.append("<td class=\"num\">").append(escape(value)).append("</td>");
    }

    private static void total(StringBuilder html, String rowClass, String label, String amount) {
        html.append("<tr").append(rowClass.isEmpty() ? "" : " class=\"" + rowClass + "\"").append("><td>").append(label)
                .append("</td><td class=\"num\">").append(escape(amount)).append("</td></tr>\n");
    }

    /** Text as HTML content or attribute value: the five characters with a meaning in HTML escaped. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
