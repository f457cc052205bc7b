package io.billstream.webhook.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.billstream.platform.web.ApiException;
import io.billstream.webhook.endpoint.EndpointSettings;
import tools.jackson.databind.JsonNode;

/**
 * A PATCH body with JSON merge-patch semantics (RFC 7396): fields left out are kept, {@code null}
 * clears {@code description} and {@code field_mapping}, {@code metadata} merges key by key (a key
 * set to null or "" is removed), {@code event_types} is replaced whole.
 */
final class WebhookEndpointPatch {

    private static final Set<String> FIELDS = Set.of("url", "description", "event_types", "enabled", "format", "field_mapping",
            "verify_tls", "development", "ordered", "api_version", "metadata");
    private static final Set<String> NOT_NULL = Set.of("url", "event_types", "enabled", "format", "verify_tls", "development",
            "ordered", "api_version");

    private WebhookEndpointPatch() {
    }

    static UnaryOperator<EndpointSettings> parse(JsonNode body) {
        JsonFields.onlyKnown(body, FIELDS);
        for (String field : NOT_NULL) {
            if (body.has(field) && body.get(field).isNull()) {
                throw ApiException.invalid(field, field + " cannot be cleared");
            }
        }
        String url = JsonFields.text(body, "url");
        String description = JsonFields.text(body, "description");
        String format = JsonFields.text(body, "format");
        String apiVersion = JsonFields.text(body, "api_version");
        List<String> eventTypes = body.has("event_types") ? strings(body.get("event_types")) : null;
        Map<String, String> metadata = body.has("metadata") ? metadata(body.get("metadata")) : null;
        return current -> new EndpointSettings(
                body.has("url") ? url : current.url(),
                body.has("description") ? description : current.description(),
                body.has("event_types") ? eventTypes : current.eventTypes(),
                body.has("enabled") ? JsonFields.bool(body, "enabled") : current.enabled(),
                body.has("format") ? format : current.format(),
                body.has("field_mapping") ? body.get("field_mapping") : current.fieldMapping(),
                body.has("verify_tls") ? JsonFields.bool(body, "verify_tls") : current.verifyTls(),
                body.has("development") ? JsonFields.bool(body, "development") : current.development(),
                body.has("ordered") ? JsonFields.bool(body, "ordered") : current.ordered(),
                body.has("api_version") ? apiVersion : current.apiVersion(),
                body.has("metadata") ? merge(current.metadata(), metadata, body.get("metadata").isNull()) : current.metadata());
    }

    private static List<String> strings(JsonNode value) {
        if (!value.isArray()) {
            throw JsonFields.wrongType("event_types", "an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value.values()) {
            if (!item.isString()) {
                throw JsonFields.wrongType("event_types", "an array of strings");
            }
            strings.add(item.asString());
        }
        return strings;
    }

    private static Map<String, String> metadata(JsonNode value) {
        if (value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw JsonFields.wrongType("metadata", "an object");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (var entry : value.properties()) {
            JsonNode item = entry.getValue();
            if (!item.isNull() && !item.isString()) {
                throw JsonFields.wrongType("metadata." + entry.getKey(), "a string");
            }
            changes.put(entry.getKey(), item.isNull() ? null : item.asString());
        }
        return changes;
    }

    private static Map<String, String> merge(Map<String, String> current, Map<String, String> changes, boolean clearAll) {
        if (clearAll) {
            return Map.of();
        }
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
