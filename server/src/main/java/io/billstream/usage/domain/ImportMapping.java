package io.billstream.usage.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.billstream.platform.domain.InvalidValueException;

/**
 * Which CSV column holds each event field, as the caller named them ({@code mapping.code=metric}).
 * Fields are the event's top-level fields and {@code properties.<name>}; a field not mapped is read
 * from a column named like it, if the header has one, so a file whose header uses the API's names
 * needs no mapping at all. Field names in errors are {@code mapping.<field>}.
 */
public record ImportMapping(Map<String, String> columnsByField) {

    public static final String TRANSACTION_ID = "transaction_id";
    public static final String CUSTOMER = "external_customer_id";
    public static final String SUBSCRIPTION = "external_subscription_id";
    public static final String CODE = "code";
    public static final String TIMESTAMP = "timestamp";
    public static final String PROPERTIES = "properties.";
    public static final List<String> FIELDS = List.of(TRANSACTION_ID, CUSTOMER, SUBSCRIPTION, CODE, TIMESTAMP);

    public ImportMapping {
        for (Map.Entry<String, String> entry : columnsByField.entrySet()) {
            String field = entry.getKey();
            if (!FIELDS.contains(field) && !(field.startsWith(PROPERTIES) && field.length() > PROPERTIES.length())) {
                throw new InvalidValueException("mapping." + field, "mapping." + field + " names no event field; map "
                        + String.join(", ", FIELDS) + " or properties.<name>");
            }
            if (entry.getValue() == null || entry.getValue().isBlank()) {
                throw new InvalidValueException("mapping." + field, "mapping." + field + " must name a column of the header");
            }
        }
        columnsByField = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnsByField));
    }

    /**
     * The column of each field in {@code header}. Refuses a mapping that names a column the header does
     * not have (or has twice), and a file that gives no column for a field every event needs.
     */
    public ImportColumns resolve(List<String> header) {
        Map<String, Integer> indexByName = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (indexByName.putIfAbsent(header.get(i), i) != null) {
                repeated.add(header.get(i));
            }
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : columnsByField.entrySet()) {
            String field = entry.getKey();
            String column = entry.getValue();
            if (repeated.contains(column)) {
                throw new InvalidValueException("mapping." + field, "the header has more than one column named " + column);
            }
            Integer index = indexByName.get(column);
            if (index == null) {
                throw new InvalidValueException("mapping." + field, "the header has no column named " + column
                        + "; its columns are " + String.join(", ", header));
            }
            columns.put(field, index);
        }
        for (String name : header) {
            boolean field = FIELDS.contains(name) || (name.startsWith(PROPERTIES) && name.length() > PROPERTIES.length());
            if (field && !columnsByField.containsKey(name) && !repeated.contains(name)) {
                columns.put(name, indexByName.get(name));
            }
        }
        require(columns, TRANSACTION_ID, "every line needs a transaction_id: imports are retried as whole files, and the "
                + "transaction_id is what makes each event count once");
        require(columns, CODE, "every line needs the code of its billable metric");
        if (!columns.containsKey(CUSTOMER) && !columns.containsKey(SUBSCRIPTION)) {
            throw new InvalidValueException("mapping." + CUSTOMER, "map external_customer_id or external_subscription_id "
                    + "to a column (or name a column so)");
        }
        return new ImportColumns(header, columns);
    }

    private static void require(Map<String, Integer> columns, String field, String why) {
        if (!columns.containsKey(field)) {
            throw new InvalidValueException("mapping." + field, "map " + field + " to a column (mapping." + field
                    + "=<column>) or name a column " + field + "; " + why);
        }
    }
}
