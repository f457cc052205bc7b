package io.billstream.usage.domain;

import java.util.Locale;

/** Which door an event came in by, kept with it for support questions. */
public enum EventSource {
    API, USAGE, IMPORT;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
