package io.billstream.catalog.domain;

import java.util.regex.Pattern;

import io.billstream.platform.domain.InvalidValueException;

/** The caller's codes for metrics, plans, items and features: stable, URL-safe identifiers. */
public final class Codes {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private Codes() {
    }

    public static String require(String code, String field) {
        if (code == null || code.isBlank()) {
            throw new InvalidValueException(field, "is required");
        }
        if (!CODE.matcher(code).matches()) {
            throw new InvalidValueException(field, "must be 1-100 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return code;
    }

    public static String requireName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException(field, "is required");
        }
        if (name.length() > 200) {
            throw new InvalidValueException(field, "must be at most 200 characters");
        }
        return name;
    }
}
