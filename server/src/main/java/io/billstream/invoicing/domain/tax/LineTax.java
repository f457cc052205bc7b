package io.billstream.invoicing.domain.tax;

import java.math.BigDecimal;

/**
 * The tax one rate puts on one invoice line.
 *
 * @param taxableMinor the amount the percentage applies to: the line's net amount when the line
 *                     carries an inclusive rate, else the line's amount
 * @param amountMinor  the tax, rounded once; of the same sign as the line (negative on a credit)
 */
public record LineTax(String taxRateId, String name, BigDecimal percentage, boolean inclusive, long taxableMinor, long amountMinor) {
}
