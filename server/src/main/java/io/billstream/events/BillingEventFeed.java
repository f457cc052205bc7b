package io.billstream.events;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Reading the billing-event log in sequence order, for consumers such as webhook delivery. */
@Component
public class BillingEventFeed {

    private final BillingEvents events;

    BillingEventFeed(BillingEvents events) {
        this.events = events;
    }

    /** Up to {@code limit} events of the tenant with a sequence above {@code afterSequence}, oldest first. */
    public List<BillingEventView> after(String tenantId, long afterSequence, int limit) {
        return events.after(tenantId, afterSequence, limit);
    }

    public Optional<BillingEventView> find(String tenantId, String id) {
        return events.find(tenantId, id);
    }
}
