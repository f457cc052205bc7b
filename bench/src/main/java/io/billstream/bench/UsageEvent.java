package io.billstream.bench;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One usage event as a client sends it, and as the same row a bulk load would write.
 *
 * @param transactionId  the client's idempotency key, unique for every fresh event
 * @param customer       index of the seeded customer ({@code c-<n>}, subscription {@code s-<n>})
 * @param bySubscription addressed by {@code external_subscription_id} rather than {@code external_customer_id}
 * @param metricCode     the billable metric
 * @param occurredAt     when the usage happened
 * @param unixSeconds    whether {@code timestamp} is sent as Unix seconds (else RFC 3339)
 * @param properties     the {@code properties} object as JSON text
 * @param value          the aggregated property as a plain decimal, or null when the metric reads none
 *                       or a non-numeric one
 * @param json           the event as sent to the API
 */
record UsageEvent(String transactionId, int customer, boolean bySubscription, String metricCode, Instant occurredAt,
                  boolean unixSeconds, String properties, String value, String json) {

    static UsageEvent of(String transactionId, int customer, boolean bySubscription, String metricCode, Instant occurredAt,
                         boolean unixSeconds, String properties, String value) {
        StringBuilder json = new StringBuilder(256).append("{\"transaction_id\":\"").append(transactionId).append('"')
                .append(bySubscription ? ",\"external_subscription_id\":\"s-" : ",\"external_customer_id\":\"c-").append(customer)
                .append("\",\"code\":\"").append(metricCode).append("\",\"timestamp\":");
        if (unixSeconds) {
            json.append(occurredAt.getEpochSecond());
        } else {
            json.append('"').append(DateTimeFormatter.ISO_INSTANT.format(occurredAt)).append('"');
        }
        json.append(",\"properties\":").append(properties).append('}');
        return new UsageEvent(transactionId, customer, bySubscription, metricCode, occurredAt, unixSeconds, properties, value,
                json.toString());
    }

    /** The time the server stores: Unix seconds carry no fraction. */
    Instant storedOccurredAt() {
        return unixSeconds ? Instant.ofEpochSecond(occurredAt.getEpochSecond()) : occurredAt;
    }

    /**
     * The row ingestion would write for this event, as a line of COPY's text format for the columns
     * {@link UsageCopyCeiling#COLUMNS}. Generated text has no tab, newline or backslash and so needs
     * no escaping; that is checked, so that a new property cannot silently corrupt the load.
     */
    void appendCopyLine(StringBuilder out, String tenantId, String customerId, String subscriptionId, String receivedAt) {
        out.append(plain(tenantId)).append('\t').append(plain(transactionId)).append('\t').append(plain(metricCode)).append('\t')
                .append(plain(customerId)).append('\t').append(plain(subscriptionId)).append('\t')
                .append(DateTimeFormatter.ISO_INSTANT.format(storedOccurredAt())).append('\t')
                .append(plain(properties)).append('\t').append(value == null ? "\\N" : plain(value))
                .append("\tapi\t").append(receivedAt).append('\n');
    }

    private static String plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == '\\') {
                throw new IllegalStateException("Generated text needs COPY escaping: " + text);
            }
        }
        return text;
    }
}
