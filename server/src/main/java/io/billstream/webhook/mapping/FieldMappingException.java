package io.billstream.webhook.mapping;

/**
 * An event the mapping cannot render: a value a transform cannot read (text where minor units are
 * expected, a lookup without a match and no default). {@code field} is the mapping's target field.
 */
public class FieldMappingException extends RuntimeException {

    private final String field;

    public FieldMappingException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
