package io.billstream.usage.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping resolved against a CSV header: the position of each mapped field's column.
 * {@link #mapping()} names the columns, which is what is stored and shown.
 */
public record ImportColumns(List<String> header, Map<String, Integer> indexByField) {

    public ImportColumns {
        header = List.copyOf(header);
        indexByField = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(indexByField));
    }

    /** The field's column in a row, or -1 when no column holds it. */
    public int index(String field) {
        return indexByField.getOrDefault(field, -1);
    }

    /** Property name to column position, for the {@code properties.<name>} fields. */
    public Map<String, Integer> properties() {
        Map<String, Integer> properties = new LinkedHashMap<>();
        indexByField.forEach((field, index) -> {
            if (field.startsWith(ImportMapping.PROPERTIES)) {
                properties.put(field.substring(ImportMapping.PROPERTIES.length()), index);
            }
        });
        return properties;
    }

    /** Field to column name, every field explicit. */
    public Map<String, String> mapping() {
        Map<String, String> mapping = new LinkedHashMap<>();
        indexByField.forEach((field, index) -> mapping.put(field, header.get(index)));
        return mapping;
    }
}
