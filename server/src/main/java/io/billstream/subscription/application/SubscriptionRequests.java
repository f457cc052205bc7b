package io.billstream.subscription.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The API's commands on subscriptions; validated by {@link SubscriptionLifecycle} against the plan and customer. */
public final class SubscriptionRequests {

    private SubscriptionRequests() {
    }

    public record ItemQuantity(String code, Long quantity) {
    }

    /**
     * @param customerId              the customer's ID or external_id
     * @param trialDays               overrides the plan's trial (0: no trial)
     * @param onMissingPaymentMethod  at trial end without a default payment method: {@code convert} or {@code expire}
     */
    public record CreateSubscription(String customerId, String planCode, String externalId, Instant startAt, String billingAnchor,
                                     Integer trialDays, String onMissingPaymentMethod, List<ItemQuantity> items,
                                     Map<String, String> metadata) {
    }

    /** @param timing {@code immediately} (default) or {@code period_end}; proration {@code create_prorations} (default) or {@code none} */
    public record ChangePlan(String planCode, String timing, String prorationBehavior, List<ItemQuantity> items) {
    }

    /** @param timing {@code period_end} (default) or {@code immediately} */
    public record Cancel(String timing, String prorationBehavior, String reason) {
    }
}
