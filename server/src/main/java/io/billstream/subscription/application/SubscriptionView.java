package io.billstream.subscription.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.billstream.catalog.domain.PlanVersion;
import io.billstream.subscription.domain.PendingChange;
import io.billstream.subscription.domain.Subscription;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A subscription as the API and its billing events show it. */
@JacksonXmlRootElement(localName = "subscription")
public record SubscriptionView(String id, String object, String customerId, String externalId, String planCode, int planVersion,
                               String status, String billingAnchor, String currency, String timezone, Instant startAt,
                               String trialId, Instant trialEnd, Instant currentPeriodStart, Instant currentPeriodEnd,
                               List<Item> items, PendingChangeView pendingChange, boolean cancelAtPeriodEnd,
                               String cancellationId, Instant activatedAt, Instant canceledAt, Instant endedAt, String endedReason,
                               Instant pastDueSince, Instant entitlementsRestrictedAt, String testClock, Map<String, String> metadata,
                               Instant createdAt, Instant updatedAt) {

    public record Item(String code, long quantity) {
    }

    public record PendingChangeView(String planCode, int planVersion, List<Item> items, Instant effectiveAt) {
    }

    static SubscriptionView of(Subscription s, PlanVersion version) {
        PendingChange change = s.pendingChange();
        return new SubscriptionView(s.id(), "subscription", s.customerId(), s.externalId(), version.planCode(), version.version(),
                s.status().apiName(), s.anchor().code(), s.currency(), s.timezone(), s.startAt(), s.trialId(), s.trialEnd(),
                s.currentPeriodStart(), s.currentPeriodEnd(), items(s.quantities()),
                change == null ? null : new PendingChangeView(change.planCode(), change.planVersion(), items(change.quantities()),
                        change.effectiveAt()),
                s.cancellationId() != null, s.cancellationId(), s.activatedAt(), s.canceledAt(), s.endedAt(), s.endedReason(),
                s.pastDueSince(), s.entitlementsRestrictedAt(), s.testClockId(), s.metadata(), s.createdAt(), s.updatedAt());
    }

    private static List<Item> items(Map<String, Long> quantities) {
        return new TreeMap<>(quantities).entrySet().stream().map(e -> new Item(e.getKey(), e.getValue())).toList();
    }
}
