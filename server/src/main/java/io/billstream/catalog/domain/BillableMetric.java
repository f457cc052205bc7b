package io.billstream.catalog.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import io.billstream.platform.domain.InvalidValueException;

/**
 * What a usage charge counts: the events with this {@code code}, aggregated over a billing period,
 * optionally only those matching {@code filters}, and split by the {@code groupBy} properties.
 */
public record BillableMetric(String id, String tenantId, String code, String name, String description,
                             Aggregation aggregation, String fieldName, List<PropertyFilter> filters, List<String> groupBy,
                             Instant createdAt, Instant updatedAt, Instant archivedAt) {

    public BillableMetric {
        Codes.require(code, "code");
        if (code.startsWith("bm_")) {
            throw new InvalidValueException("code", "must not start with 'bm_', which marks metric IDs");
        }
        Codes.requireName(name, "name");
        if (aggregation.readsProperty() && (fieldName == null || fieldName.isBlank())) {
            throw new InvalidValueException("field_name", "is required for the " + aggregation.apiName() + " aggregation");
        }
        if (!aggregation.readsProperty() && fieldName != null) {
            throw new InvalidValueException("field_name", "must be absent for count, which counts events");
        }
        filters = filters == null ? List.of() : List.copyOf(filters);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        if (new HashSet<>(groupBy).size() != groupBy.size() || groupBy.stream().anyMatch(g -> g == null || g.isBlank())) {
            throw new InvalidValueException("group_by", "must list distinct, non-empty property names");
        }
    }

    public BillableMetric rename(String newName, String newDescription, Instant now) {
        return new BillableMetric(id, tenantId, code, newName, newDescription, aggregation, fieldName, filters, groupBy,
                createdAt, now, archivedAt);
    }

    public BillableMetric archive(Instant now) {
        return archivedAt != null ? this : new BillableMetric(id, tenantId, code, name, description, aggregation, fieldName,
                filters, groupBy, createdAt, now, now);
    }
}
