package io.billstream.usage.application;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.billstream.usage.domain.EventRejected;
import io.billstream.usage.domain.IncomingEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one event object of the ingestion API, for requests and for import files alike. Every
 * problem becomes an {@link EventRejected} naming the field, so that in a batch only that event is
 * refused.
 */
public final class EventJson {

    public static final Set<String> FIELDS = Set.of("transaction_id", "external_customer_id", "external_subscription_id", "code",
            "timestamp", "properties");
    /** Unix seconds from 1970 to the last second of 9999, the range a timestamp can mean. */
    private static final BigDecimal LAST_SECOND = BigDecimal.valueOf(253_402_300_799L);

    private EventJson() {
    }

    public static IncomingEvent read(JsonNode node, JsonMapper json) {
        if (node == null || !node.isObject()) {
            throw new EventRejected("invalid_body", null, "each event must be a JSON object");
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new EventRejected("parameter_unknown", name, "unknown field " + name + "; an event has " + FIELDS);
            }
        }
        JsonNode properties = node.get("properties");
        Map<String, Object> values;
        String propertiesJson;
        if (properties == null || properties.isNull()) {
            values = Map.of();
            propertiesJson = "{}";
        } else if (!properties.isObject()) {
            throw new EventRejected("parameter_invalid", "properties", "properties must be a JSON object");
        } else {
            values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                values.put(property.getKey(), scalar(property.getValue(), json));
            }
            propertiesJson = properties.toString();
        }
        return new IncomingEvent(text(node, "transaction_id"), text(node, "external_customer_id"),
                text(node, "external_subscription_id"), text(node, "code"), timestamp(node.get("timestamp"), "timestamp"),
                values, propertiesJson, null);
    }

    /** RFC 3339 with an offset, or Unix seconds (a number, fractions allowed, or a string of digits); null when absent. */
    public static Instant timestamp(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return unixSeconds(value.decimalValue(), field);
        }
        if (value.isString()) {
            return parse(value.stringValue().strip(), field);
        }
        throw new EventRejected("parameter_invalid", field, field + " must be an RFC 3339 string or a number of Unix seconds");
    }

    /** The same read from text, such as a CSV cell; null when blank. */
    public static Instant timestamp(String value, String field) {
        return value == null || value.isBlank() ? null : parse(value.strip(), field);
    }

    private static Instant parse(String text, String field) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return unixSeconds(new BigDecimal(text), field);
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException notRfc3339) {
            throw new EventRejected("parameter_invalid", field,
                    field + " must be an RFC 3339 date-time with an offset (2026-11-21T09:30:00Z) or Unix seconds");
        }
    }

    private static Instant unixSeconds(BigDecimal seconds, String field) {
        if (seconds.signum() < 0 || seconds.compareTo(LAST_SECOND) > 0) {
            throw new EventRejected("parameter_invalid", field, field + " is out of range for Unix seconds");
        }
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        long micros = seconds.subtract(whole).movePointRight(6).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), micros * 1000);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new EventRejected("parameter_invalid", field, field + " must be a string");
        }
        return value.stringValue();
    }

    private static Object scalar(JsonNode value, JsonMapper json) {
        if (value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return json.treeToValue(value, Object.class);
    }
}
