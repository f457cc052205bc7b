package io.billstream.subscription.application;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.db.Subscriptions;
import io.billstream.subscription.domain.DueAction;
import io.billstream.subscription.domain.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs subscriptions' time-driven transitions when the persistent scheduler ticks, one transition
 * per transaction. Each step locks the subscription row and re-reads its state, so a transition is
 * applied exactly once even if two instances (or a retry after a crash) reach it together.
 */
@Component
@Order(10)
class SubscriptionTimeline implements TimeDrivenWork, TestClockData {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionTimeline.class);
    private static final int BATCH = 100;

    private final Subscriptions subscriptions;
    private final SubscriptionTransitions transitions;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SubscriptionTimeline(Subscriptions subscriptions, SubscriptionTransitions transitions, TransactionTemplate transactions,
                         Clock clock) {
        this.subscriptions = subscriptions;
        this.transitions = transitions;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void runDue(Instant now) {
        Set<String> failed = new HashSet<>();
        while (true) {
            List<Subscriptions.Due> due = subscriptions.due(now, BATCH);
            boolean progressed = false;
            for (Subscriptions.Due subscription : due) {
                if (failed.contains(subscription.id())) {
                    continue;
                }
                try {
                    TenantContext.runAs(subscription.tenantId(), () -> {
                        while (step(subscription.id(), now)) {
                            // every transition due by now, in order, each in its own transaction
                        }
                    });
                    progressed = true;
                } catch (RuntimeException e) {
                    // One broken subscription must not hold up the rest; it is retried on the next tick.
                    log.error("Time-driven transition of subscription {} failed; will retry", subscription.id(), e);
                    failed.add(subscription.id());
                }
            }
            if (!progressed || due.size() < BATCH) {
                return;
            }
        }
    }

    @Override
    public void runForTestClock(String testClockId, Instant until) {
        String tenantId = TenantContext.require();
        while (true) {
            // A page of due subscriptions, earliest first: one query per page rather than per transition (a clock may
            // carry thousands of subscriptions due at the same instant). A subscription's later transitions come in later pages.
            List<String> due = transactions.execute(status -> subscriptions.dueOnClock(tenantId, testClockId, until, BATCH));
            boolean progressed = false;
            for (String id : due) {
                progressed |= step(id, until);
            }
            if (!progressed) {
                return;
            }
        }
    }

    /** Applies the subscription's next transition if it is due by {@code until}; false when nothing was due. */
    boolean step(String subscriptionId, Instant until) {
        Boolean applied = transactions.execute(status -> {
            Subscription s = subscriptions.find(TenantContext.require(), subscriptionId, true).orElse(null);
            if (s == null) {
                return false;
            }
            Optional<DueAction> action = s.nextAction();
            if (action.isEmpty() || action.get().at().isAfter(until)) {
                return false;
            }
            transitions.apply(s, action.get(), clock.instant());
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    @Override
    public void deleteFor(String testClockId) {
        subscriptions.deleteForTestClock(TenantContext.require(), testClockId);
    }
}
