package io.billstream.events;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An example of an event object, built from its generated schema: every field the schema has, with a
 * value of the field's type, and a realistic one where the field's name says what it holds (IDs with
 * the prefix of the resource they name, currencies, times). Generated rather than written so that an
 * example can never show a field the object no longer has.
 */
final class EventExamples {

    static final String ULID = "01JD7ZQ4X0T8Y6K9M2N3P5R7S9";
    static final String TIME = "2026-11-01T09:30:00Z";

    /** The ID prefix of each resource, as io.billstream.platform.ids.Ids hands them out. */
    private static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("customer", "cus"), Map.entry("subscription", "sub"), Map.entry("invoice", "in"), Map.entry("payment", "pay"),
            Map.entry("payment_method", "pm"), Map.entry("refund", "re"), Map.entry("credit_note", "cn"),
            Map.entry("payment_failure", "pf"), Map.entry("plan", "plan"), Map.entry("plan_version", "pv"), Map.entry("trial", "trl"),
            Map.entry("test_clock", "clock"), Map.entry("tax_rate", "txr"), Map.entry("billing_period", "bp"),
            Map.entry("cancellation", "can"), Map.entry("line", "il"), Map.entry("event", "evt"), Map.entry("request", "req"),
            Map.entry("billable_metric", "bm"));

    private final JsonMapper json;

    EventExamples(JsonMapper json) {
        this.json = json;
    }

    JsonNode of(BillingEventType type, JsonNode schema) {
        return value(type.objectName(), schema, schema, type.objectName(), 0);
    }

    private JsonNode value(String field, JsonNode schema, JsonNode root, String objectName, int depth) {
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String name = ref.asString().substring(ref.asString().lastIndexOf('/') + 1);
            return depth > 6 ? json.nullNode() : value(field, root.path("$defs").path(name), root, objectName, depth + 1);
        }
        String type = typeOf(schema);
        return switch (type) {
            case "object" -> object(field, schema, root, objectName, depth);
            case "array" -> {
                ArrayNode items = json.createArrayNode();
                items.add(value(singular(field), schema.path("items"), root, objectName, depth + 1));
                yield items;
            }
            case "integer" -> json.getNodeFactory().numberNode(field.endsWith("_minor") ? 12900 : field.endsWith("_count") ? 2 : 1);
            case "number" -> json.getNodeFactory().numberNode(1.5);
            case "boolean" -> json.getNodeFactory().booleanNode(false);
            case "string" -> json.getNodeFactory().stringNode(string(field, schema, objectName));
            default -> json.nullNode();
        };
    }

    private JsonNode object(String field, JsonNode schema, JsonNode root, String objectName, int depth) {
        ObjectNode object = json.createObjectNode();
        JsonNode properties = schema.get("properties");
        if (properties == null || properties.isEmpty()) {
            if (schema.has("additionalProperties")) {
                object.set(field.equals("metadata") ? "order_reference" : "key",
                        value("value", schema.get("additionalProperties"), root, objectName, depth + 1));
            }
            return object;
        }
        for (var property : properties.properties()) {
            object.set(property.getKey(), value(property.getKey(), property.getValue(), root, depth == 0 ? objectName : null, depth + 1));
        }
        return object;
    }

    private String string(String field, JsonNode schema, String objectName) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0).asString();
        }
        String format = schema.path("format").asString("");
        if (format.equals("date-time") || field.endsWith("_at")) {
            return TIME;
        }
        if (format.equals("date")) {
            return TIME.substring(0, 10);
        }
        if (field.equals("object")) {
            return objectName == null ? "string" : objectName;
        }
        if (field.equals("id")) {
            return id(objectName);
        }
        String resource = field.endsWith("_id") ? field.substring(0, field.length() - 3) : field;
        if (PREFIXES.containsKey(resource)) {
            return id(resource);
        }
        return switch (field) {
            case "currency" -> "USD";
            case "email" -> "billing@acme.example";
            case "name" -> "Acme Corp";
            case "timezone" -> "Europe/Berlin";
            case "country" -> "DE";
            case "provider" -> "sandbox";
            case "provider_transaction_id", "provider_refund_id" -> "txn_3Q9xYz";
            case "external_id", "external_reference" -> "crm-4711";
            case "type" -> "card";
            case "metric_code", "feature_code" -> "api_calls";
            default -> "string";
        };
    }

    private static String id(String resource) {
        String prefix = resource == null ? null : PREFIXES.get(resource);
        return prefix == null ? "string" : prefix + "_" + ULID;
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") || schema.has("additionalProperties") ? "object" : "any";
        }
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!one.asString().equals("null")) {
                    return one.asString();
                }
            }
            return "null";
        }
        return type.asString();
    }

    private static String singular(String field) {
        return field.endsWith("ies") ? field.substring(0, field.length() - 3) + "y"
                : field.endsWith("s") ? field.substring(0, field.length() - 1) : field;
    }
}
