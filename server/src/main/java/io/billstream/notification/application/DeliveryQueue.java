package io.billstream.notification.application;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.billstream.platform.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * This instance's delivery workers: a few virtual threads taking attempts from a bounded queue, so
 * neither the request that caused a notification nor the scheduler's tick ever waits for an SMTP
 * server, and a burst (a billing run finalising thousands of invoices) cannot open thousands of
 * connections. What does not fit in the queue stays due in the database for the next tick; what is
 * in it when the instance stops is picked up the same way, by any instance.
 */
@Component
public class DeliveryQueue implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    private final NotificationDelivery delivery;
    private final ThreadPoolExecutor workers;
    /** Notifications queued or being attempted here, so a tick does not queue one twice. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    DeliveryQueue(NotificationDelivery delivery, NotificationProperties properties) {
        this.delivery = delivery;
        this.workers = new ThreadPoolExecutor(properties.senders(), properties.senders(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.queueCapacity()), Thread.ofVirtual().name("notification-sender-", 0).factory());
    }

    /**
     * Queues a delivery attempt as of {@code asOf} (the attempt uses the clock's time if later).
     *
     * @return false when it was already queued here or the queue is full: it stays due in the database
     */
    public boolean submit(String tenantId, String notificationId, Instant asOf) {
        if (!pending.add(notificationId)) {
            return false;
        }
        try {
            workers.execute(() -> {
                try {
                    TenantContext.runAs(tenantId, () -> delivery.attempt(notificationId, asOf));
                } catch (RuntimeException e) {
                    // A database error: the row is unchanged or still claimed, so a later tick retries it.
                    log.error("Delivery attempt of notification {} failed before reaching the SMTP server", notificationId, e);
                } finally {
                    pending.remove(notificationId);
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            pending.remove(notificationId);
            return false;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            // Interrupted sends stay claimed until their sending timeout, then go out again.
            workers.shutdownNow();
        }
    }
}
