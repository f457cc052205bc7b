package io.billstream.invoicing.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored invoice line: {@link DraftLine} plus its identity, its tax and what credit notes took off it. */
public record InvoiceLine(String id, String invoiceId, int position, LineKind kind, String description, String subscriptionId, String planId,
                          String billingPeriodId, String pendingItemId, String metricCode, Map<String, String> group,
                          BigDecimal quantity, BigDecimal unitPrice, BigDecimal amountExact, long amountMinor, long taxMinor,
                          long inclusiveTaxMinor, long creditedMinor, List<DraftLine.Breakdown> breakdown, Instant serviceStart,
                          Instant serviceEnd, List<String> taxRateIds) {
}
