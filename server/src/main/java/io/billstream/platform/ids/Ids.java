package io.billstream.platform.ids;

import com.github.f4b6a3.ulid.UlidCreator;

/**
 * Public identifiers: a resource prefix and a ULID ({@code cus_01JD7ZQ4X0T8Y6K9M2N3P5R7S9}). ULIDs
 * sort by creation time, which lets lists page newest-first by ID alone.
 */
public final class Ids {

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "_" + UlidCreator.getMonotonicUlid();
    }
}
