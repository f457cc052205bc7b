package io.billstream.usage.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An event that passed every check that needs only the event and its metric: ready for the
 * customer and subscription to be resolved and the row written. {@code value} is the metric's
 * property as a number, for the aggregations that add, compare or weigh it (null otherwise).
 */
public record MeteredEvent(String transactionId, String customerRef, String subscriptionRef, String metricCode,
                           Instant timestamp, String propertiesJson, BigDecimal value, String memo) {
}
