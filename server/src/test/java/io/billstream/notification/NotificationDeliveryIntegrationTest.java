package io.billstream.notification;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.billstream.invoicing.document.InvoiceDocument;
import io.billstream.invoicing.document.InvoicePdf;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.IntegrationTest.TenantFixture;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Notifications delivered to a real (in-process) SMTP server, and what happens when it is down. */
class NotificationDeliveryIntegrationTest extends SmtpIntegrationTest {

    @Autowired
    InvoicePdf invoicePdf;

    @Test
    void a_notification_arrives_with_its_subject_recipient_bodies_and_attachment() throws Exception {
        TenantFixture tenant = newTenant();
        byte[] pdf = invoicePdf.render(invoice());
        String id = request(tenant.id(), new NotificationRequest("invoice.finalized", "ap@globex.example",
                "Invoice INV-2026-000042 from Acme — USD 12.34 due", "Hello Globex,\nyour invoice is attached.",
                "<p>Hello Globex, your invoice is <b>attached</b>.</p>",
                List.of(new NotificationRequest.Attachment("INV-2026-000042.pdf", "application/pdf", pdf)), null, "inv_42"));

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the e-mail arrives").isTrue();
        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("Invoice INV-2026-000042 from Acme — USD 12.34 due");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ap@globex.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo(FROM);
        assertThat(message.getHeader("X-Billstream-Notification-Id")).containsExactly(id);
        // SMTP carries line breaks as CRLF.
        assertThat(text(message, "text/plain")).isEqualTo("Hello Globex,\r\nyour invoice is attached.");
        assertThat(text(message, "text/html")).isEqualTo("<p>Hello Globex, your invoice is <b>attached</b>.</p>");
        Part attachment = attachment(message);
        assertThat(attachment.getFileName()).isEqualTo("INV-2026-000042.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        assertThat(bytes(attachment.getInputStream())).as("the PDF arrives byte for byte").isEqualTo(pdf);

        JsonNode sent = awaitNotification(tenant.adminKey(), id, n -> n.get("status").asString().equals("sent"), "sent");
        assertThat(sent.get("attempts").asInt()).isEqualTo(1);
        assertThat(sent.get("sent_at").isNull()).isFalse();
        assertThat(sent.get("last_error").isNull()).isTrue();
        assertThat(sent.get("next_attempt_at").isNull()).isTrue();
    }

    @Test
    void a_notification_whose_transaction_rolls_back_is_never_sent() {
        TenantFixture tenant = newTenant();

        String[] rolledBack = new String[1];
        TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(status -> {
            rolledBack[0] = notifications.request(plain("rolled-back@example.com", "Never sent"));
            status.setRollbackOnly();
        }));
        // A notification committed afterwards is delivered; had the first been recorded, the same
        // after-commit path and a scheduler tick would have sent it by now too.
        request(tenant.id(), plain("committed@example.com", "Sent"));
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        tick(Instant.ofEpochMilli(System.currentTimeMillis()));
        sleep(500);

        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(NotificationDeliveryIntegrationTest::subject)).containsExactly("Sent");
        assertThat(api.get("/v1/notifications/" + rolledBack[0], tenant.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void while_the_smtp_server_is_down_attempts_back_off_and_delivery_follows_when_it_is_back() {
        TenantFixture tenant = newTenant();
        smtp.stop();

        String id = request(tenant.id(), plain("ap@globex.example", "Retried"));

        JsonNode failed = awaitNotification(tenant.adminKey(), id,
                n -> n.get("attempts").asInt() == 1 && n.get("status").asString().equals("queued"), "queued after one attempt");
        assertThat(failed.get("last_error").asString()).containsIgnoringCase("connect");
        Instant failedAt = Instant.parse(failed.get("updated_at").asString());
        Instant nextAttempt = Instant.parse(failed.get("next_attempt_at").asString());
        assertThat(nextAttempt).isEqualTo(failedAt.plus(FIRST_RETRY));

        // Not due yet: a tick now leaves it alone, even with the server back.
        smtp.start();
        tick(nextAttempt.minusSeconds(1));
        sleep(500);
        assertThat(smtp.getReceivedMessages()).isEmpty();

        tick(nextAttempt.plusSeconds(1));

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(subject(smtp.getReceivedMessages()[0])).isEqualTo("Retried");
        JsonNode sent = awaitNotification(tenant.adminKey(), id, n -> n.get("status").asString().equals("sent"), "sent");
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        assertThat(sent.get("last_error").isNull()).isTrue();
    }

    @Test
    void when_every_attempt_fails_the_notification_fails_with_the_last_error() {
        TenantFixture tenant = newTenant();
        smtp.stop();

        String id = request(tenant.id(), plain("ap@globex.example", "Given up"));
        JsonNode first = awaitNotification(tenant.adminKey(), id, n -> n.get("attempts").asInt() == 1
                && n.get("status").asString().equals("queued"), "queued after one attempt");

        tick(Instant.parse(first.get("next_attempt_at").asString()).plusSeconds(1));
        JsonNode second = awaitNotification(tenant.adminKey(), id, n -> n.get("attempts").asInt() == 2
                && n.get("status").asString().equals("queued"), "queued after two attempts");
        assertThat(Instant.parse(second.get("next_attempt_at").asString()))
                .isEqualTo(Instant.parse(second.get("updated_at").asString()).plus(SECOND_RETRY));

        tick(Instant.parse(second.get("next_attempt_at").asString()).plusSeconds(1));
        JsonNode failed = awaitNotification(tenant.adminKey(), id, n -> n.get("status").asString().equals("failed"), "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("last_error").asString()).containsIgnoringCase("connect");
        assertThat(failed.get("next_attempt_at").isNull()).isTrue();

        // Failed is final, whatever the scheduler does later and whether or not the server is back.
        smtp.start();
        tick(Instant.parse(second.get("next_attempt_at").asString()).plus(Duration.ofDays(30)));
        sleep(500);
        assertThat(smtp.getReceivedMessages()).isEmpty();
        JsonNode list = api.get("/v1/notifications?status=failed", tenant.adminKey()).json();
        assertThat(list.get("data")).hasSize(1);
        assertThat(list.get("data").get(0).get("attempts").asInt()).isEqualTo(3);
    }

    private static NotificationRequest plain(String recipient, String subject) {
        return new NotificationRequest("invoice.finalized", recipient, subject, "Body of " + subject, null, List.of(), null, null);
    }

    private static InvoiceDocument invoice() {
        var party = new InvoiceDocument.Party("Acme Billing Ltd", "billing@acme.example", List.of("1 Market Street"), null);
        var line = new InvoiceDocument.Line("Pro plan", "1", "12.34", 1234, 0, null, null, List.of());
        return new InvoiceDocument("inv_42", "INV-2026-000042", "finalized", "USD", "UTC", party, party,
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"), null, null, List.of(line), List.of(),
                1234, 0, 1234, 0, 0, 0, 1234, null);
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** The first body part of this type that is not an attachment, wherever it is nested. */
    private static String text(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = text(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Part attachment(Part part) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return part;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                Part found = attachment(body);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static byte[] bytes(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
