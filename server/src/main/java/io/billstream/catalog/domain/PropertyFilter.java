package io.billstream.catalog.domain;

import java.util.List;

import io.billstream.platform.domain.InvalidValueException;

/** Only events whose {@code property} has one of {@code values} count towards the metric. */
public record PropertyFilter(String property, List<String> values) {

    public PropertyFilter {
        if (property == null || property.isBlank()) {
            throw new InvalidValueException("property", "is required");
        }
        if (values == null || values.isEmpty()) {
            throw new InvalidValueException("values", "must list at least one value");
        }
        values = List.copyOf(values);
    }
}
