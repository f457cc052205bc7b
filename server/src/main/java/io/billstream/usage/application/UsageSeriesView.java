package io.billstream.usage.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A customer's usage over a range, per metric, in buckets of a window for charts. */
@JacksonXmlRootElement(localName = "customer_usage")
public record UsageSeriesView(String object, String customerId, Instant from, Instant to, String window, String timezone,
                              List<Metric> metrics) {

    public record Metric(String metricCode, String metricName, String aggregation, List<String> groupBy, List<Bucket> buckets) {
    }

    /** {@code start} inclusive, {@code end} exclusive; the first and last bucket are cut to the range. */
    public record Bucket(Instant start, Instant end, List<Group> groups) {
    }

    public record Group(Map<String, String> group, String quantity, long events) {
    }
}
