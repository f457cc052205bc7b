package io.billstream.webhook.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import io.billstream.platform.domain.InvalidValueException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An endpoint's field mapping: turns a billing event (as the API shows it) into the receiver's own
 * shape. Parsed once from the endpoint's stored JSON; immutable and safe to share between threads.
 *
 * <p>The specification is an object of target field to rule; a dotted target ({@code customer.id})
 * nests. A rule takes its value from a JSONPath over the event ({@code "path"}, or the path as a
 * plain string) or is a {@code "constant"}, optionally passed through one {@code "transform"}
 * ({@code minor_units_to_decimal}, {@code date}, {@code lookup}). A path that selects nothing gives
 * {@code null}, and transforms leave a missing value missing. See docs/webhooks.md.
 */
public final class FieldMapping {

    static final int MAX_FIELDS = 200;
    private static final String PARAM = "field_mapping";

    private final List<Rule> rules;

    private FieldMapping(List<Rule> rules) {
        this.rules = rules;
    }

    /** Parses and validates a mapping; invalid paths or transforms fail with the offending field named. */
    public static FieldMapping parse(JsonNode specification) {
        if (specification == null || !specification.isObject()) {
            throw new InvalidValueException(PARAM, "field_mapping must be an object of target field to rule");
        }
        if (specification.isEmpty()) {
            throw new InvalidValueException(PARAM, "field_mapping needs at least one field; use null to send the event unchanged");
        }
        if (specification.size() > MAX_FIELDS) {
            throw new InvalidValueException(PARAM, "field_mapping has more than " + MAX_FIELDS + " fields");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (var entry : specification.properties()) {
            String target = entry.getKey();
            String field = PARAM + "." + target;
            List<String> segments = segments(target, field);
            targets.add(target);
            rules.add(Rule.parse(target, segments, entry.getValue(), field));
        }
        for (String target : targets) {
            for (String other : targets) {
                if (other.startsWith(target + ".")) {
                    throw new InvalidValueException(PARAM + "." + other,
                            "'" + other + "' nests inside '" + target + "', which is mapped to a value itself");
                }
            }
        }
        return new FieldMapping(List.copyOf(rules));
    }

    /**
     * The receiver's payload for {@code event}.
     *
     * @throws FieldMappingException if a transform cannot read the value it selected
     */
    public JsonNode render(JsonNode event) {
        Object tree = JsonPaths.toTree(event);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        for (Rule rule : rules) {
            rule.renderInto(payload, tree);
        }
        return payload;
    }

    private static List<String> segments(String target, String field) {
        if (target.isEmpty() || target.length() > 200) {
            throw new InvalidValueException(field, "A target field name must be 1 to 200 characters");
        }
        List<String> segments = List.of(target.split("\\.", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw new InvalidValueException(field, "'" + target + "' has an empty part; nest with single dots, as in 'customer.id'");
        }
        return segments;
    }

    /** One target field: where its value comes from and what is done to it. */
    private record Rule(String target, List<String> segments, JsonPath path, JsonNode constant, Transform transform) {

        private static final Set<String> KEYS = Set.of("path", "constant", "transform");

        static Rule parse(String target, List<String> segments, JsonNode spec, String field) {
            if (spec.isString()) {
                return new Rule(target, segments, JsonPaths.compile(spec.asString(), field + ".path"), null, null);
            }
            if (!spec.isObject()) {
                throw new InvalidValueException(field, field + " must be a JSONPath string or an object with 'path' or 'constant'");
            }
            for (String key : spec.propertyNames()) {
                if (!KEYS.contains(key)) {
                    throw new InvalidValueException(field + "." + key, "Unknown field '" + key + "' in " + field
                            + "; a rule has 'path' or 'constant', and optionally 'transform'");
                }
            }
            boolean hasPath = spec.has("path");
            boolean hasConstant = spec.has("constant");
            if (hasPath == hasConstant) {
                throw new InvalidValueException(field, field + " needs exactly one of 'path' and 'constant'");
            }
            JsonPath path = null;
            if (hasPath) {
                JsonNode value = spec.get("path");
                if (!value.isString()) {
                    throw new InvalidValueException(field + ".path", field + ".path must be a JSONPath string");
                }
                path = JsonPaths.compile(value.asString(), field + ".path");
            }
            Transform transform = spec.has("transform") && !spec.get("transform").isNull()
                    ? Transform.parse(spec.get("transform"), field + ".transform") : null;
            return new Rule(target, segments, path, hasConstant ? spec.get("constant").deepCopy() : null, transform);
        }

        void renderInto(ObjectNode payload, Object event) {
            JsonNode value = path != null ? JsonPaths.toNode(JsonPaths.read(path, event)) : constant.deepCopy();
            if (transform != null && !value.isNull()) {
                value = transform.apply(value, event, target);
            }
            ObjectNode parent = payload;
            for (int i = 0; i < segments.size() - 1; i++) {
                JsonNode child = parent.get(segments.get(i));
                parent = child instanceof ObjectNode object ? object : parent.putObject(segments.get(i));
            }
            parent.set(segments.getLast(), value);
        }
    }
}
