package io.billstream.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.billstream.platform.db.ListFilters;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reads the billing-event log. */
@Repository
class BillingEvents {

    /**
     * @param types         exact types, or prefixes written {@code customer.*}; empty for all
     * @param occurredFrom  inclusive, or null
     * @param occurredTo    exclusive, or null
     * @param ascending     oldest first (by sequence) instead of newest first
     */
    record Query(List<String> types, Instant occurredFrom, Instant occurredTo, String customerId, boolean ascending) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BillingEvents(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<BillingEventView> list(String tenantId, Query query, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM billing_events WHERE tenant_id = :tenant");
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String type : query.types()) {
            if (type.endsWith(".*")) {
                prefixes.add(type.substring(0, type.length() - 1));
            } else {
                exact.add(type);
            }
        }
        List<String> typeConditions = new ArrayList<>();
        if (!exact.isEmpty()) {
            typeConditions.add("type = ANY (:exactTypes)");
        }
        for (int i = 0; i < prefixes.size(); i++) {
            typeConditions.add("starts_with(type, :prefix" + i + ")");
        }
        if (!typeConditions.isEmpty()) {
            sql.append(" AND (").append(String.join(" OR ", typeConditions)).append(')');
        }
        if (query.occurredFrom() != null) {
            sql.append(" AND occurred_at >= :from");
        }
        if (query.occurredTo() != null) {
            sql.append(" AND occurred_at < :to");
        }
        if (query.customerId() != null) {
            sql.append(ListFilters.CUSTOMER_ID_OR_EXTERNAL_ID);
        }
        if (page.after() != null) {
            sql.append(query.ascending() ? " AND sequence > :after" : " AND sequence < :after");
        }
        sql.append(query.ascending() ? " ORDER BY sequence" : " ORDER BY sequence DESC").append(" LIMIT :limit");
        var statement = jdbc.sql(sql.toString())
                .param("tenant", tenantId)
                .param("exactTypes", exact.toArray(String[]::new))
                .param("from", query.occurredFrom() == null ? null : Timestamp.from(query.occurredFrom()))
                .param("to", query.occurredTo() == null ? null : Timestamp.from(query.occurredTo()))
                .param("customer", query.customerId())
                .param("after", page.after() == null ? null : parseSequence(page.after()))
                .param("limit", page.fetchSize());
        for (int i = 0; i < prefixes.size(); i++) {
            statement = statement.param("prefix" + i, prefixes.get(i));
        }
        return statement.query(this::map).list();
    }

    List<BillingEventView> after(String tenantId, long afterSequence, int limit) {
        return jdbc.sql("SELECT * FROM billing_events WHERE tenant_id = :tenant AND sequence > :after ORDER BY sequence LIMIT :limit")
                .param("tenant", tenantId).param("after", afterSequence).param("limit", limit).query(this::map).list();
    }

    Optional<BillingEventView> find(String tenantId, String id) {
        return jdbc.sql("SELECT * FROM billing_events WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id).query(this::map).optional();
    }

    private static long parseSequence(String position) {
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw io.billstream.platform.web.ApiException.invalid("cursor", "The cursor is not one this API returned");
        }
    }

    private BillingEventView map(ResultSet rs, int row) throws SQLException {
        return new BillingEventView(rs.getString("id"), "billing_event", rs.getString("type"), rs.getLong("sequence"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("customer_id"), rs.getString("subscription_id"),
                rs.getString("invoice_id"), rs.getString("payment_id"), rs.getString("request_id"),
                json.readTree(rs.getString("data")));
    }
}
