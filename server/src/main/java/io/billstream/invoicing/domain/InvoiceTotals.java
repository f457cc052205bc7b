package io.billstream.invoicing.domain;

import java.util.List;

/**
 * An invoice's totals, always sums of rounded lines (never a rounding of a sum), so the document
 * adds up to the cent.
 *
 * @param subtotalMinor the lines' amounts (inclusive tax is inside them)
 * @param taxMinor      exclusive tax, added on top
 * @param totalMinor    {@code subtotal + tax}
 */
public record InvoiceTotals(long subtotalMinor, long taxMinor, long totalMinor) {

    /** One line's rounded amount and the exclusive tax on it. */
    public record LineAmount(long amountMinor, long exclusiveTaxMinor) {
    }

    public InvoiceTotals {
        if (totalMinor != Math.addExact(subtotalMinor, taxMinor)) {
            throw new IllegalArgumentException("total " + totalMinor + " is not subtotal " + subtotalMinor + " plus tax " + taxMinor);
        }
    }

    public static InvoiceTotals of(List<LineAmount> lines) {
        long subtotal = 0;
        long tax = 0;
        for (LineAmount line : lines) {
            subtotal = Math.addExact(subtotal, line.amountMinor());
            tax = Math.addExact(tax, line.exclusiveTaxMinor());
        }
        return new InvoiceTotals(subtotal, tax, Math.addExact(subtotal, tax));
    }

    /**
     * What is left to pay: the total less the customer's credit balance applied, credit notes and
     * payments; never below zero (a negative total is a credit, carried to the credit balance).
     */
    public static long amountDue(long totalMinor, long creditAppliedMinor, long creditedMinor, long paidMinor) {
        return Math.max(0, totalMinor - creditAppliedMinor - creditedMinor - paidMinor);
    }
}
