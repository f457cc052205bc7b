package io.billstream.notification.application;

import java.time.Duration;
import java.util.List;

import io.billstream.notification.domain.RetrySchedule;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SMTP server itself is configured with Spring's {@code spring.mail.*} properties; without
 * {@code spring.mail.host} notifications are recorded as {@code suppressed} and never sent.
 *
 * @param from           the From address of every e-mail (default {@code billing@localhost})
 * @param retryDelays    waits between delivery attempts; after the last one a failure is final
 *                       (default 1m, 5m, 30m, 2h, 6h: six attempts over about nine hours)
 * @param senders        deliveries one instance runs at once (default 2)
 * @param queueCapacity  deliveries one instance keeps waiting in memory; beyond that they wait in the
 *                       database for the scheduler's next tick (default 1,000)
 * @param sendingTimeout how long an instance may take over one delivery before another instance may
 *                       attempt it again, in case the first died mid-send (default 10 minutes; keep
 *                       it well above the SMTP timeouts)
 */
@ConfigurationProperties("billstream.notifications")
public record NotificationProperties(String from, List<Duration> retryDelays, Integer senders, Integer queueCapacity,
                                     Duration sendingTimeout) {

    public NotificationProperties {
        from = from == null || from.isBlank() ? "billing@localhost" : from;
        retryDelays = retryDelays == null ? List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(6)) : List.copyOf(retryDelays);
        senders = senders == null ? 2 : senders;
        queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
        sendingTimeout = sendingTimeout == null ? Duration.ofMinutes(10) : sendingTimeout;
        if (senders < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("billstream.notifications.senders and queue-capacity must be at least 1");
        }
    }

    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryDelays);
    }
}
