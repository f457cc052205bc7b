package io.billstream.webhook.delivery.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.PageRequest;
import io.billstream.webhook.delivery.db.WebhookDeliveries;
import io.billstream.webhook.delivery.db.WebhookDeliveries.DeliveryRow;
import io.billstream.webhook.delivery.db.WebhookDeliveries.EventHeader;
import io.billstream.webhook.delivery.db.WebhookDeliveries.FanOutPosition;
import io.billstream.webhook.delivery.domain.EventTypeFilter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The delivery log of the current tenant, and what a tenant may ask of it: a retry now, a replay. */
@Service
public class DeliveryLog {

    private static final int REPLAY_PAGE = 1000;

    /** @param fromSequence the first sequence replayed; @param throughSequence the last one considered */
    public record Replay(String object, String endpointId, int queued, Long fromSequence, Instant since, long throughSequence) {
    }

    private final WebhookDeliveries deliveries;
    private final DeliveryWorkers workers;
    private final Clock clock;

    DeliveryLog(WebhookDeliveries deliveries, DeliveryWorkers workers, Clock clock) {
        this.deliveries = deliveries;
        this.workers = workers;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<WebhookDeliveryView> list(String endpointId, String status, PageRequest page) {
        String tenantId = TenantContext.require();
        endpoint(tenantId, endpointId);
        return deliveries.list(tenantId, endpointId, status, page).stream().map(row -> WebhookDeliveryView.of(row, null)).toList();
    }

    @Transactional(readOnly = true)
    public WebhookDeliveryView get(String id) {
        String tenantId = TenantContext.require();
        DeliveryRow row = deliveries.find(tenantId, id, false).orElseThrow(() -> ApiException.notFound("webhook delivery", id));
        return WebhookDeliveryView.of(row, deliveries.attempts(tenantId, id));
    }

    /** A new attempt as soon as a worker is free, whether the delivery is pending or already failed or delivered. */
    @Transactional
    public WebhookDeliveryView retry(String id) {
        String tenantId = TenantContext.require();
        deliveries.find(tenantId, id, true).orElseThrow(() -> ApiException.notFound("webhook delivery", id));
        deliveries.dueNow(id, clock.instant());
        wakeAfterCommit();
        return WebhookDeliveryView.of(deliveries.find(tenantId, id, false).orElseThrow(), deliveries.attempts(tenantId, id));
    }

    /**
     * New deliveries (origin {@code replay}) of every event the endpoint's filter takes, from a
     * sequence or an instant on, up to the endpoint's fan-out position: later events are on their way
     * already and would otherwise go out twice.
     */
    @Transactional
    public Replay replay(String endpointId, Long fromSequence, Instant since) {
        String tenantId = TenantContext.require();
        FanOutPosition endpoint = endpoint(tenantId, endpointId);
        EventTypeFilter filter = new EventTypeFilter(endpoint.eventTypes());
        long through = endpoint.dispatchedThroughSequence();
        Instant now = clock.instant();
        int queued = 0;
        long position = 0;
        while (true) {
            List<EventHeader> page = deliveries.eventsSince(tenantId, fromSequence, since, position, through, REPLAY_PAGE);
            if (page.isEmpty()) {
                break;
            }
            queued += deliveries.insertPending(tenantId, endpointId, endpoint.apiVersion(), "replay",
                    page.stream().filter(event -> filter.matches(event.type())).toList(), now);
            position = page.getLast().sequence();
        }
        wakeAfterCommit();
        return new Replay("webhook_replay", endpointId, queued, fromSequence, since, through);
    }

    private FanOutPosition endpoint(String tenantId, String endpointId) {
        return deliveries.endpoint(tenantId, endpointId).orElseThrow(() -> ApiException.notFound("webhook endpoint", endpointId));
    }

    private void wakeAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                workers.wake();
            }
        });
    }
}
