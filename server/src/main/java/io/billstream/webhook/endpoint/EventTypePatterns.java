package io.billstream.webhook.endpoint;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import io.billstream.platform.domain.InvalidValueException;

/**
 * The syntax of the event types an endpoint receives: exact types ({@code invoice.paid}), prefixes
 * ({@code invoice.*}, every type that starts with {@code invoice.}) or {@code *} for all. Matching
 * an event against them is {@code delivery.domain.EventTypeFilter}'s.
 */
public final class EventTypePatterns {

    static final int MAX_ENTRIES = 100;
    private static final Pattern EXACT = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.\\*");

    private EventTypePatterns() {
    }

    /** The entries, de-duplicated in their order; refuses an empty list and entries of another syntax. */
    public static List<String> valid(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new InvalidValueException("event_types", "event_types needs at least one entry: a type such as 'invoice.paid', "
                    + "a prefix such as 'invoice.*', or '*' for every event");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new InvalidValueException("event_types", "event_types has more than " + MAX_ENTRIES + " entries");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry == null || !(entry.equals("*") || EXACT.matcher(entry).matches() || PREFIX.matcher(entry).matches())) {
                throw new InvalidValueException("event_types[" + i + "]", "'" + entry + "' is not an event type ('invoice.paid'), "
                        + "a prefix ('invoice.*') or '*'");
            }
            unique.add(entry);
        }
        return List.copyOf(unique);
    }
}
