/**
 * Tax rates and the tax on an invoice line: plain Java, so the arithmetic that decides what a
 * customer pays is tested without Spring or a database.
 */
package io.billstream.invoicing.domain.tax;
