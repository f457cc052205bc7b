package io.billstream.platform.domain;

/**
 * A value a domain object refuses. {@code field} is the name the API knows the field by
 * (dotted for nested fields), so the caller is told exactly what to fix.
 */
public class InvalidValueException extends RuntimeException {

    private final String field;

    public InvalidValueException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
