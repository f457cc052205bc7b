package io.billstream.catalog.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/** When a plan's base fee is billed: at the start of the period it pays for, or at its end. */
public enum FeeTiming {
    IN_ADVANCE, IN_ARREARS;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FeeTiming parse(String value, String field) {
        if (value == null) {
            return IN_ADVANCE;
        }
        return Arrays.stream(values()).filter(t -> t.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be in_advance or in_arrears"));
    }
}
