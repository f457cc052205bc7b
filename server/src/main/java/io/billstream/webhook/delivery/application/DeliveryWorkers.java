package io.billstream.webhook.delivery.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.webhook.delivery.db.WebhookDeliveries;
import io.billstream.webhook.delivery.db.WebhookDeliveries.Due;
import io.billstream.webhook.delivery.db.WebhookDeliveries.Outgoing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's share of webhook delivery. One loop fans new billing events out into
 * deliveries; {@code workers} loops each claim a batch of due deliveries across tenants (a lease,
 * so any number of instances share them and none sends a delivery another holds), send the whole
 * batch at once on virtual threads, and record the outcomes in one transaction per tenant. An idle
 * loop sleeps for the poll interval or until this instance's fan-out wakes it.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);
    private static final int ENDPOINTS_PER_PASS = 500;

    private final WebhookDeliveries deliveries;
    private final FanOut fanOut;
    private final WebhookSender sender;
    private final DeliveryRecording recording;
    private final WakeUp wakeUp;
    private final WebhookDeliveryProperties properties;
    private final Clock clock;
    private final List<Thread> loops = new ArrayList<>();
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    DeliveryWorkers(WebhookDeliveries deliveries, FanOut fanOut, WebhookSender sender, DeliveryRecording recording, WakeUp wakeUp,
                    WebhookDeliveryProperties properties, Clock clock) {
        this.deliveries = deliveries;
        this.fanOut = fanOut;
        this.sender = sender;
        this.recording = recording;
        this.wakeUp = wakeUp;
        this.properties = properties;
        this.clock = clock;
    }

    /** One fan-out pass over every endpoint that is behind its tenant's log; the number of deliveries made. */
    int fanOutOnce() {
        int created = 0;
        for (Due endpoint : deliveries.endpointsBehind(ENDPOINTS_PER_PASS)) {
            try {
                FanOut.Result result;
                do {
                    result = TenantContext.callAs(endpoint.tenantId(), () -> fanOut.fanOut(endpoint.id()));
                    created += result.created();
                    if (result.created() > 0) {
                        wakeUp.signal();
                    }
                } while (result.more() && running);
            } catch (RuntimeException e) {
                log.error("Fan-out to webhook endpoint {} failed; will try again", endpoint.id(), e);
            }
        }
        return created;
    }

    /** Claims, sends and records one batch; the number of deliveries attempted. */
    int deliverOnce() {
        Instant now = clock.instant();
        List<Due> claimed = deliveries.claim(now, now.plus(properties.lease()), properties.batchSize());
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<String, List<String>> byTenant = new LinkedHashMap<>();
        claimed.forEach(due -> byTenant.computeIfAbsent(due.tenantId(), t -> new ArrayList<>()).add(due.id()));
        Map<String, List<Future<DeliveryRecording.Sent>>> inFlight = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> tenant : byTenant.entrySet()) {
            List<Outgoing> outgoing = TenantContext.callAs(tenant.getKey(), () -> deliveries.outgoing(tenant.getKey(), tenant.getValue()));
            List<Future<DeliveryRecording.Sent>> futures = new ArrayList<>(outgoing.size());
            for (Outgoing delivery : outgoing) {
                futures.add(requests.submit(() -> new DeliveryRecording.Sent(delivery, sender.attempt(delivery))));
            }
            inFlight.put(tenant.getKey(), futures);
        }
        for (Map.Entry<String, List<Future<DeliveryRecording.Sent>>> tenant : inFlight.entrySet()) {
            List<DeliveryRecording.Sent> sent = new ArrayList<>(tenant.getValue().size());
            for (Future<DeliveryRecording.Sent> future : tenant.getValue()) {
                try {
                    sent.add(future.get());
                } catch (Exception e) {
                    // attempt() returns every failure as an outcome; this is an interrupt at shutdown.
                    // The lease runs out and another worker sends the delivery again.
                    log.warn("A webhook request did not complete", e);
                }
            }
            try {
                TenantContext.runAs(tenant.getKey(), () -> recording.record(sent));
            } catch (RuntimeException e) {
                log.error("Recording {} webhook attempts of tenant {} failed; their leases run out and they are sent again",
                        sent.size(), tenant.getKey(), e);
            }
        }
        return claimed.size();
    }

    private void fanOutLoop() {
        while (running) {
            try {
                fanOutOnce();
                sleep();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Webhook fan-out pass failed", e);
                pause();
            }
        }
    }

    private void workLoop() {
        while (running) {
            try {
                if (deliverOnce() == 0) {
                    wakeUp.await(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Webhook delivery pass failed", e);
                pause();
            }
        }
    }

    private void sleep() throws InterruptedException {
        Thread.sleep(properties.pollInterval());
    }

    private void pause() {
        try {
            Thread.sleep(properties.pollInterval().multipliedBy(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the workers, for deliveries made due on this instance (a retry request). */
    void wake() {
        wakeUp.signal();
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            log.info("Webhook delivery disabled on this instance (billstream.webhooks.enabled=false)");
            return;
        }
        running = true;
        loops.add(Thread.ofVirtual().name("webhook-fan-out").start(this::fanOutLoop));
        for (int i = 0; i < properties.workers(); i++) {
            loops.add(Thread.ofVirtual().name("webhook-worker-" + i).start(this::workLoop));
        }
    }

    @Override
    public void stop() {
        running = false;
        wakeUp.signal();
        for (Thread loop : loops) {
            try {
                // A loop mid-batch finishes it: its requests time out within the configured timeout.
                loop.join(properties.timeout().plusSeconds(5));
                if (loop.isAlive()) {
                    loop.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        loops.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Like the scheduler: stops before the web server's graceful shutdown ends and long before the database goes.
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
