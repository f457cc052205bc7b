package io.billstream.usage.domain;

import java.math.BigDecimal;
import java.util.Map;

import io.billstream.catalog.domain.Aggregation;
import io.billstream.catalog.domain.BillableMetric;

/**
 * The checks on one event that need nothing but the event and its metric. Everything a later
 * aggregation relies on is settled here, so that no stored event can make an invoice fail.
 */
public final class EventCheck {

    public static final int MAX_TRANSACTION_ID = 128;
    public static final int MAX_REFERENCE = 255;
    public static final int MAX_MEMO = 255;
    public static final int MAX_PROPERTIES_JSON = 8192;
    /** Quantities are bounded like every amount in Billstream: 30 digits before and 18 after the point. */
    private static final int MAX_INTEGER_DIGITS = 30;
    private static final int MAX_DECIMALS = 18;

    private EventCheck() {
    }

    /** The checks that need no metric; run first so that a malformed event is named as such. */
    public static void checkShape(IncomingEvent event) {
        String id = event.transactionId();
        if (id == null) {
            throw new EventRejected("parameter_missing", "transaction_id", "transaction_id is required");
        }
        if (id.isEmpty() || id.length() > MAX_TRANSACTION_ID || hasControlCharacter(id)) {
            throw new EventRejected("parameter_invalid", "transaction_id",
                    "transaction_id must be 1 to " + MAX_TRANSACTION_ID + " characters without control characters");
        }
        if (event.customerRef() == null && event.subscriptionRef() == null) {
            throw new EventRejected("parameter_missing", "external_customer_id",
                    "one of external_customer_id or external_subscription_id is required");
        }
        checkReference(event.customerRef(), "external_customer_id");
        checkReference(event.subscriptionRef(), "external_subscription_id");
        if (event.metricCode() == null) {
            throw new EventRejected("parameter_missing", "code", "code (the billable metric's code) is required");
        }
        if (event.memo() != null && event.memo().length() > MAX_MEMO) {
            throw new EventRejected("parameter_invalid", "memo", "memo must be at most " + MAX_MEMO + " characters");
        }
        if (event.propertiesJson().length() > MAX_PROPERTIES_JSON) {
            throw new EventRejected("parameter_invalid", "properties",
                    "properties must be at most " + MAX_PROPERTIES_JSON + " characters of JSON");
        }
        if (event.propertiesJson().contains("\\u0000")) {
            throw new EventRejected("parameter_invalid", "properties", "properties must not contain the NUL character");
        }
    }

    /** The metric's checks: its property is there and, for the aggregations that need one, a number. */
    public static MeteredEvent measure(IncomingEvent event, BillableMetric metric) {
        Aggregation aggregation = metric.aggregation();
        BigDecimal value = null;
        if (aggregation.readsProperty()) {
            String field = "properties." + metric.fieldName();
            Map<String, Object> properties = event.properties();
            Object raw = properties.get(metric.fieldName());
            if (raw == null) {
                throw new EventRejected("property_missing", field,
                        "the " + metric.code() + " metric (" + aggregation.apiName() + ") reads the property "
                                + metric.fieldName() + ", which is missing or null");
            }
            if (aggregation == Aggregation.UNIQUE_COUNT) {
                if (raw instanceof Map<?, ?> || raw instanceof Iterable<?>) {
                    throw new EventRejected("parameter_invalid", field, "a unique_count property must be a string, number or boolean");
                }
            } else {
                value = number(raw, field);
            }
        }
        return new MeteredEvent(event.transactionId(), event.customerRef(), event.subscriptionRef(), metric.code(),
                event.timestamp(), event.propertiesJson(), value, event.memo());
    }

    private static BigDecimal number(Object raw, String field) {
        BigDecimal number;
        if (raw instanceof BigDecimal decimal) {
            number = decimal;
        } else if (raw instanceof String text && !text.isBlank()) {
            try {
                number = new BigDecimal(text.strip());
            } catch (NumberFormatException notANumber) {
                throw notNumeric(field);
            }
        } else {
            throw notNumeric(field);
        }
        BigDecimal plain = number.stripTrailingZeros();
        if (plain.precision() - plain.scale() > MAX_INTEGER_DIGITS || plain.scale() > MAX_DECIMALS) {
            throw new EventRejected("parameter_invalid", field, "must have at most " + MAX_INTEGER_DIGITS
                    + " digits before and " + MAX_DECIMALS + " after the decimal point");
        }
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private static EventRejected notNumeric(String field) {
        return new EventRejected("property_not_numeric", field, field + " must be a number (or a string holding one)");
    }

    private static void checkReference(String value, String field) {
        if (value != null && (value.isEmpty() || value.length() > MAX_REFERENCE || hasControlCharacter(value))) {
            throw new EventRejected("parameter_invalid", field,
                    field + " must be 1 to " + MAX_REFERENCE + " characters without control characters");
        }
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
