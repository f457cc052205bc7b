package io.billstream.invoicing.credit.domain;

/**
 * One line of a credit note as the caller asked for it.
 *
 * @param amountMinor the tax-inclusive amount to credit; null for the line's whole remaining amount
 */
public record RequestedLine(String invoiceLineId, Long amountMinor) {
}
