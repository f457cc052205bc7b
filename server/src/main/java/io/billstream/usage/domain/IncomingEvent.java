package io.billstream.usage.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A usage event as the caller sent it, read but not yet checked against the catalog or the
 * customer. {@code properties} holds scalars as {@code String}, {@code BigDecimal}, {@code Boolean}
 * or {@code null} (nested values as maps and lists); {@code propertiesJson} is the same object
 * serialised, which is what is stored. {@code timestamp} is null when the caller left it out: the
 * event then happened when it was received.
 */
public record IncomingEvent(String transactionId, String customerRef, String subscriptionRef, String metricCode,
                            Instant timestamp, Map<String, Object> properties, String propertiesJson, String memo) {
}
