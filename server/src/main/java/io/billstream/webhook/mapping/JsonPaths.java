package io.billstream.webhook.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JsonSmartJsonProvider;
import com.jayway.jsonpath.spi.mapper.JsonSmartMappingProvider;
import io.billstream.platform.domain.InvalidValueException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jayway JsonPath over our Jackson 3 trees. Jayway speaks Jackson 2 or json-smart, so an event is
 * evaluated as a plain Map/List tree (which the json-smart provider reads as is) and results are
 * turned back into Jackson 3 nodes.
 */
final class JsonPaths {

    /** Explicit, so a Jackson 2 or other provider on the classpath never changes how paths read. */
    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JsonSmartJsonProvider())
            .mappingProvider(new JsonSmartMappingProvider())
            .build();

    private JsonPaths() {
    }

    static JsonPath compile(String path, String field) {
        if (!path.startsWith("$")) {
            throw new InvalidValueException(field, "'" + path + "' is not a JSONPath: it must start with '$', e.g. '$.data.object.id'");
        }
        if (!balanced(path)) {
            throw new InvalidValueException(field, "'" + path + "' is not a valid JSONPath: unbalanced brackets or quotes");
        }
        try {
            return JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new InvalidValueException(field, "'" + path + "' is not a valid JSONPath: " + e.getMessage());
        }
    }

    /**
     * Jayway forgives some unfinished paths ({@code $.data[} reads as {@code $.data}); a path a
     * tenant saves must say exactly what it selects, so brackets and quotes must close.
     */
    private static boolean balanced(String path) {
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                open.push(c);
            } else if (c == ']' || c == ')') {
                if (open.isEmpty() || open.pop() != (c == ']' ? '[' : '(')) {
                    return false;
                }
            }
        }
        return quote == 0 && open.isEmpty();
    }

    /** The value at {@code path} in a Map/List tree, or null when there is none. */
    static Object read(JsonPath path, Object tree) {
        try {
            return path.read(tree, CONFIGURATION);
        } catch (PathNotFoundException missing) {
            return null;
        } catch (RuntimeException unreadable) {
            // A filter comparing values of the wrong type and the like: nothing to select.
            return null;
        }
    }

    static Object toTree(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), toTree(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.values().forEach(item -> list.add(toTree(item)));
            return list;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.asString();
    }

    static JsonNode toNode(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case null -> nodes.nullNode();
            case Map<?, ?> map -> {
                ObjectNode object = nodes.objectNode();
                map.forEach((key, item) -> object.set(String.valueOf(key), toNode(item)));
                yield object;
            }
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode(list.size());
                list.forEach(item -> array.add(toNode(item)));
                yield array;
            }
            case String text -> nodes.stringNode(text);
            case Boolean bool -> nodes.booleanNode(bool);
            case Integer number -> nodes.numberNode(number);
            case Long number -> nodes.numberNode(number);
            case BigInteger number -> nodes.numberNode(number);
            case BigDecimal number -> nodes.numberNode(number);
            case Double number -> nodes.numberNode(number);
            case Float number -> nodes.numberNode(number);
            case Short number -> nodes.numberNode(number);
            default -> nodes.stringNode(value.toString());
        };
    }
}
