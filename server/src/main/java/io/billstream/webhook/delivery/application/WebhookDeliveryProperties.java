package io.billstream.webhook.delivery.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled      false runs no fan-out and sends nothing on this instance (it still serves the API)
 * @param workers      claim-and-send loops of this instance; each has up to {@code batchSize} requests in flight (default 4)
 * @param pollInterval how often an idle instance looks for new events and due deliveries (default 100 ms);
 *                     fan-out on this instance wakes its workers at once
 * @param batchSize    deliveries one worker claims at a time (default 100)
 * @param timeout      connect plus response time allowed for one request (default 15 s)
 */
@ConfigurationProperties("billstream.webhooks")
public record WebhookDeliveryProperties(Boolean enabled, Integer workers, Duration pollInterval, Integer batchSize, Duration timeout) {

    public WebhookDeliveryProperties {
        enabled = enabled == null || enabled;
        workers = workers == null ? 4 : workers;
        pollInterval = pollInterval == null ? Duration.ofMillis(100) : pollInterval;
        batchSize = batchSize == null ? 100 : batchSize;
        timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
        if (workers < 1 || batchSize < 1 || pollInterval.isNegative() || pollInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("billstream.webhooks: workers and batch-size must be positive, poll-interval and timeout above zero");
        }
    }

    /** How long a claimed delivery is a worker's: the request's timeout plus room to record its outcome. */
    public Duration lease() {
        return timeout.plusSeconds(30);
    }
}
