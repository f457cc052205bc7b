package io.billstream.notification.domain;

import java.util.Locale;

/**
 * Where a notification is: {@code queued} for its next delivery attempt, {@code sending} while an
 * instance has claimed it, then {@code sent}, {@code failed} (attempts exhausted, or the message can
 * never be delivered) or {@code suppressed} (recorded but never sent: no SMTP server is configured).
 */
public enum NotificationStatus {
    QUEUED, SENDING, SENT, FAILED, SUPPRESSED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NotificationStatus fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
