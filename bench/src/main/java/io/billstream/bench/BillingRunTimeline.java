package io.billstream.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an advance's time went, from the server's own records: the clock's {@code updated_at} when
 * the advance was accepted and when it became ready, and the billing events it wrote in between.
 * Every event's {@code occurred_at} is the server's wall-clock time when the transaction wrote it (not
 * the test clock's), so the renewals ({@code subscription.renewed}) and the billing runs
 * ({@code invoice.*}) can be told apart: an advance runs every subscription transition first, then
 * every billing run, on one scheduler thread.
 *
 * <ul>
 *   <li><b>waiting for the scheduler</b>: from the advance to the first event (the scheduler looks
 *       for advancing clocks once a second; the first event is written after the first transition's
 *       or run's own work, so this is late by one of those);</li>
 *   <li><b>renewals</b>: from the first event to the last renewal;</li>
 *   <li><b>billing runs</b>: from the last renewal (or the first event, without renewals) to the last
 *       invoice event;</li>
 *   <li><b>finishing</b>: from the last invoice event until the clock was ready.</li>
 * </ul>
 */
record BillingRunTimeline(Instant acceptedAt, Instant readyAt, Map<String, Span> eventsByType) {

    static final String RENEWED = "subscription.renewed";
    static final String INVOICE_EVENTS = "invoice.";

    /** The events of one type: how many, the first and the last. */
    record Span(long count, Instant first, Instant last) {
    }

    static BillingRunTimeline read(Connection owner, String tenantId, Instant acceptedAt, Instant readyAt) throws SQLException {
        Map<String, Span> byType = new TreeMap<>();
        try (PreparedStatement query = owner.prepareStatement("""
                SELECT type, count(*), min(occurred_at), max(occurred_at) FROM billing_events
                WHERE tenant_id = ? AND occurred_at >= ? AND occurred_at <= ? GROUP BY type
                """)) {
            query.setString(1, tenantId);
            query.setTimestamp(2, Timestamp.from(acceptedAt));
            query.setTimestamp(3, Timestamp.from(readyAt));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byType.put(rows.getString(1), new Span(rows.getLong(2), rows.getTimestamp(3).toInstant(),
                            rows.getTimestamp(4).toInstant()));
                }
            }
        }
        return new BillingRunTimeline(acceptedAt, readyAt, byType);
    }

    Duration total() {
        return Duration.between(acceptedAt, readyAt);
    }

    long renewals() {
        Span renewed = eventsByType.get(RENEWED);
        return renewed == null ? 0 : renewed.count();
    }

    long count(String type) {
        Span span = eventsByType.get(type);
        return span == null ? 0 : span.count();
    }

    Duration waitingForScheduler() {
        return firstEvent() == null ? Duration.ZERO : Duration.between(acceptedAt, firstEvent());
    }

    Duration renewalPhase() {
        Span renewed = eventsByType.get(RENEWED);
        return renewed == null ? Duration.ZERO : Duration.between(firstEvent(), renewed.last());
    }

    Duration billingPhase() {
        Instant lastInvoiceEvent = last(INVOICE_EVENTS);
        if (lastInvoiceEvent == null) {
            return Duration.ZERO;
        }
        Span renewed = eventsByType.get(RENEWED);
        return Duration.between(renewed == null ? firstEvent() : renewed.last(), lastInvoiceEvent);
    }

    Duration finishing() {
        Instant lastInvoiceEvent = last(INVOICE_EVENTS);
        Instant end = lastInvoiceEvent != null ? lastInvoiceEvent : last("");
        return end == null ? total() : Duration.between(end, readyAt);
    }

    private Instant firstEvent() {
        return eventsByType.values().stream().map(Span::first).min(Instant::compareTo).orElse(null);
    }

    /** The last event whose type starts with {@code prefix}, or null. */
    private Instant last(String prefix) {
        return eventsByType.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(e -> e.getValue().last())
                .max(Instant::compareTo).orElse(null);
    }
}
