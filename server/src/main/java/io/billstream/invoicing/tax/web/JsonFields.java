package io.billstream.invoicing.tax.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.billstream.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reading PATCH bodies field by field, where a field left out and a field set to null mean different
 * things. Wrong types are refused naming the field, as the JSON mapper does for typed bodies.
 */
final class JsonFields {

    private JsonFields() {
    }

    static void requireObject(JsonNode body, String param) {
        if (body == null || !body.isObject()) {
            if (param == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The request body must be a JSON object");
            }
            throw ApiException.invalid(param, "Field '" + param + "' has the wrong type; expected an object");
        }
    }

    /** Refuses fields outside {@code known}; {@code prefix} ("seller.") names nested ones in full. */
    static void onlyKnown(JsonNode body, Set<String> known, String prefix) {
        for (String field : body.propertyNames()) {
            if (!known.contains(field)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "parameter_unknown", prefix + field,
                        "Unknown field '" + prefix + field + "'");
            }
        }
    }

    static String text(JsonNode body, String field, String param) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.invalid(param, "Field '" + param + "' has the wrong type; expected a string");
        }
        return value.asString();
    }

    /** A boolean that may not be null: null has no meaning for a flag. */
    static Boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.invalid(field, "Field '" + field + "' has the wrong type; expected true or false");
        }
        return value.asBoolean();
    }

    static List<String> strings(JsonNode body, String field, String param) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw ApiException.invalid(param, "Field '" + param + "' has the wrong type; expected an array");
        }
        List<String> strings = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isString()) {
                throw ApiException.invalid(param + "[" + i + "]", "Field '" + param + "[" + i + "]' has the wrong type; expected a string");
            }
            strings.add(element.asString());
        }
        return strings;
    }
}
