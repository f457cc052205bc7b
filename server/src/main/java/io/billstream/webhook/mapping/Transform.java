package io.billstream.webhook.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.money.Currencies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A typed change applied to the value a mapping field selected. Immutable; safe to share between threads. */
sealed interface Transform {

    /**
     * @param value  the selected value, never null or JSON null (missing values skip the transform)
     * @param event  the whole event as a Map/List tree, for transforms that read other fields
     * @param target the mapping field, named in errors
     */
    JsonNode apply(JsonNode value, Object event, String target);

    static Transform parse(JsonNode spec, String field) {
        if (!spec.isObject()) {
            throw new InvalidValueException(field, field + " must be an object with a 'type'");
        }
        JsonNode type = spec.get("type");
        if (type == null || !type.isString()) {
            throw new InvalidValueException(field + ".type", field + ".type is required: minor_units_to_decimal, date or lookup");
        }
        return switch (type.asString()) {
            case "minor_units_to_decimal" -> MinorUnitsToDecimal.parse(spec, field);
            case "date" -> DateFormat.parse(spec, field);
            case "lookup" -> Lookup.parse(spec, field);
            default -> throw new InvalidValueException(field + ".type", "Unknown transform '" + type.asString()
                    + "': use minor_units_to_decimal, date or lookup");
        };
    }

    private static void onlyKnownKeys(JsonNode spec, String field, java.util.Set<String> known) {
        for (String key : spec.propertyNames()) {
            if (!known.contains(key)) {
                throw new InvalidValueException(field + "." + key, "Unknown field '" + key + "' in " + field);
            }
        }
    }

    private static String text(JsonNode spec, String key, String field) {
        JsonNode value = spec.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.asString().isBlank()) {
            throw new InvalidValueException(field + "." + key, field + "." + key + " must be a non-empty string");
        }
        return value.asString();
    }

    /**
     * Integer minor units ({@code 1999}) as a decimal string in the currency's own exponent
     * ({@code "19.99"} for USD, {@code "1999"} for JPY, {@code "1.999"} for KWD). The currency is
     * fixed ({@code currency}) or read from the event ({@code currency_path}, by default the
     * subject's {@code $.data.object.currency}).
     */
    record MinorUnitsToDecimal(Currency fixed, JsonPath currencyPath, String currencyPathText) implements Transform {

        static final String DEFAULT_CURRENCY_PATH = "$.data.object.currency";

        static MinorUnitsToDecimal parse(JsonNode spec, String field) {
            onlyKnownKeys(spec, field, java.util.Set.of("type", "currency", "currency_path"));
            String currency = text(spec, "currency", field);
            String path = text(spec, "currency_path", field);
            if (currency != null && path != null) {
                throw new InvalidValueException(field + ".currency", "Give either currency or currency_path, not both");
            }
            if (currency != null) {
                return new MinorUnitsToDecimal(Currencies.parse(currency, field + ".currency"), null, null);
            }
            String source = path == null ? DEFAULT_CURRENCY_PATH : path;
            return new MinorUnitsToDecimal(null, JsonPaths.compile(source, field + ".currency_path"), source);
        }

        @Override
        public JsonNode apply(JsonNode value, Object event, String target) {
            BigInteger minor;
            if (value.isIntegralNumber()) {
                minor = value.bigIntegerValue();
            } else if (value.isString() && value.asString().matches("-?\\d{1,30}")) {
                minor = new BigInteger(value.asString());
            } else {
                throw new FieldMappingException(target, "'" + target + "' expects an integer amount in minor units, got " + value);
            }
            return JsonNodeFactory.instance.stringNode(new BigDecimal(minor, currency(event, target).getDefaultFractionDigits()).toPlainString());
        }

        private Currency currency(Object event, String target) {
            if (fixed != null) {
                return fixed;
            }
            Object code = JsonPaths.read(currencyPath, event);
            if (!(code instanceof String text)) {
                throw new FieldMappingException(target, "'" + target + "' needs a currency code at " + currencyPathText + ", found none");
            }
            try {
                return Currencies.parse(text.toUpperCase(Locale.ROOT), target);
            } catch (InvalidValueException e) {
                throw new FieldMappingException(target, e.getMessage());
            }
        }
    }

    /**
     * A timestamp ({@code 2026-03-01T12:00:00Z}), a date ({@code 2026-03-01}) or epoch seconds,
     * formatted with a {@link DateTimeFormatter} pattern in a time zone (UTC by default).
     */
    record DateFormat(DateTimeFormatter formatter, ZoneId zone) implements Transform {

        static DateFormat parse(JsonNode spec, String field) {
            onlyKnownKeys(spec, field, java.util.Set.of("type", "pattern", "zone"));
            String pattern = text(spec, "pattern", field);
            if (pattern == null) {
                throw new InvalidValueException(field + ".pattern", field + ".pattern is required, e.g. 'yyyy-MM-dd'");
            }
            DateTimeFormatter formatter;
            try {
                formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(field + ".pattern", "'" + pattern + "' is not a date pattern: " + e.getMessage());
            }
            String zone = text(spec, "zone", field);
            ZoneId zoneId;
            try {
                zoneId = zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new InvalidValueException(field + ".zone", "'" + zone + "' is not a time zone such as 'Europe/Berlin'");
            }
            // Formatting a timestamp with a pattern that needs fields it lacks fails only at render;
            // try it once now so a bad pattern is refused when saved.
            try {
                formatter.format(Instant.EPOCH.atZone(zoneId));
            } catch (DateTimeException e) {
                throw new InvalidValueException(field + ".pattern", "'" + pattern + "' cannot format a timestamp: " + e.getMessage());
            }
            return new DateFormat(formatter.withZone(zoneId), zoneId);
        }

        @Override
        public JsonNode apply(JsonNode value, Object event, String target) {
            try {
                if (value.isIntegralNumber()) {
                    return formatted(formatter.format(Instant.ofEpochSecond(value.longValue())));
                }
                if (value.isString()) {
                    String text = value.asString();
                    if (text.length() == 10) {
                        return formatted(formatter.format(LocalDate.parse(text).atStartOfDay(zone)));
                    }
                    return formatted(formatter.format(OffsetDateTime.parse(text).toInstant()));
                }
            } catch (DateTimeParseException e) {
                throw new FieldMappingException(target, "'" + target + "' expects a date or timestamp, got " + value);
            } catch (DateTimeException e) {
                throw new FieldMappingException(target, "'" + target + "' could not be formatted: " + e.getMessage());
            }
            throw new FieldMappingException(target, "'" + target + "' expects a date or timestamp, got " + value);
        }

        private static JsonNode formatted(String formatted) {
            return JsonNodeFactory.instance.stringNode(formatted);
        }
    }

    /**
     * Replaces a value by the table's entry for it (keys are the value as text); a value the table
     * lacks becomes {@code default}, or fails the render when no default is given.
     */
    record Lookup(Map<String, JsonNode> table, JsonNode fallback) implements Transform {

        static Lookup parse(JsonNode spec, String field) {
            onlyKnownKeys(spec, field, java.util.Set.of("type", "table", "default"));
            JsonNode table = spec.get("table");
            if (table == null || !table.isObject() || table.isEmpty()) {
                throw new InvalidValueException(field + ".table", field + ".table must be an object of at least one entry");
            }
            Map<String, JsonNode> entries = new java.util.LinkedHashMap<>();
            table.properties().forEach(entry -> entries.put(entry.getKey(), entry.getValue().deepCopy()));
            JsonNode fallback = spec.has("default") ? spec.get("default").deepCopy() : null;
            return new Lookup(Map.copyOf(entries), fallback);
        }

        @Override
        public JsonNode apply(JsonNode value, Object event, String target) {
            String key = value.isValueNode() ? value.asString() : value.toString();
            JsonNode found = table.get(key);
            // Copies: the caller owns the payload it is given, the table is shared.
            if (found != null) {
                return found.deepCopy();
            }
            if (fallback != null) {
                return fallback.deepCopy();
            }
            throw new FieldMappingException(target, "'" + target + "': the lookup table has no entry for '" + key + "' and no default");
        }
    }
}
