package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;

/**
 * A finalised invoice as payments see it.
 *
 * @param status          {@code finalized}, {@code paid}, {@code uncollectible}, {@code void} (or a draft status)
 * @param subscriptionIds the subscriptions its lines bill, distinct, in line order
 */
public record PayableInvoice(String id, String number, String customerId, String status, String currency, long totalMinor,
                             long amountDueMinor, long amountPaidMinor, List<String> subscriptionIds, String testClockId,
                             Instant issuedAt, Instant dueAt) {

    /** Finalised or uncollectible with something left to pay. */
    public boolean collectible() {
        return ("finalized".equals(status) || "uncollectible".equals(status)) && amountDueMinor > 0;
    }
}
