package io.billstream.subscription;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What a payment failure's recovery does to subscriptions; every method runs in the caller's transaction. */
@Service
public class SubscriptionDunning {

    /** Active subscriptions become {@code past_due} ({@code subscription.past_due}); returns those changed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> markPastDue(List<String> subscriptionIds, Instant at) {
        throw new UnsupportedOperationException("being written");
    }

    /** The subscriptions' entitlements stop granting ({@code entitlement.restricted}); returns those changed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> restrictEntitlements(List<String> subscriptionIds, Instant at) {
        throw new UnsupportedOperationException("being written");
    }

    /** Undoes both: {@code past_due} back to {@code active}, entitlements granting again ({@code entitlement.restored}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void restore(List<String> subscriptionIds, Instant at) {
        throw new UnsupportedOperationException("being written");
    }

    /** Ends the subscriptions now for non-payment, without crediting unused time; returns those ended. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> cancelForNonPayment(List<String> subscriptionIds, Instant at) {
        throw new UnsupportedOperationException("being written");
    }
}
