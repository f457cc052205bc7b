package io.billstream.usage.domain;

import java.util.Locale;

/** How an import file holds its events: one JSON object per line, or CSV rows under a header. */
public enum ImportFormat {
    NDJSON, CSV;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportFormat fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
