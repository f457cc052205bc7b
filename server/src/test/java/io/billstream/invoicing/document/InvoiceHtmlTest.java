package io.billstream.invoicing.document;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvoiceHtmlTest {

    private final InvoiceHtml html = new InvoiceHtml();

    @Test
    void the_page_shows_the_same_content_as_the_pdf() {
        String page = html.render(InvoiceDocuments.usd());

        assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>Invoice INV-2026-000042</title>")
                .contains("Acme Billing Ltd", "Tax ID: GB123456789", "Globex Corporation", "500 Fifth Avenue")
                .contains("31 Mar 2026", "30 Apr 2026", "1 Mar 2026 – 31 Mar 2026")
                .contains("Pro plan (monthly)", "USD 49.00", "1,500", "Tier 2 (101 to 1,000)", "USD 0.08", "USD 72.00")
                .contains("USD 0.0025", "USD 5,000.00")
                .contains("<td>VAT</td>", "20%", "exclusive", "USD 1,029.20")
                .contains("Subtotal</td><td class=\"num\">USD 5,146.00")
                .contains("Total</td><td class=\"num\">USD 6,175.20")
                .contains("Credit applied</td><td class=\"num\">USD -100.00")
                .contains("Amount due</td><td class=\"num\">USD 5,075.20")
                .contains("Thank you for your business.");
    }

    @Test
    void the_page_is_self_contained() {
        String page = html.render(InvoiceDocuments.usd());

        assertThat(page).contains("<style>").doesNotContain("<script", "<link", "src=", "http://", "https://");
    }

    @Test
    void every_text_is_escaped() {
        var usd = InvoiceDocuments.usd();
        var hostile = new InvoiceDocument.Party("Smith & <b>Sons</b>", "a\"b@example.com", List.of("<img src=x onerror=alert(1)>"),
                "'x'");
        var line = new InvoiceDocument.Line("<script>alert('pwned')</script>", "1", "1", 100, 0, null, null,
                List.of(new InvoiceDocument.BreakdownRow("<i>tier</i>", "1", "1", null, "1")));
        var document = new InvoiceDocument(usd.invoiceId(), "INV-<1>", "finalized", "USD", "UTC", hostile, hostile, null, null,
                null, null, List.of(line), List.of(new InvoiceDocument.TaxSummary("<u>VAT</u>", "20", true, 100, 17)),
                100, 0, 100, 0, 0, 0, 100, "</div><script>steal()</script>");

        String page = html.render(document);

        assertThat(page).doesNotContain("<script", "<b>", "<img", "<i>", "<u>", "INV-<1>")
                .contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;")
                .contains("Smith &amp; &lt;b&gt;Sons&lt;/b&gt;", "a&quot;b@example.com", "&lt;img src=x onerror=alert(1)&gt;")
                .contains("&lt;i&gt;tier&lt;/i&gt;", "&lt;u&gt;VAT&lt;/u&gt;", "Invoice INV-&lt;1&gt;")
                .contains("&lt;/div&gt;&lt;script&gt;steal()&lt;/script&gt;");
    }

    @Test
    void a_draft_shows_draft() {
        assertThat(html.render(InvoiceDocuments.draft())).contains("<title>Invoice DRAFT</title>");
    }
}
