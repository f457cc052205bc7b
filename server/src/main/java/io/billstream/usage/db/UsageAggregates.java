package io.billstream.usage.db;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.billstream.catalog.domain.Aggregation;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PropertyFilter;
import io.billstream.platform.db.Rows;
import io.billstream.usage.domain.GroupQuantity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A metric's aggregation over stored usage events, in one SQL statement per metric and scope, split
 * into buckets (one for a billing period, up to a thousand for a chart). Every number stays
 * {@code numeric} in the database and {@link BigDecimal} here.
 *
 * <p>The buckets are given as their boundaries {@code [b0, b1, ..., bn]}; {@code width_bucket} finds
 * an event's bucket by binary search, so the work grows with the events, not events × buckets.
 * Property names (filters, group_by, field_name) are always bound as parameters, never spliced into
 * the SQL: only the number of them shapes the statement.
 */
@Repository
public class UsageAggregates {

    /** Whose events: all of a customer's, or only those recorded for one of its subscriptions. */
    public record Scope(String tenantId, String customerId, String subscriptionId) {

        public static Scope customer(String tenantId, String customerId) {
            return new Scope(tenantId, customerId, null);
        }

        public static Scope subscription(String tenantId, String customerId, String subscriptionId) {
            return new Scope(tenantId, customerId, subscriptionId);
        }
    }

    private final JdbcClient jdbc;

    UsageAggregates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The metric's quantities per bucket, in bucket order; within a bucket, groups in the order of
     * their values (a missing value last). A bucket without events has one zero quantity when the
     * metric has no group_by, and no quantities when it has.
     *
     * @param bounds ascending; the first is the start of the range and the last its (exclusive) end
     */
    public List<List<GroupQuantity>> aggregate(Scope scope, BillableMetric metric, List<Instant> bounds) {
        if (bounds.size() < 2) {
            throw new IllegalArgumentException("need at least one bucket, got bounds " + bounds);
        }
        Statement statement = new Statement(scope, metric, bounds);
        String sql = metric.aggregation() == Aggregation.WEIGHTED_SUM ? statement.weightedSum() : statement.grouped();
        List<List<GroupQuantity>> buckets = new ArrayList<>();
        for (int i = 1; i < bounds.size(); i++) {
            buckets.add(new ArrayList<>());
        }
        jdbc.sql(sql).params(statement.params).query((ResultSet rs) -> {
            int bucket = rs.getInt("bucket");
            Map<String, String> group = group(rs, metric.groupBy());
            long events = rs.getLong("events");
            GroupQuantity quantity = metric.aggregation() == Aggregation.WEIGHTED_SUM
                    ? GroupQuantity.timeWeighted(group, rs.getBigDecimal("quantity"), bounds.get(bucket - 1), bounds.get(bucket), events)
                    : new GroupQuantity(group, rs.getBigDecimal("quantity"), events);
            buckets.get(bucket - 1).add(quantity);
        });
        Comparator<GroupQuantity> byGroup = groupOrder(metric.groupBy());
        return buckets.stream().map(groups -> {
            if (groups.isEmpty() && metric.groupBy().isEmpty()) {
                return List.of(GroupQuantity.none());
            }
            groups.sort(byGroup);
            return List.copyOf(groups);
        }).toList();
    }

    /**
     * The value of each event of one group, oldest first (ties by transaction_id), for charge models
     * that price event by event. Events without a numeric value are left out.
     *
     * @param group a value for each of the metric's group_by properties; {@code null} selects the
     *              events without the property
     */
    public List<BigDecimal> eventValues(Scope scope, BillableMetric metric, Map<String, String> group, Instant from, Instant to) {
        if (!group.keySet().equals(new HashSet<>(metric.groupBy()))) {
            throw new IllegalArgumentException("group " + group.keySet() + " does not name the metric's group_by " + metric.groupBy());
        }
        Statement statement = new Statement(scope, metric, List.of(from, to));
        StringBuilder sql = new StringBuilder("SELECT e.value FROM usage_events e WHERE ").append(statement.where())
                .append(" AND e.occurred_at >= :from AND e.occurred_at < :to AND e.value IS NOT NULL");
        for (int i = 0; i < metric.groupBy().size(); i++) {
            sql.append(" AND (e.properties ->> CAST(:g").append(i).append(" AS text)) IS NOT DISTINCT FROM CAST(:gv").append(i)
                    .append(" AS text)");
            statement.params.put("gv" + i, group.get(metric.groupBy().get(i)));
        }
        sql.append(" ORDER BY e.occurred_at, e.transaction_id COLLATE \"C\"");
        return jdbc.sql(sql.toString()).params(statement.params).query((rs, n) -> rs.getBigDecimal("value")).list();
    }

    /** The metrics a customer has events for in {@code from}..{@code to}, by code. */
    public List<String> metricCodes(String tenantId, String customerId, Instant from, Instant to) {
        return jdbc.sql("""
                SELECT metric_code FROM usage_events
                WHERE customer_id = :customer AND tenant_id = :tenant AND occurred_at >= :from AND occurred_at < :to
                GROUP BY metric_code ORDER BY metric_code COLLATE "C"
                """)
                .param("tenant", tenantId).param("customer", customerId)
                .param("from", Rows.timestamp(from)).param("to", Rows.timestamp(to))
                .query(String.class).list();
    }

    private static Map<String, String> group(ResultSet rs, List<String> groupBy) throws SQLException {
        Map<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < groupBy.size(); i++) {
            group.put(groupBy.get(i), rs.getString("g" + i));
        }
        return group;
    }

    private static Comparator<GroupQuantity> groupOrder(List<String> groupBy) {
        Comparator<GroupQuantity> order = (a, b) -> 0;
        for (String property : groupBy) {
            order = order.thenComparing(q -> q.group().get(property), Comparator.nullsLast(Comparator.naturalOrder()));
        }
        return order;
    }

    /** The SQL for one metric and scope, and its parameters. */
    private static final class Statement {

        private final Scope scope;
        private final BillableMetric metric;
        private final Map<String, Object> params = new HashMap<>();

        Statement(Scope scope, BillableMetric metric, List<Instant> bounds) {
            this.scope = scope;
            this.metric = metric;
            params.put("tenant", scope.tenantId());
            params.put("customer", scope.customerId());
            params.put("subscription", scope.subscriptionId());
            params.put("metric", metric.code());
            params.put("field", metric.fieldName());
            params.put("from", Rows.timestamp(bounds.getFirst()));
            params.put("to", Rows.timestamp(bounds.getLast()));
            // An array literal rather than a JDBC array: one text parameter, cast once by PostgreSQL.
            params.put("bounds", bounds.stream().map(b -> "\"" + b + "\"").collect(Collectors.joining(",", "{", "}")));
            for (int i = 0; i < metric.filters().size(); i++) {
                PropertyFilter filter = metric.filters().get(i);
                params.put("f" + i, filter.property());
                params.put("fv" + i, filter.values());
            }
            for (int i = 0; i < metric.groupBy().size(); i++) {
                params.put("g" + i, metric.groupBy().get(i));
            }
        }

        /** The scope, metric and filters; the customer first, for the (customer_id, metric_code, occurred_at) index. */
        String where() {
            StringBuilder where = new StringBuilder(
                    "e.customer_id = :customer AND e.metric_code = :metric AND e.tenant_id = :tenant");
            if (scope.subscriptionId() != null) {
                where.append(" AND e.subscription_id = :subscription");
            }
            for (int i = 0; i < metric.filters().size(); i++) {
                where.append(" AND (e.properties ->> CAST(:f").append(i).append(" AS text)) IN (:fv").append(i).append(")");
            }
            // Events that cannot contribute are left out, so that `events` counts only those that did.
            switch (metric.aggregation()) {
                case COUNT -> { }
                case UNIQUE_COUNT -> where.append(" AND (e.properties ->> CAST(:field AS text)) IS NOT NULL");
                default -> where.append(" AND e.value IS NOT NULL");
            }
            return where.toString();
        }

        private String groupColumns(String prefix) {
            StringBuilder columns = new StringBuilder();
            for (int i = 0; i < metric.groupBy().size(); i++) {
                columns.append(prefix).append("g").append(i).append(", ");
            }
            return columns.toString();
        }

        private String groupExpressions() {
            StringBuilder columns = new StringBuilder();
            for (int i = 0; i < metric.groupBy().size(); i++) {
                columns.append("(e.properties ->> CAST(:g").append(i).append(" AS text)) AS g").append(i).append(", ");
            }
            return columns.toString();
        }

        /** Every aggregation but weighted_sum: one pass over the window's events, grouped by bucket and group. */
        String grouped() {
            String quantity = switch (metric.aggregation()) {
                case COUNT -> "count(*)";
                case SUM -> "sum(value)";
                case MAX -> "max(value)";
                case MIN -> "min(value)";
                case UNIQUE_COUNT -> "count(DISTINCT field_text)";
                // Ties on occurred_at go to the greater transaction_id in byte order, whatever the collation.
                case LATEST -> "(array_agg(value ORDER BY occurred_at DESC, transaction_id COLLATE \"C\" DESC))[1]";
                case WEIGHTED_SUM -> throw new IllegalStateException("weighted_sum has its own statement");
            };
            return "WITH scoped AS (SELECT " + groupExpressions()
                    + "e.occurred_at, e.transaction_id, e.value, (e.properties ->> CAST(:field AS text)) AS field_text,"
                    + " width_bucket(e.occurred_at, CAST(:bounds AS timestamptz[])) AS bucket"
                    + " FROM usage_events e WHERE " + where() + " AND e.occurred_at >= :from AND e.occurred_at < :to)"
                    + " SELECT bucket, " + groupColumns("") + quantity + " AS quantity, count(*) AS events"
                    + " FROM scoped GROUP BY bucket" + (metric.groupBy().isEmpty() ? "" : ", " + groupColumns("").replaceAll(", $", ""));
        }

        /**
         * A gauge weighted by time. Each event's value is the level from its occurred_at until the
         * group's next event (or the end of the range); the level at the start of the range is the
         * group's latest event before it. Each held stretch is spread over the buckets it overlaps,
         * and each bucket sums level × seconds; the caller divides by the bucket's length.
         */
        String weightedSum() {
            String groups = groupColumns("");
            String partition = metric.groupBy().isEmpty() ? "" : "PARTITION BY " + groups.replaceAll(", $", "") + " ";
            String carried = metric.groupBy().isEmpty()
                    ? "SELECT e.value FROM usage_events e WHERE " + where() + " AND e.occurred_at < :from"
                      + " ORDER BY e.occurred_at DESC, e.transaction_id COLLATE \"C\" DESC LIMIT 1"
                    : "SELECT DISTINCT ON (" + groups.replaceAll(", $", "") + ") " + groups + "value FROM (SELECT "
                      + groupExpressions() + "e.occurred_at, e.transaction_id, e.value FROM usage_events e WHERE " + where()
                      + " AND e.occurred_at < :from) earlier"
                      + " ORDER BY " + groups + "occurred_at DESC, transaction_id COLLATE \"C\" DESC";
            return "WITH carried AS (" + carried + "),"
                    + " points AS ("
                    + "SELECT " + groups + "CAST(:from AS timestamptz) AS since, 0 AS rank, '' AS tx, value AS level, 0 AS counted"
                    + " FROM carried"
                    + " UNION ALL SELECT " + groupExpressions() + "e.occurred_at, 1, e.transaction_id, e.value, 1"
                    + " FROM usage_events e WHERE " + where() + " AND e.occurred_at >= :from AND e.occurred_at < :to),"
                    // An event at the same instant as another supersedes it when its transaction_id is greater:
                    // the earlier one holds for zero seconds. The carried level (rank 0) yields to an event at `from`.
                    + " held AS (SELECT " + groups + "since, level, counted, lead(since, 1, CAST(:to AS timestamptz)) OVER ("
                    + partition + "ORDER BY since, rank, tx COLLATE \"C\") AS until FROM points),"
                    + " spread AS (SELECT " + groupColumns("h.") + "h.level, h.counted, i AS bucket,"
                    + " width_bucket(h.since, b.bounds) AS first_bucket,"
                    + " extract(epoch FROM least(h.until, b.bounds[i + 1])) - extract(epoch FROM greatest(h.since, b.bounds[i])) AS seconds"
                    + " FROM held h CROSS JOIN (SELECT CAST(:bounds AS timestamptz[]) AS bounds) b"
                    + " CROSS JOIN LATERAL generate_series(width_bucket(h.since, b.bounds),"
                    + " least(width_bucket(h.until, b.bounds), cardinality(b.bounds) - 1)) AS i)"
                    + " SELECT bucket, " + groups + "sum(level * seconds) AS quantity,"
                    + " count(*) FILTER (WHERE counted = 1 AND bucket = first_bucket) AS events"
                    + " FROM spread WHERE seconds > 0 OR (counted = 1 AND bucket = first_bucket)"
                    + " GROUP BY bucket" + (metric.groupBy().isEmpty() ? "" : ", " + groups.replaceAll(", $", ""));
        }
    }
}
