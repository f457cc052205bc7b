package io.billstream.subscription;

import java.time.Instant;
import java.util.Optional;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.db.Subscriptions;
import io.billstream.subscription.domain.Subscription;
import io.billstream.subscription.domain.SubscriptionStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Subscriptions as other modules see them: looked up by ID or external_id, read-only. */
@Service
public class SubscriptionDirectory {

    /**
     * What metering and invoicing need to know about a subscription.
     *
     * @param status             the API name: {@code pending}, {@code trialing}, {@code active}, {@code past_due},
     *                           {@code canceled} or {@code terminated}
     * @param currentPeriodStart the paid period in progress; {@code null} while pending or trialing
     * @param trialEnd           {@code null} without a trial
     */
    public record MeteredSubscription(String id, String externalId, String customerId, String planVersionId, String status,
                                      String currency, String timezone, Instant startAt, Instant trialEnd,
                                      Instant currentPeriodStart, Instant currentPeriodEnd, String testClockId) {

        public boolean trialing() {
            return SubscriptionStatus.TRIALING.apiName().equals(status);
        }

        /** Active, past due, or canceled for the period end: a paid period is running. */
        public boolean inPaidPeriod() {
            return SubscriptionStatus.parse(status, "status").inPaidPeriod();
        }
    }

    private final Subscriptions subscriptions;

    SubscriptionDirectory(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Transactional(readOnly = true)
    public Optional<MeteredSubscription> find(String idOrExternalId) {
        return subscriptions.find(TenantContext.require(), idOrExternalId, false).map(SubscriptionDirectory::metered);
    }

    private static MeteredSubscription metered(Subscription s) {
        return new MeteredSubscription(s.id(), s.externalId(), s.customerId(), s.planVersionId(), s.status().apiName(), s.currency(),
                s.timezone(), s.startAt(), s.trialEnd(), s.currentPeriodStart(), s.currentPeriodEnd(), s.testClockId());
    }
}
