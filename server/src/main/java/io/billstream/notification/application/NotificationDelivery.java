package io.billstream.notification.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.billstream.notification.NotificationRequest;
import io.billstream.notification.db.NotificationRecords;
import io.billstream.notification.domain.Notification;
import io.billstream.notification.domain.NotificationStatus;
import io.billstream.notification.domain.RetrySchedule;
import io.billstream.platform.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One delivery attempt of one notification, in three steps: claim it (a short transaction that
 * counts the attempt), talk to the SMTP server with no transaction or row lock held, then record the
 * outcome. The claim is what keeps two instances from sending the same notification: only one can
 * move it to {@code sending}, and the other finds it not due.
 */
@Component
class NotificationDelivery {

    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final NotificationRecords records;
    private final SmtpTransport smtp;
    private final TransactionTemplate transactions;
    private final NotificationProperties properties;
    private final RetrySchedule retries;
    private final Clock clock;

    NotificationDelivery(NotificationRecords records, SmtpTransport smtp, TransactionTemplate transactions,
                         NotificationProperties properties, Clock clock) {
        this.records = records;
        this.smtp = smtp;
        this.transactions = transactions;
        this.properties = properties;
        this.retries = properties.retrySchedule();
        this.clock = clock;
    }

    /**
     * Attempts delivery if the notification is due at {@code asOf} (or now, if later) and no one else
     * holds it. The current tenant must be the notification's.
     */
    void attempt(String notificationId, Instant asOf) {
        String tenantId = TenantContext.require();
        Instant now = latest(asOf, clock.instant());
        Optional<Claim> claim = transactions.execute(status -> records.claim(tenantId, notificationId, now,
                now.plus(properties.sendingTimeout())).map(n -> new Claim(n, records.attachments(tenantId, n.id()))));
        if (claim.isEmpty()) {
            return;
        }
        Notification notification = claim.get().notification();
        int attempt = notification.attempts();
        if (attempt > retries.maxAttempts()) {
            // The previous holder of the last attempt never reported back (it died mid-send).
            finish(tenantId, notification, attempt, NotificationStatus.FAILED, null,
                    "the last delivery attempt did not complete within " + properties.sendingTimeout(), now);
            return;
        }
        try {
            smtp.send(notification, claim.get().attachments());
        } catch (SmtpTransport.Undeliverable e) {
            log.warn("Notification {} cannot be delivered to {}: {}", notification.id(), notification.recipient(), e.getMessage());
            finish(tenantId, notification, attempt, NotificationStatus.FAILED, null, describe(e), latest(now, clock.instant()));
            return;
        } catch (RuntimeException e) {
            Instant failedAt = latest(now, clock.instant());
            Optional<Instant> next = retries.nextAttempt(attempt, failedAt);
            log.warn("Delivery attempt {} of notification {} failed{}: {}", attempt, notification.id(),
                    next.map(at -> "; next attempt at " + at).orElse("; giving up"), describe(e));
            finish(tenantId, notification, attempt, next.isPresent() ? NotificationStatus.QUEUED : NotificationStatus.FAILED,
                    next.orElse(null), describe(e), failedAt);
            return;
        }
        Instant sentAt = latest(now, clock.instant());
        Boolean recorded = transactions.execute(status -> records.markSent(tenantId, notification.id(), attempt, sentAt));
        if (!Boolean.TRUE.equals(recorded)) {
            log.warn("Notification {} was sent, but its claim had lapsed and another attempt may have sent it too", notification.id());
        }
    }

    private void finish(String tenantId, Notification notification, int attempt, NotificationStatus status, Instant nextAttemptAt,
                        String error, Instant at) {
        Boolean recorded = transactions.execute(s -> records.markUnsent(tenantId, notification.id(), attempt, status, nextAttemptAt,
                error, at));
        if (!Boolean.TRUE.equals(recorded)) {
            log.warn("Outcome of attempt {} of notification {} not recorded: its claim had lapsed", attempt, notification.id());
        }
    }

    /** The exception and its causes' messages: "Mail server connection failed; Couldn't connect to host...". */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null && text.length() < MAX_ERROR_LENGTH; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : "; ").append(message);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        String described = text.toString().replaceAll("\\s+", " ").trim();
        return described.length() > MAX_ERROR_LENGTH ? described.substring(0, MAX_ERROR_LENGTH) : described;
    }

    /** Scheduler ticks may name a later instant than the clock's (tests drive them); never go back in time. */
    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private record Claim(Notification notification, List<NotificationRequest.Attachment> attachments) {
    }
}
