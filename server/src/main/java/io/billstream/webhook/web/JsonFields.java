package io.billstream.webhook.web;

import java.util.Set;

import io.billstream.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** Reading fields of hand-parsed bodies (PATCH, optional bodies) with the errors the API promises. */
final class JsonFields {

    private JsonFields() {
    }

    static void onlyKnown(JsonNode body, Set<String> fields) {
        if (body == null || !body.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The request body must be a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!fields.contains(field)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "parameter_unknown", field, "Unknown field '" + field + "'");
            }
        }
    }

    /** The text of {@code field}, or null when it is null; refuses other types. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw wrongType(field, "a string");
        }
        return value.asString();
    }

    /** A boolean that cannot be cleared. */
    static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return value.booleanValue();
    }

    static ApiException wrongType(String field, String expected) {
        return ApiException.invalid(field, "Field '" + field + "' has the wrong type; expected " + expected);
    }
}
