package io.billstream.subscription.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.billstream.subscription.db.Entitlements;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import static io.billstream.platform.money.Decimals.plain;

/**
 * May the customer use a feature now? Across the customer's live subscriptions: a switch is on if
 * any grants it; limits add up (two subscriptions granting 10 projects each allow 20), as does the
 * usage counted against them; {@code resets_at} is the earliest reset.
 *
 * <p>A restricted grant (its subscription's payment is being recovered) grants nothing and counts in
 * none of the sums; its subscription is listed in {@code restricted_subscription_ids} instead.
 * {@code restricted} says that the customer holds the feature but every grant of it is restricted,
 * which is why it is not allowed.
 */
@JacksonXmlRootElement(localName = "entitlement")
public record EntitlementDecision(String object, String customerId, String featureCode, String type, boolean allowed,
                                  boolean restricted, String restrictedReason, String limit, String used, String remaining,
                                  Instant resetsAt, List<String> subscriptionIds, List<String> restrictedSubscriptionIds) {

    /** The one reason for a restriction so far: dunning withholds the entitlements of an unpaid subscription. */
    public static final String PAYMENT_PAST_DUE = "payment_past_due";

    static EntitlementDecision of(String customerId, String featureCode, List<Entitlements.Row> grants) {
        if (grants.isEmpty()) {
            return new EntitlementDecision("entitlement", customerId, featureCode, null, false, false, null, null, null, null, null,
                    List.of(), List.of());
        }
        String customer = grants.getFirst().customerId();
        List<Entitlements.Row> granting = grants.stream().filter(g -> !g.restricted()).toList();
        List<String> restricted = grants.stream().filter(Entitlements.Row::restricted).map(Entitlements.Row::subscriptionId).toList();
        if (granting.isEmpty()) {
            // Held, but nothing grants it: a limit of zero, with none of the withheld grants' usage.
            boolean isLimit = isLimit(grants);
            String zero = isLimit ? "0" : null;
            return new EntitlementDecision("entitlement", customer, featureCode, isLimit ? "limit" : "boolean", false, true,
                    PAYMENT_PAST_DUE, zero, zero, zero, null, List.of(), restricted);
        }
        List<String> subscriptions = granting.stream().map(Entitlements.Row::subscriptionId).toList();
        if (!isLimit(granting)) {
            boolean on = granting.stream().anyMatch(Entitlements.Row::enabled);
            return new EntitlementDecision("entitlement", customer, featureCode, "boolean", on, false, null, null, null, null, null,
                    subscriptions, restricted);
        }
        BigDecimal limit = granting.stream().map(Entitlements.Row::limit).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal used = granting.stream().map(Entitlements.Row::used).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal remaining = limit.subtract(used).max(BigDecimal.ZERO);
        Instant resetsAt = granting.stream().map(Entitlements.Row::resetsAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return new EntitlementDecision("entitlement", customer, featureCode, "limit", used.compareTo(limit) < 0, false, null,
                plain(limit), plain(used), plain(remaining), resetsAt, subscriptions, restricted);
    }

    private static boolean isLimit(List<Entitlements.Row> grants) {
        return grants.stream().anyMatch(g -> g.featureType().equals("limit"));
    }
}
