package io.billstream.invoicing.domain;

import java.time.Instant;
import java.util.Map;

/**
 * An invoice as stored. Amounts are integer minor units of {@code currency}.
 *
 * @param billingReason {@code subscription_cycle} (a billing run), {@code subscription_update} (a second run
 *                      at the same billing date), {@code usage_adjustment} (late usage of a subscription
 *                      that has ended) or {@code manual} (a one-off invoice)
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
    public static final String USAGE_ADJUSTMENT = "usage_adjustment";
    /** Billed at a billing date that already had a run invoice: a change made at that very instant. */
    public static final String SUBSCRIPTION_UPDATE = "subscription_update";
    public static final String MANUAL = "manual";

    /** This draft with other amounts and service dates (its lines changed). */
    public Invoice withAmounts(long subtotal, long tax, long total, long due, Instant start, Instant end, Instant now) {
        return new Invoice(id, tenantId, customerId, subscriptionId, billingReason, billingDate, status, number, currency, roundingMode,
                taxMode, start, end, subtotal, tax, total, creditAppliedMinor, creditedMinor, amountPaidMinor, due, memo, metadata,
                customerSnapshot, sellerSnapshot, netTermsDays, finalizeAt, issuedAt, dueAt, finalizedAt, paidAt, voidedAt,
                uncollectibleAt, testClockId, createdAt, now);
    }

    public Invoice withTaxMode(String mode) {
        return new Invoice(id, tenantId, customerId, subscriptionId, billingReason, billingDate, status, number, currency, roundingMode,
                mode, periodStart, periodEnd, subtotalMinor, taxMinor, totalMinor, creditAppliedMinor, creditedMinor, amountPaidMinor,
                amountDueMinor, memo, metadata, customerSnapshot, sellerSnapshot, netTermsDays, finalizeAt, issuedAt, dueAt,
                finalizedAt, paidAt, voidedAt, uncollectibleAt, testClockId, createdAt, updatedAt);
    }

    /** This draft with another memo, metadata and time to finalise itself (null: only when asked to). */
    public Invoice withNotes(String newMemo, Map<String, String> newMetadata, Instant newFinalizeAt) {
        return new Invoice(id, tenantId, customerId, subscriptionId, billingReason, billingDate, status, number, currency, roundingMode,
                taxMode, periodStart, periodEnd, subtotalMinor, taxMinor, totalMinor, creditAppliedMinor, creditedMinor, amountPaidMinor,
                amountDueMinor, newMemo, newMetadata, customerSnapshot, sellerSnapshot, netTermsDays, newFinalizeAt, issuedAt, dueAt,
                finalizedAt, paidAt, voidedAt, uncollectibleAt, testClockId, createdAt, updatedAt);
    }

    /**
     * This invoice issued: numbered, with the credit applied, the amount due and its status, the buyer
     * and seller frozen as printed.
     */
    public Invoice issued(InvoiceStatus newStatus, String newNumber, long creditApplied, long due, String customer, String seller,
                          Instant now, Instant newDueAt) {
        return new Invoice(id, tenantId, customerId, subscriptionId, billingReason, billingDate, newStatus, newNumber, currency,
                roundingMode, taxMode, periodStart, periodEnd, subtotalMinor, taxMinor, totalMinor, creditApplied, creditedMinor,
                amountPaidMinor, due, memo, metadata, customer, seller, netTermsDays, finalizeAt, now, newDueAt, now,
                newStatus == InvoiceStatus.PAID ? now : null, null, null, testClockId, createdAt, now);
    }
}
