package io.billstream.catalog.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/** How a billable metric turns a period's events into one quantity. */
public enum Aggregation {
    COUNT, SUM, MAX, MIN, UNIQUE_COUNT, LATEST, WEIGHTED_SUM;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every aggregation but {@code count} reads an event property. */
    public boolean readsProperty() {
        return this != COUNT;
    }

    public static Aggregation parse(String value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, "is required");
        }
        return Arrays.stream(values()).filter(a -> a.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be one of "
                        + Arrays.stream(values()).map(Aggregation::apiName).toList()));
    }
}
