package io.billstream.usage.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.billstream.usage.db.UsageEvents;
import io.billstream.usage.db.UsageEvents.Account;
import io.billstream.usage.db.UsageEvents.NewRow;
import io.billstream.usage.db.UsageEvents.Subscription;
import io.billstream.usage.domain.EventOutcome;
import io.billstream.usage.domain.EventRejected;
import io.billstream.usage.domain.EventSource;
import io.billstream.usage.domain.IngestionWindow;
import io.billstream.usage.domain.MeteredEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes checked events of one tenant in the caller's transaction: resolves each to its customer
 * and subscription, applies the timestamp window in the customer's billing time, inserts the rows
 * (duplicates skipped by the primary key) and queues the entitlement refreshes. Three round trips
 * however many events.
 */
@Component
class EventRecorder {

    private final UsageEvents events;
    private final MeteringCatalog catalog;
    private final IngestionWindow window;
    private final Clock clock;

    EventRecorder(UsageEvents events, MeteringCatalog catalog, UsageProperties properties, Clock clock) {
        this.events = events;
        this.catalog = catalog;
        this.window = new IngestionWindow(properties.backdatingWindow(), properties.futureWindow());
        this.clock = clock;
    }

    /** One outcome per event, in order. Must run in a transaction of the tenant. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<EventOutcome> record(String tenantId, List<MeteredEvent> batch, EventSource source, String importId) {
        Instant receivedAt = clock.instant();
        References references = references(tenantId, batch);
        EventOutcome[] outcomes = new EventOutcome[batch.size()];
        List<NewRow> rows = new ArrayList<>(batch.size());
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            MeteredEvent event = batch.get(i);
            try {
                NewRow row = resolve(event, references, receivedAt);
                if (firstIndex.putIfAbsent(event.transactionId(), i) != null) {
                    outcomes[i] = EventOutcome.duplicate(event.transactionId()); // repeated within this write
                } else {
                    rows.add(row);
                }
            } catch (EventRejected rejected) {
                outcomes[i] = EventOutcome.rejected(event.transactionId(), rejected);
            }
        }
        // One lock order for every writer: two transactions inserting overlapping IDs wait, never deadlock.
        rows.sort(Comparator.comparing(NewRow::transactionId));
        Set<String> inserted = rows.isEmpty() ? Set.of() : events.insert(tenantId, rows, source.apiName(), importId, receivedAt);
        Set<List<String>> refreshes = new LinkedHashSet<>();
        for (NewRow row : rows) {
            int index = firstIndex.get(row.transactionId());
            boolean accepted = inserted.contains(row.transactionId());
            outcomes[index] = accepted ? EventOutcome.accepted(row.transactionId()) : EventOutcome.duplicate(row.transactionId());
            if (accepted && row.subscriptionId() != null && references.limitsMetric(row.subscriptionId(), row.metricCode())) {
                refreshes.add(List.of(row.subscriptionId(), row.metricCode()));
            }
        }
        events.queueRefresh(tenantId, refreshes, receivedAt);
        return List.of(outcomes);
    }

    private NewRow resolve(MeteredEvent event, References references, Instant receivedAt) {
        Subscription named = null;
        Account account;
        if (event.subscriptionRef() != null) {
            named = references.subscription(event.subscriptionRef());
            if (named == null) {
                throw new EventRejected("subscription_unknown", "external_subscription_id",
                        "no subscription has the ID or external_id " + event.subscriptionRef());
            }
            account = references.accountById(named.customerId());
            if (event.customerRef() != null && references.account(event.customerRef()) != account) {
                throw new EventRejected("parameter_invalid", "external_subscription_id",
                        "the subscription does not belong to the customer " + event.customerRef());
            }
        } else {
            account = references.account(event.customerRef());
            if (account == null) {
                throw new EventRejected("customer_unknown", "external_customer_id",
                        "no customer has the ID or external_id " + event.customerRef());
            }
        }
        if (account.archived()) {
            throw new EventRejected("customer_archived", event.customerRef() != null ? "external_customer_id" : "external_subscription_id",
                    "the customer is archived and no longer metered");
        }
        Instant now = account.clockTime() != null ? account.clockTime() : receivedAt;
        Instant occurredAt = event.timestamp() != null ? event.timestamp() : now;
        window.check(occurredAt, now);
        Subscription subscription = named != null ? checkCovers(named, occurredAt) : meteringSubscription(account, event, occurredAt);
        return new NewRow(event.transactionId(), event.metricCode(), account.id(), subscription == null ? null : subscription.id(),
                occurredAt, event.propertiesJson(), event.value(), event.memo());
    }

    private static Subscription checkCovers(Subscription subscription, Instant occurredAt) {
        if (!subscription.coversInstant(occurredAt)) {
            throw new EventRejected("timestamp_outside_subscription", "timestamp",
                    "the subscription was not running at the event's timestamp (it runs from " + subscription.startAt()
                            + (subscription.endedAt() == null ? "" : " until " + subscription.endedAt()) + ")");
        }
        return subscription;
    }

    /**
     * The subscription an event naming only its customer counts towards: the one running at the
     * event's time whose plan meters the metric. None leaves the event on the customer alone
     * (kept and reported, never billed); several is refused rather than guessed.
     */
    private Subscription meteringSubscription(Account account, MeteredEvent event, Instant occurredAt) {
        Subscription match = null;
        for (Subscription candidate : account.subscriptions()) {
            if (candidate.coversInstant(occurredAt) && catalog.meters(candidate.planVersionId()).meters(event.metricCode())) {
                if (match != null) {
                    throw new EventRejected("subscription_ambiguous", "external_customer_id",
                            "the customer has several subscriptions metering " + event.metricCode()
                                    + " at this time; send external_subscription_id instead");
                }
                match = candidate;
            }
        }
        return match;
    }

    private References references(String tenantId, List<MeteredEvent> batch) {
        Set<String> customerRefs = new HashSet<>();
        Set<String> subscriptionRefs = new HashSet<>();
        for (MeteredEvent event : batch) {
            if (event.customerRef() != null) {
                customerRefs.add(event.customerRef());
            }
            if (event.subscriptionRef() != null) {
                subscriptionRefs.add(event.subscriptionRef());
            }
        }
        return new References(events.accounts(tenantId, customerRefs, subscriptionRefs));
    }

    /** The accounts and subscriptions of one write, by ID and by external_id (an ID wins a clash). */
    private final class References {

        private final Map<String, Account> accountsById = new HashMap<>();
        private final Map<String, Account> accountsByExternalId = new HashMap<>();
        private final Map<String, Subscription> subscriptionsById = new HashMap<>();
        private final Map<String, Subscription> subscriptionsByExternalId = new HashMap<>();
        private final Map<String, String> planVersionBySubscription = new HashMap<>();

        References(List<Account> accounts) {
            for (Account account : accounts) {
                accountsById.put(account.id(), account);
                if (account.externalId() != null) {
                    accountsByExternalId.put(account.externalId(), account);
                }
                for (Subscription subscription : account.subscriptions()) {
                    subscriptionsById.put(subscription.id(), subscription);
                    if (subscription.externalId() != null) {
                        subscriptionsByExternalId.put(subscription.externalId(), subscription);
                    }
                    planVersionBySubscription.put(subscription.id(), subscription.planVersionId());
                }
            }
        }

        Account account(String ref) {
            Account byId = accountsById.get(ref);
            return byId != null ? byId : accountsByExternalId.get(ref);
        }

        Account accountById(String id) {
            return accountsById.get(id);
        }

        Subscription subscription(String ref) {
            Subscription byId = subscriptionsById.get(ref);
            return byId != null ? byId : subscriptionsByExternalId.get(ref);
        }

        boolean limitsMetric(String subscriptionId, String metricCode) {
            return catalog.meters(planVersionBySubscription.get(subscriptionId)).limited().contains(metricCode);
        }
    }
}
