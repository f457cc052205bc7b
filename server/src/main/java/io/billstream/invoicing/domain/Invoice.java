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

    /**
     * A payment of {@code amountMinor} received for this invoice at {@code at}: never more than the amount due is
     * applied; an invoice whose amount due reaches 0 becomes {@code paid}, from {@code finalized} or from
     * {@code uncollectible} (a written-off invoice that is paid after all). A paid or void invoice takes nothing:
     * the whole payment is overpaid.
     *
     * @throws IllegalStateException for a draft or an invoice waiting for its tax: it owes nothing yet
     */
    public InvoicePayment pay(long amountMinor, Instant at) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("A payment is positive; got " + amountMinor + " for invoice " + id);
        }
        if (!status.issued()) {
            throw new IllegalStateException("Invoice " + id + " is " + status.apiName() + "; payments settle only issued invoices");
        }
        long applied = status.collectible() ? Math.min(amountMinor, amountDueMinor) : 0;
        if (applied == 0) {
            return new InvoicePayment(this, 0, amountMinor, false);
        }
        long due = amountDueMinor - applied;
        boolean paidNow = due == 0;
        Invoice after = new Invoice(id, tenantId, customerId, subscriptionId, billingReason, billingDate,
                paidNow ? InvoiceStatus.PAID : status, number, currency, roundingMode, taxMode, periodStart, periodEnd, subtotalMinor,
                taxMinor, totalMinor, creditAppliedMinor, creditedMinor, Math.addExact(amountPaidMinor, applied), due, memo, metadata,
                customerSnapshot, sellerSnapshot, netTermsDays, finalizeAt, issuedAt, dueAt, finalizedAt, paidNow ? at : paidAt,
                voidedAt, uncollectibleAt, testClockId, createdAt, at);
        return new InvoicePayment(after, applied, amountMinor - applied, paidNow);
    }

    /**
     * This invoice written off: only a {@code finalized} invoice can be, and it keeps its amount due (a later
     * payment still settles it).
     *
     * @throws IllegalStateException for any other status
     */
    public Invoice writtenOff(Instant at) {
        if (status != InvoiceStatus.FINALIZED) {
            throw new IllegalStateException("Invoice " + id + " is " + status.apiName() + "; only a finalized invoice is written off");
        }
        return new Invoice(id, tenantId, customerId, subscriptionId, billingReason, billingDate, InvoiceStatus.UNCOLLECTIBLE, number,
                currency, roundingMode, taxMode, periodStart, periodEnd, subtotalMinor, taxMinor, totalMinor, creditAppliedMinor,
                creditedMinor, amountPaidMinor, amountDueMinor, memo, metadata, customerSnapshot, sellerSnapshot, netTermsDays,
                finalizeAt, issuedAt, dueAt, finalizedAt, paidAt, voidedAt, at, testClockId, createdAt, at);
    }
}
