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

    /**
     * The tenant's newest event whose type matches one of {@code patterns} (exact types, prefixes
     * written {@code invoice.*}, or {@code *} for any). Must run in a transaction.
     */
    public Optional<BillingEventView> latestMatching(String tenantId, List<String> patterns) {
        List<String> types = patterns.contains("*") ? List.of() : patterns;
        var newestFirst = new BillingEvents.Query(types, null, null, null, null, null, null, null, null, null, null, null, null, null,
                false);
        return events.list(tenantId, newestFirst, io.billstream.platform.web.PageRequest.of(1, null)).stream().findFirst();
    }

    public Optional<BillingEventView> find(String tenantId, String id) {
        return events.find(tenantId, id);
    }
}
