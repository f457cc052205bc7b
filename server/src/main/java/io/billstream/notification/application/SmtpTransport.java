package io.billstream.notification.application;

import java.util.List;

import io.billstream.notification.NotificationRequest;
import io.billstream.notification.domain.Notification;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Hands e-mails to the SMTP server of {@code spring.mail.*}. Spring Boot creates the mail sender only
 * when {@code spring.mail.host} is set; without it there is nowhere to send and notifications are
 * suppressed.
 */
@Component
public class SmtpTransport {

    /** The header that ties a received e-mail back to its notification. */
    static final String NOTIFICATION_HEADER = "X-Billstream-Notification-Id";

    private final ObjectProvider<JavaMailSender> sender;
    private final NotificationProperties properties;

    SmtpTransport(ObjectProvider<JavaMailSender> sender, NotificationProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    public boolean configured() {
        return sender.getIfAvailable() != null;
    }

    /** Sends one e-mail; throws {@link Undeliverable} when trying again cannot help. */
    void send(Notification notification, List<NotificationRequest.Attachment> attachments) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new MailPreparationException("no SMTP server configured");
        }
        MimeMessage message = mail.createMimeMessage();
        try {
            boolean multipart = notification.htmlBody() != null || !attachments.isEmpty();
            MimeMessageHelper helper = new MimeMessageHelper(message, multipart, "UTF-8");
            helper.setFrom(properties.from());
            helper.setTo(new InternetAddress(notification.recipient(), true));
            helper.setSubject(notification.subject());
            if (notification.htmlBody() != null) {
                helper.setText(notification.textBody(), notification.htmlBody());
            } else {
                helper.setText(notification.textBody());
            }
            for (NotificationRequest.Attachment attachment : attachments) {
                helper.addAttachment(attachment.filename(), new ByteArrayResource(attachment.content()), attachment.contentType());
            }
            message.setHeader(NOTIFICATION_HEADER, notification.id());
        } catch (AddressException e) {
            throw new Undeliverable("invalid address: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new Undeliverable("could not compose the message: " + e.getMessage(), e);
        }
        try {
            mail.send(message);
        } catch (MailParseException | MailPreparationException e) {
            throw new Undeliverable(e.getMessage(), e);
        } catch (MailSendException e) {
            if (recipientRejected(e)) {
                throw new Undeliverable("the SMTP server rejected the recipient: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** A permanent (5xx) refusal of the address, as opposed to a server that is down or busy. */
    private static boolean recipientRejected(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                        && refused.getInvalidAddresses().length > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A message no retry can deliver: a malformed address, a recipient the server refuses. */
    static final class Undeliverable extends MailException {

        Undeliverable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
