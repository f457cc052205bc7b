package io.billstream.events;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 2020-12) of event objects, generated from their classes by swagger-core, the
 * generator behind the OpenAPI document, so the catalog and /v1/openapi.json describe fields alike.
 * Swagger introspects with Jackson 2; it is told the API's snake_case naming, and that Jackson 3 trees
 * (free-form JSON such as price parameters) are any JSON.
 */
final class EventSchemas {

    private static final String COMPONENTS = "#/components/schemas/";

    private final ModelConverters converters;
    private final JsonMapper json;

    EventSchemas(JsonMapper json) {
        this.json = json;
        ObjectMapper introspection = Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        this.converters = new ModelConverters(true);
        converters.addConverter(new ModelResolver(introspection).openapi31(true));
        converters.addConverter(new AnyJson(introspection));
    }

    /** A self-contained schema: the classes it refers to are under {@code $defs}. */
    ObjectNode of(Class<?> type) {
        ResolvedSchema resolved = converters.readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(false));
        ObjectNode schema = tree(resolved.schema);
        ObjectNode root = json.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("title", type.getSimpleName());
        root.setAll(schema);
        root.remove("$schema");
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        if (resolved.referencedSchemas != null) {
            ObjectNode defs = json.createObjectNode();
            for (Map.Entry<String, Schema> referenced : new java.util.TreeMap<>(resolved.referencedSchemas).entrySet()) {
                if (!referenced.getKey().equals(type.getSimpleName())) {
                    defs.set(referenced.getKey(), tree(referenced.getValue()));
                }
            }
            if (!defs.isEmpty()) {
                root.set("$defs", defs);
            }
        }
        rewriteReferences(root);
        return root;
    }

    private ObjectNode tree(Schema<?> schema) {
        return (ObjectNode) json.readTree(Json31.pretty(schema));
    }

    private static void rewriteReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith(COMPONENTS)) {
                object.put("$ref", "#/$defs/" + ref.asString().substring(COMPONENTS.length()));
            }
        }
        node.forEach(EventSchemas::rewriteReferences);
    }

    /** Jackson 3 trees are free-form JSON; swagger would otherwise describe the tree classes' getters. */
    private record AnyJson(ObjectMapper introspection) implements ModelConverter {

        @Override
        public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
            JavaType javaType = introspection.constructType(type.getType());
            if (javaType != null && javaType.getRawClass().getName().startsWith("tools.jackson.")) {
                return new JsonSchema().description("any JSON");
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        }
    }
}
