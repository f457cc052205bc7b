package io.billstream.notification.application;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.billstream.notification.NotificationRequest;
import io.billstream.notification.domain.Notification;
import io.billstream.notification.domain.NotificationStatus;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtpTransportTest {

    private static final NotificationProperties PROPERTIES = new NotificationProperties("billing@acme.example", null, null, null, null);

    @Test
    void without_a_mail_sender_nothing_is_configured() {
        assertThat(new SmtpTransport(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), PROPERTIES).configured())
                .isFalse();
    }

    @Test
    void the_message_has_the_from_address_the_recipient_both_bodies_the_attachment_and_the_notification_header() throws Exception {
        Recording sender = new Recording(null);
        SmtpTransport transport = transport(sender);

        transport.send(notification("ap@globex.example", "<p>Hi</p>"),
                List.of(new NotificationRequest.Attachment("INV-1.pdf", "application/pdf", new byte[] {37, 80, 68, 70})));

        MimeMessage message = sender.sent.getFirst();
        assertThat(transport.configured()).isTrue();
        assertThat(message.getFrom()).extracting(Address::toString).containsExactly("billing@acme.example");
        assertThat(message.getAllRecipients()).extracting(Address::toString).containsExactly("ap@globex.example");
        assertThat(message.getSubject()).isEqualTo("Invoice INV-1");
        assertThat(message.getHeader(SmtpTransport.NOTIFICATION_HEADER)).containsExactly("ntf_1");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        assertThat(raw.toString()).contains("text/plain", "text/html", "filename=INV-1.pdf", "application/pdf");
    }

    @Test
    void a_recipient_the_server_refuses_for_good_is_undeliverable() {
        var refused = new SendFailedException("550 mailbox unavailable", null, new Address[0], new Address[0],
                new Address[] {address("nobody@globex.example")});
        SmtpTransport transport = transport(new Recording(refused));

        assertThatThrownBy(() -> transport.send(notification("nobody@globex.example", null), List.of()))
                .isInstanceOf(SmtpTransport.Undeliverable.class).hasMessageContaining("rejected the recipient");
    }

    @Test
    void a_server_that_cannot_be_reached_or_defers_is_worth_retrying() {
        var deferred = new SendFailedException("451 try again later", null, new Address[0],
                new Address[] {address("ap@globex.example")}, new Address[0]);
        assertThatThrownBy(() -> transport(new Recording(deferred)).send(notification("ap@globex.example", null), List.of()))
                .isInstanceOf(MailSendException.class).isNotInstanceOf(SmtpTransport.Undeliverable.class);

        var down = new MessagingException("Couldn't connect to host");
        assertThatThrownBy(() -> transport(new Recording(down)).send(notification("ap@globex.example", null), List.of()))
                .isInstanceOf(MailSendException.class).isNotInstanceOf(SmtpTransport.Undeliverable.class);
    }

    private static SmtpTransport transport(JavaMailSender sender) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("mailSender", sender));
        return new SmtpTransport(beans.getBeanProvider(JavaMailSender.class), PROPERTIES);
    }

    private static Notification notification(String recipient, String html) {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        return new Notification("ntf_1", "invoice.finalized", "email", recipient, "Invoice INV-1", "Hi", html, null, null,
                NotificationStatus.SENDING, 1, now, null, null, now, now, List.of());
    }

    private static InternetAddress address(String address) {
        try {
            return new InternetAddress(address);
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** A sender that keeps what it is given, or fails the way JavaMailSenderImpl reports a failed message. */
    private static final class Recording extends JavaMailSenderImpl {

        private final List<MimeMessage> sent = new ArrayList<>();
        private final Exception failure;

        Recording(Exception failure) {
            this.failure = failure;
        }

        @Override
        public void send(MimeMessage... messages) {
            if (failure != null) {
                throw new MailSendException(Map.of(messages[0], failure));
            }
            for (MimeMessage message : messages) {
                try {
                    message.saveChanges();
                } catch (MessagingException e) {
                    throw new AssertionError(e);
                }
                sent.add(message);
            }
        }
    }
}
