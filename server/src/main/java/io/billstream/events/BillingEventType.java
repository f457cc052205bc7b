package io.billstream.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One type of billing event in the catalog.
 *
 * @param name        {@code resource.action}, e.g. {@code invoice.finalized}
 * @param description when the event is written, in one sentence
 * @param objectType  the class whose JSON form is the event's {@code data.object}; its JSON Schema is generated from it
 * @param objectName  the value of {@code data.object.object} ({@code invoice}, {@code refund}, ...)
 */
public record BillingEventType(String name, String description, Class<?> objectType, String objectName) {

    /** The object named after its class: {@code PaymentMethodView} is a {@code payment_method}. */
    public BillingEventType(String name, String description, Class<?> objectType) {
        this(name, description, objectType, objectNameOf(objectType));
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z_]*(\\.[a-z][a-z_]*)+|external\\.\\*");

    public BillingEventType {
        Objects.requireNonNull(objectType, "objectType");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("An event type is named resource.action in lower case, got '" + name + "'");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("Event type " + name + " needs a description");
        }
        Objects.requireNonNull(objectName, "objectName");
    }

    private static String objectNameOf(Class<?> type) {
        String simple = type.getSimpleName().replaceAll("(View|Object)$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
