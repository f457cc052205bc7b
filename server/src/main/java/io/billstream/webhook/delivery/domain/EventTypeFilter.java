package io.billstream.webhook.delivery.domain;

import java.util.List;

/**
 * An endpoint's {@code event_types}: exact types ({@code invoice.finalized}), prefixes written
 * {@code invoice.*} (matching {@code invoice.finalized}, not {@code invoice} itself nor
 * {@code invoices.x}), or {@code *} for every event.
 */
public record EventTypeFilter(List<String> patterns) {

    public EventTypeFilter {
        patterns = List.copyOf(patterns);
    }

    public boolean matches(String eventType) {
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(eventType)) {
                return true;
            }
            if (pattern.endsWith(".*") && eventType.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
