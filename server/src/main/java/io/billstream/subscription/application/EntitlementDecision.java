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
 */
@JacksonXmlRootElement(localName = "entitlement")
public record EntitlementDecision(String object, String customerId, String featureCode, String type, boolean allowed, String limit,
                                  String used, String remaining, Instant resetsAt, List<String> subscriptionIds) {

    static EntitlementDecision of(String customerId, String featureCode, List<Entitlements.Row> grants) {
        if (grants.isEmpty()) {
            return new EntitlementDecision("entitlement", customerId, featureCode, null, false, null, null, null, null, List.of());
        }
        List<String> subscriptions = grants.stream().map(Entitlements.Row::subscriptionId).toList();
        String customer = grants.getFirst().customerId();
        boolean isLimit = grants.stream().anyMatch(g -> g.featureType().equals("limit"));
        if (!isLimit) {
            boolean on = grants.stream().anyMatch(Entitlements.Row::enabled);
            return new EntitlementDecision("entitlement", customer, featureCode, "boolean", on, null, null, null, null, subscriptions);
        }
        BigDecimal limit = grants.stream().map(Entitlements.Row::limit).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal used = grants.stream().map(Entitlements.Row::used).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal remaining = limit.subtract(used).max(BigDecimal.ZERO);
        Instant resetsAt = grants.stream().map(Entitlements.Row::resetsAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return new EntitlementDecision("entitlement", customer, featureCode, "limit", used.compareTo(limit) < 0, plain(limit),
                plain(used), plain(remaining), resetsAt, subscriptions);
    }
}
