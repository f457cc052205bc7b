package io.billstream.notification;

import java.time.Clock;
import java.time.Instant;

import io.billstream.notification.application.DeliveryQueue;
import io.billstream.notification.application.SmtpTransport;
import io.billstream.notification.db.NotificationRecords;
import io.billstream.notification.domain.NotificationStatus;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The only way Billstream sends e-mail. A module records a notification in the transaction of the
 * change that causes it; the notification exists, and is sent, exactly when that change commits.
 */
@Service
public class Notifications {

    /** The last_error of notifications recorded while no SMTP server is configured. */
    public static final String NO_SMTP = "no SMTP server configured";

    private final NotificationRecords records;
    private final SmtpTransport smtp;
    private final DeliveryQueue queue;
    private final Clock clock;

    Notifications(NotificationRecords records, SmtpTransport smtp, DeliveryQueue queue, Clock clock) {
        this.records = records;
        this.smtp = smtp;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Records a notification for the current tenant in the caller's transaction. After commit it is
     * delivered in the background, retried with backoff if the SMTP server fails; without an SMTP
     * server configured it is recorded as {@code suppressed} and never sent.
     *
     * @return the notification's ID ({@code ntf_...})
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String request(NotificationRequest request) {
        String tenantId = TenantContext.require();
        String id = Ids.next("ntf");
        Instant now = clock.instant();
        if (!smtp.configured()) {
            records.insert(tenantId, id, request, NotificationStatus.SUPPRESSED, null, NO_SMTP, now);
            return id;
        }
        records.insert(tenantId, id, request, NotificationStatus.QUEUED, now, null, now);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                // If the queue is full the scheduler's next tick finds the notification due instead.
                queue.submit(tenantId, id, now);
            }
        });
        return id;
    }
}
