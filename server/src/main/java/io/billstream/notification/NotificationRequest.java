package io.billstream.notification;

import java.util.List;
import java.util.regex.Pattern;

import io.billstream.platform.domain.InvalidValueException;

/**
 * An e-mail another module wants sent. Validates itself: the recipient is one plain address, header
 * values hold no line breaks, and attachments stay within what SMTP servers commonly accept.
 *
 * @param kind            what causes it, as an event type ({@code invoice.finalized})
 * @param recipient       one e-mail address
 * @param htmlBody        an alternative HTML body, or null for text only
 * @param customerId      the customer it is addressed to, or null
 * @param relatedObjectId the object it is about (an invoice ID), or null
 */
public record NotificationRequest(String kind, String recipient, String subject, String textBody, String htmlBody,
                                  List<Attachment> attachments, String customerId, String relatedObjectId) {

    /** All attachments of one notification together. */
    public static final int MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    // One address, nothing that would let it name a second one or a display name.
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;:<>()\\[\\]\"\\\\]+@[^@\\s,;:<>()\\[\\]\"\\\\]+\\.[^@\\s,;:<>()\\[\\]\"\\\\]+");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-zA-Z0-9!#$&^_.+-]+/[a-zA-Z0-9!#$&^_.+-]+(\\s*;.*)?");

    public NotificationRequest {
        if (kind == null || kind.length() > 100 || !KIND.matcher(kind).matches()) {
            throw new InvalidValueException("kind", "kind must be an event type such as 'invoice.finalized'");
        }
        if (recipient == null || recipient.length() > 254 || !ADDRESS.matcher(recipient).matches()) {
            throw new InvalidValueException("recipient", "'" + recipient + "' is not one e-mail address");
        }
        subject = headerText(subject, "subject", 255);
        if (textBody == null || textBody.isBlank()) {
            throw new InvalidValueException("text_body", "text_body is required");
        }
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        long bytes = attachments.stream().mapToLong(Attachment::size).sum();
        if (bytes > MAX_ATTACHMENT_BYTES) {
            throw new InvalidValueException("attachments", "attachments may total at most " + MAX_ATTACHMENT_BYTES + " bytes, not " + bytes);
        }
    }

    /**
     * @param filename    as the recipient sees it ({@code INV-2026-000042.pdf})
     * @param contentType a MIME type ({@code application/pdf})
     */
    public record Attachment(String filename, String contentType, byte[] content) {

        public Attachment {
            filename = headerText(filename, "attachments.filename", 255);
            if (filename.contains("/") || filename.contains("\\")) {
                throw new InvalidValueException("attachments.filename", "a file name may not contain a path separator");
            }
            if (contentType == null || !CONTENT_TYPE.matcher(contentType).matches() || contentType.contains("\r")
                    || contentType.contains("\n")) {
                throw new InvalidValueException("attachments.content_type", "'" + contentType + "' is not a MIME type");
            }
            if (content == null) {
                throw new InvalidValueException("attachments.content", "an attachment needs content");
            }
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        /** The size in bytes, without copying the content. */
        public int size() {
            return content.length;
        }
    }

    private static String headerText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, field + " is required");
        }
        if (value.length() > maxLength) {
            throw new InvalidValueException(field, field + " may be at most " + maxLength + " characters");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidValueException(field, field + " may not contain line breaks");
        }
        return value;
    }
}
