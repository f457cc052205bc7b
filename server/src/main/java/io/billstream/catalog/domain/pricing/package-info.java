/**
 * Charge models: how a quantity of usage becomes an amount. Plain Java with exact decimal arithmetic,
 * shared by the price-evaluation endpoint and invoicing so that a price shown and a price billed never
 * disagree. Amounts here are exact decimals in major units; they are rounded to the currency's minor
 * unit only once, when an invoice line (or a quoted total) is made, with {@link
 * io.billstream.catalog.domain.pricing.PriceEvaluation#ROUNDING}.
 */
@NamedInterface("pricing")
package io.billstream.catalog.domain.pricing;

import org.springframework.modulith.NamedInterface;
