package io.billstream.notification.domain;

import java.time.Instant;
import java.util.List;

/**
 * A recorded notification and where its delivery stands. Attachments are described, not loaded.
 *
 * @param attempts      delivery attempts started so far
 * @param nextAttemptAt queued: when the next attempt is due; sending: when the claim lapses
 * @param lastError     why the last attempt failed, or why it was suppressed
 */
public record Notification(String id, String kind, String channel, String recipient, String subject, String textBody,
                           String htmlBody, String customerId, String relatedObjectId, NotificationStatus status, int attempts,
                           Instant nextAttemptAt, String lastError, Instant sentAt, Instant createdAt, Instant updatedAt,
                           List<AttachedFile> attachments) {

    public Notification {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public Notification withAttachments(List<AttachedFile> files) {
        return new Notification(id, kind, channel, recipient, subject, textBody, htmlBody, customerId, relatedObjectId, status,
                attempts, nextAttemptAt, lastError, sentAt, createdAt, updatedAt, files);
    }

    /** An attachment as lists show it: its name, type and size in bytes. */
    public record AttachedFile(String filename, String contentType, long size) {
    }
}
