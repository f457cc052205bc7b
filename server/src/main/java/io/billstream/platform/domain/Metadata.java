package io.billstream.platform.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The caller's own key-value pairs on a resource, within Stripe's limits. */
public final class Metadata {

    public static final int MAX_KEYS = 50;

    private Metadata() {
    }

    /** The pairs, sorted by key; refuses more than 50 keys, keys over 40 or values over 500 characters. */
    public static Map<String, String> valid(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > MAX_KEYS) {
            throw new InvalidValueException("metadata", "at most " + MAX_KEYS + " keys");
        }
        Map<String, String> sorted = new TreeMap<>();
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 40) {
                throw new InvalidValueException("metadata", "keys must be 1 to 40 characters");
            }
            if (value == null || value.length() > 500) {
                throw new InvalidValueException("metadata." + key, "values must be strings of at most 500 characters");
            }
            sorted.put(key, value);
        });
        return Collections.unmodifiableMap(sorted);
    }
}
