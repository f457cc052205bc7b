package io.billstream.webhook.mapping;

import tools.jackson.databind.JsonNode;

/**
 * An endpoint's field mapping: turns a billing event (as the API shows it) into the receiver's own
 * shape. Parsed once from the endpoint's stored JSON; immutable and safe to share between threads.
 */
public final class FieldMapping {

    private FieldMapping() {
    }

    /** Parses and validates a mapping; invalid paths or transforms fail with the offending field named. */
    public static FieldMapping parse(JsonNode specification) {
        throw new UnsupportedOperationException("being written");
    }

    /** The receiver's payload for {@code event}. */
    public JsonNode render(JsonNode event) {
        throw new UnsupportedOperationException("being written");
    }
}
