package io.billstream.invoicing.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A line as a billing run or an operator makes it, before it is stored: its amount is already
 * rounded once to the currency's minor unit; tax comes later.
 *
 * @param planId      the plan the line bills, which chooses its tax rates; null for manual and customer-level lines
 * @param taxRateIds  rates named on a manual line; empty to use the customer's, plan's or tenant's
 * @param breakdown   how a usage amount was computed (tiers, packages), for documents; empty otherwise
 */
public record DraftLine(LineKind kind, String description, String subscriptionId, String billingPeriodId, String pendingItemId,
                        String metricCode, Map<String, String> group, BigDecimal quantity, BigDecimal unitPrice,
                        BigDecimal amountExact, long amountMinor, List<Breakdown> breakdown, Instant serviceStart,
                        Instant serviceEnd, String planId, List<String> taxRateIds) {

    /** One priced part of a usage line: a tier, the packages bought, the fees on events. */
    public record Breakdown(String label, BigDecimal units, BigDecimal unitPrice, BigDecimal flatFee, BigDecimal amount) {
    }

    public DraftLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(amountExact, "amountExact");
        // Not Map.copyOf: events without a group_by property make a group whose value is null.
        group = group == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(group));
        breakdown = breakdown == null ? List.of() : List.copyOf(breakdown);
        taxRateIds = taxRateIds == null ? List.of() : List.copyOf(taxRateIds);
    }
}
