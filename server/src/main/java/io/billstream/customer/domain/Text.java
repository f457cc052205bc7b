package io.billstream.customer.domain;

import io.billstream.platform.domain.InvalidValueException;

/** Trimming and length rules shared by the customer's text fields. */
final class Text {

    private Text() {
    }

    static String optional(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (trimmed.length() > maxLength) {
            throw new InvalidValueException(field, "must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    static String required(String value, String field, int maxLength) {
        String text = optional(value, field, maxLength);
        if (text == null) {
            throw new InvalidValueException(field, "must not be empty");
        }
        return text;
    }
}
