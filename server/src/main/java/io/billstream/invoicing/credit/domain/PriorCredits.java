package io.billstream.invoicing.credit.domain;

/**
 * What the credit notes already issued against an invoice took.
 *
 * @param count       how many there are (the next one is numbered {@code count + 1})
 * @param totalMinor  the sum of their totals: an invoice is never credited beyond its own total
 * @param refundMinor the sum of their refunds: money is never refunded beyond what was paid
 */
public record PriorCredits(int count, long totalMinor, long refundMinor) {

    public static final PriorCredits NONE = new PriorCredits(0, 0, 0);
}
