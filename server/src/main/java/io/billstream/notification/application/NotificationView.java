package io.billstream.notification.application;

import java.time.Instant;
import java.util.List;

import io.billstream.notification.domain.Notification;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A notification as the API shows it. Attachments are described, never returned; the bodies only
 * when one notification is retrieved, null in lists.
 */
@JacksonXmlRootElement(localName = "notification")
public record NotificationView(String id, String object, String kind, String channel, String recipient, String subject,
                               String status, int attempts, Instant nextAttemptAt, String lastError, Instant sentAt,
                               String customerId, String relatedObjectId, List<AttachmentView> attachments, String textBody,
                               String htmlBody, Instant createdAt, Instant updatedAt) {

    public static NotificationView of(Notification n, boolean withBodies) {
        return new NotificationView(n.id(), "notification", n.kind(), n.channel(), n.recipient(), n.subject(), n.status().apiName(),
                n.attempts(), n.nextAttemptAt(), n.lastError(), n.sentAt(), n.customerId(), n.relatedObjectId(),
                n.attachments().stream().map(f -> new AttachmentView(f.filename(), f.contentType(), f.size())).toList(),
                withBodies ? n.textBody() : null, withBodies ? n.htmlBody() : null, n.createdAt(), n.updatedAt());
    }

    /** @param size the content's length in bytes */
    public record AttachmentView(String filename, String contentType, long size) {
    }
}
