package io.billstream.invoicing.credit.domain;

/**
 * What a credit note takes of one invoice line.
 *
 * @param amountMinor tax included: the part of the line's total credited
 * @param taxMinor    the tax inside {@code amountMinor}
 */
public record CreditedLine(String invoiceLineId, String description, long amountMinor, long taxMinor) {
}
