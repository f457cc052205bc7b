package io.billstream.invoicing.domain;

import java.math.BigDecimal;

/**
 * The tax one rate (or one external tax line) puts on one invoice line.
 *
 * @param taxRateId null for tax lines from an external tax system
 * @param inclusive the tax is inside the line's amount rather than added on top
 */
public record LineTaxAmount(String lineId, String taxRateId, String name, BigDecimal percentage, boolean inclusive,
                            long taxableMinor, long amountMinor, String jurisdiction, String externalRef) {
}
