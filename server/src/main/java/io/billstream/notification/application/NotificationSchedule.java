package io.billstream.notification.application;

import java.time.Instant;

import io.billstream.notification.db.NotificationRecords;
import io.billstream.platform.scheduling.TimeDrivenWork;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The safety net behind the attempt made right after commit: on every scheduler tick, queues the
 * notifications whose next attempt is due (retries after backoff, attempts an instance never made
 * because it stopped or its queue was full, claims whose sender died). Queuing only, so a slow SMTP
 * server never holds up the tick that also renews subscriptions.
 */
@Component
@Order(100)
class NotificationSchedule implements TimeDrivenWork {

    private static final int BATCH = 200;

    private final NotificationRecords records;
    private final DeliveryQueue queue;

    NotificationSchedule(NotificationRecords records, DeliveryQueue queue) {
        this.records = records;
        this.queue = queue;
    }

    @Override
    public void runDue(Instant now) {
        for (NotificationRecords.Due due : records.due(now, BATCH)) {
            queue.submit(due.tenantId(), due.id(), now);
        }
    }

    @Override
    public void runForTestClock(String testClockId, Instant until) {
        // Nothing: e-mail goes out in real time, also for a test clock's customers. Advancing a clock
        // may cause notifications (an invoice finalised), which are delivered like any other.
    }
}
