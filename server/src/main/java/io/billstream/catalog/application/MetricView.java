package io.billstream.catalog.application;

import java.time.Instant;
import java.util.List;

import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PropertyFilter;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

@JacksonXmlRootElement(localName = "billable_metric")
public record MetricView(String id, String object, String code, String name, String description, String aggregation,
                         String fieldName, List<PropertyFilter> filters, List<String> groupBy, Instant createdAt,
                         Instant updatedAt, Instant archivedAt) {

    static MetricView of(BillableMetric m) {
        return new MetricView(m.id(), "billable_metric", m.code(), m.name(), m.description(), m.aggregation().apiName(),
                m.fieldName(), m.filters(), m.groupBy(), m.createdAt(), m.updatedAt(), m.archivedAt());
    }
}
