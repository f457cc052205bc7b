package io.billstream.usage.domain;

import java.util.Locale;

/**
 * Where an import is: its file is {@code receiving}, stored and {@code queued}, being
 * {@code processing}, or finished: {@code completed} (every line accepted, duplicate or rejected)
 * or {@code failed} (the file itself could not be used).
 */
public enum ImportStatus {
    RECEIVING, QUEUED, PROCESSING, COMPLETED, FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportStatus fromApiName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
