package io.billstream.invoicing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.billstream.notification.SmtpIntegrationTest;
import io.billstream.support.ApiResponse;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issued invoice as a document and as an e-mail, against a real SMTP server: the PDF served by
 * the API holds the number and the total, the HTML view the same, and the customer receives the
 * invoice e-mail with the PDF attached, through the notification module.
 */
class InvoiceDocumentIntegrationTest extends SmtpIntegrationTest {

    @Test
    void an_issued_invoice_is_served_as_pdf_and_html_and_mailed_with_the_pdf_attached() throws Exception {
        String key = newTenant().adminKey();
        ok(api.patch("/v1/invoice-settings", key, """
                {"seller":{"name":"Billstream Test Seller GmbH","email":"billing@seller.test","address_lines":["Hauptstr. 1","10115 Berlin"]}}
                """));
        JsonNode rate = created(api.post("/v1/tax-rates", key, "{\"name\":\"VAT\",\"percentage\":\"19\",\"inclusive\":false,"
                + "\"country\":\"DE\",\"is_default\":true}"));
        created(api.post("/v1/customers", key, "{\"external_id\":\"acme\",\"name\":\"Acme Ltd\",\"email\":\"ap@acme.test\","
                + "\"currency\":\"EUR\"}"));

        // 3 × 12.50 = 37.50, 19 % VAT = 7.125 → 7.13 (half up), total 44.63.
        JsonNode invoice = created(api.post("/v1/invoices", key, """
                {"customer":"acme","lines":[{"description":"Onboarding workshop","quantity":"3","unit_price":"12.50"}],
                 "auto_finalize":true}
                """));
        assertThat(invoice.get("status").asString()).isEqualTo("finalized");
        assertThat(invoice.get("subtotal_minor").asLong()).isEqualTo(3750);
        assertThat(invoice.get("tax_minor").asLong()).isEqualTo(713);
        assertThat(invoice.get("total_minor").asLong()).isEqualTo(4463);
        assertThat(invoice.get("taxes").get(0).get("tax_rate_id").asString()).isEqualTo(rate.get("id").asString());
        String id = invoice.get("id").asString();
        String number = invoice.get("number").asString();
        assertThat(number).matches("INV-\\d{4}-000001");

        HttpResponse<byte[]> pdf = download("/v1/invoices/" + id + "/pdf", key, "application/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
        String text = pdfText(pdf.body());
        assertThat(text).contains(number, "Acme Ltd", "Billstream Test Seller GmbH", "Onboarding workshop", "EUR 44.63", "EUR 7.13",
                "VAT");
        HttpResponse<byte[]> byAccept = download("/v1/invoices/" + id, key, "application/pdf");
        assertThat(pdfText(byAccept.body())).contains(number);
        ApiResponse html = api.get("/v1/invoices/" + id + "/html", key);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains(number, "EUR 44.63", "Acme Ltd");
        // Without an Accept for a document, the invoice is JSON as always.
        assertThat(api.get("/v1/invoices/" + id, key, "Accept", "*/*").json().get("number").asString()).isEqualTo(number);

        JsonNode notification = api.get("/v1/notifications?related_object_id=" + id, key).json().get("data").get(0);
        assertThat(notification.get("kind").asString()).isEqualTo("invoice.finalized");
        awaitNotification(key, notification.get("id").asString(), n -> n.get("status").asString().equals("sent"), "sent");
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ap@acme.test");
        assertThat(mail.getSubject()).contains(number);
        byte[] attachment = attachment((Multipart) mail.getContent(), number + ".pdf");
        assertThat(pdfText(attachment)).contains(number, "EUR 44.63");
    }

    @Test
    void a_tenant_that_turned_invoice_email_off_sends_none() {
        String key = newTenant().adminKey();
        ok(api.patch("/v1/invoice-settings", key, "{\"email_invoices\":false}"));
        created(api.post("/v1/customers", key, "{\"external_id\":\"quiet\",\"email\":\"ap@quiet.test\",\"currency\":\"USD\"}"));
        String id = created(api.post("/v1/invoices", key, "{\"customer\":\"quiet\",\"lines\":[{\"description\":\"Fee\",\"unit_price\":\"5\"}],"
                + "\"auto_finalize\":true}")).get("id").asString();
        assertThat(api.get("/v1/notifications?related_object_id=" + id, key).json().get("data").size()).isZero();
    }

    private HttpResponse<byte[]> download(String path, String key, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).header("Accept", accept).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static byte[] attachment(Multipart multipart, String filename) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            Part part = multipart.getBodyPart(i);
            if (filename.equals(part.getFileName())) {
                return part.getInputStream().readAllBytes();
            }
            if (part.getContent() instanceof Multipart nested) {
                byte[] found = attachment(nested, filename);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static JsonNode created(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode ok(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
