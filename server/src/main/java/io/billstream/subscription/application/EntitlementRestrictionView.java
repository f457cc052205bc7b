package io.billstream.subscription.application;

import java.time.Instant;
import java.util.List;

/**
 * The object of {@code entitlement.restricted} and {@code entitlement.restored}: one subscription's
 * grants withheld (or given back) while a payment is recovered.
 *
 * @param featureCodes the features whose grants changed, sorted
 * @param restoredAt   null in {@code entitlement.restricted}
 */
public record EntitlementRestrictionView(String object, String subscriptionId, String customerId, List<String> featureCodes,
                                         String reason, Instant restrictedAt, Instant restoredAt) {

    static EntitlementRestrictionView restricted(String subscriptionId, String customerId, List<String> featureCodes,
                                                 Instant restrictedAt) {
        return new EntitlementRestrictionView("entitlement_restriction", subscriptionId, customerId, featureCodes,
                EntitlementDecision.PAYMENT_PAST_DUE, restrictedAt, null);
    }

    static EntitlementRestrictionView restored(String subscriptionId, String customerId, List<String> featureCodes,
                                               Instant restrictedAt, Instant restoredAt) {
        return new EntitlementRestrictionView("entitlement_restriction", subscriptionId, customerId, featureCodes,
                EntitlementDecision.PAYMENT_PAST_DUE, restrictedAt, restoredAt);
    }
}
