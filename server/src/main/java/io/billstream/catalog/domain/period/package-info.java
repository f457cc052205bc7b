/**
 * Billing period arithmetic: intervals, calendar and anniversary cycles in the customer's time
 * zone, and proration by exact elapsed time. Plain Java, so subscriptions and invoicing compute
 * the same periods and fractions in tests and in production.
 */
@org.springframework.modulith.NamedInterface("period")
package io.billstream.catalog.domain.period;
