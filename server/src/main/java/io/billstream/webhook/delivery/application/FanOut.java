package io.billstream.webhook.delivery.application;

import java.time.Clock;
import java.util.List;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.webhook.delivery.db.WebhookDeliveries;
import io.billstream.webhook.delivery.db.WebhookDeliveries.EventHeader;
import io.billstream.webhook.delivery.db.WebhookDeliveries.FanOutPosition;
import io.billstream.webhook.delivery.domain.EventTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns the tenant's new billing events into deliveries for one endpoint: reads the events after
 * the endpoint's position, writes a pending delivery for each that its filter takes, and moves the
 * position, all in one transaction with the endpoint row locked. An instance that finds the row
 * locked skips it, so any number of instances share the fan-out and none does it twice. A disabled
 * endpoint's position stands still; enabling it again moves the position to the tenant's latest
 * event, so it receives no events from its disabled time (a replay sends them if wanted), and
 * retention keeps what a failing endpoint missed for that replay.
 */
@Component
class FanOut {

    static final int EVENTS_PER_TRANSACTION = 1000;

    record Result(int created, boolean more) {
    }

    private final WebhookDeliveries deliveries;
    private final Clock clock;

    FanOut(WebhookDeliveries deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Transactional
    public Result fanOut(String endpointId) {
        String tenantId = TenantContext.require();
        FanOutPosition endpoint = deliveries.lockForFanOut(endpointId).orElse(null);
        if (endpoint == null || !endpoint.enabled()) {
            return new Result(0, false);
        }
        List<EventHeader> events = deliveries.eventsAfter(tenantId, endpoint.dispatchedThroughSequence(), EVENTS_PER_TRANSACTION);
        if (events.isEmpty()) {
            return new Result(0, false);
        }
        EventTypeFilter filter = new EventTypeFilter(endpoint.eventTypes());
        List<EventHeader> matching = events.stream().filter(event -> filter.matches(event.type())).toList();
        int created = deliveries.insertPending(tenantId, endpointId, endpoint.apiVersion(), "event", matching, clock.instant());
        deliveries.moveFanOutPosition(endpointId, events.getLast().sequence());
        return new Result(created, events.size() == EVENTS_PER_TRANSACTION);
    }
}
