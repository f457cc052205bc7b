package io.billstream.invoicing.domain;

import java.time.Instant;
import java.util.Map;

/**
 * An invoice as stored. Amounts are integer minor units of {@code currency}.
 *
 * @param billingReason {@code subscription_cycle} (a billing run), {@code subscription_update} (work that fell due
 *                      at a billing date after its run: a subscription started, changed interval or ended at that
 *                      instant), {@code usage_adjustment} (late usage of a subscription that has ended) or
 *                      {@code manual} (a one-off invoice)
 * @param billingDate   the period boundary the run billed, the run's identity; creation time for others
 * @param taxMode       {@code rates}, {@code external} or {@code exempt}, decided when the invoice is created
 */
public record Invoice(String id, String tenantId, String customerId, String subscriptionId, String billingReason,
                      Instant billingDate, InvoiceStatus status, String number, String currency, String roundingMode,
                      String taxMode, Instant periodStart, Instant periodEnd, long subtotalMinor, long taxMinor, long totalMinor,
                      long creditAppliedMinor, long creditedMinor, long amountPaidMinor, long amountDueMinor, String memo,
                      Map<String, String> metadata, String customerSnapshot, String sellerSnapshot, int netTermsDays,
                      Instant finalizeAt, Instant issuedAt, Instant dueAt, Instant finalizedAt, Instant paidAt, Instant voidedAt,
                      Instant uncollectibleAt, String testClockId, Instant createdAt, Instant updatedAt) {

    public static final String CYCLE = "subscription_cycle";
    public static final String SUBSCRIPTION_UPDATE = "subscription_update";
    public static final String USAGE_ADJUSTMENT = "usage_adjustment";
    public static final String MANUAL = "manual";
}
