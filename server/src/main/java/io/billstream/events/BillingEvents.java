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
     * @param types                 exact types, or prefixes written {@code customer.*}; empty for all
     * @param occurredFrom          inclusive, or null
     * @param occurredTo            exclusive, or null
     * @param customer              a cus_ ID or a customer's external_id
     * @param subscription          a sub_ ID or a subscription's external_id
     * @param amountFrom            inclusive, minor units
     * @param amountTo              inclusive, minor units
     * @param afterSequence         only events after this position in the log
     * @param ascending             oldest first (by sequence) instead of newest first
     */
    record Query(List<String> types, Instant occurredFrom, Instant occurredTo, String customer, String subscription, String invoiceId,
                 String paymentId, String providerTransactionId, String paymentMethodType, Long amountFrom, Long amountTo,
                 String currency, String externalReference, Long afterSequence, boolean ascending) {

        static Query all(boolean ascending) {
            return new Query(List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null, ascending);
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BillingEvents(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Must run in a transaction: the planner setting below lasts until it ends. */
    List<BillingEventView> list(String tenantId, Query query, PageRequest page) {
        // Filters differ by orders of magnitude in how much they select (a customer's events, a type's
        // over years): a plan made for the actual values, not a generic one reused after five
        // executions of the prepared statement, is what keeps every combination on the right index.
        jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
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
            // A range rather than starts_with(), so that the (tenant_id, type, sequence) index serves prefixes too
            // (byte order: the database is initialised with --locale=C, see EmbeddedPostgresServer).
            typeConditions.add("(type >= :prefix" + i + " AND type < :prefixEnd" + i + ")");
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
        if (query.customer() != null) {
            sql.append(ListFilters.CUSTOMER_ID_OR_EXTERNAL_ID);
        }
        if (query.subscription() != null) {
            sql.append(" AND subscription_id = CASE WHEN starts_with(:subscription, 'sub_') THEN :subscription"
                    + " ELSE (SELECT s.id FROM subscriptions s WHERE s.tenant_id = :tenant AND s.external_id = :subscription) END");
        }
        if (query.invoiceId() != null) {
            sql.append(" AND invoice_id = :invoice");
        }
        if (query.paymentId() != null) {
            sql.append(" AND payment_id = :payment");
        }
        if (query.providerTransactionId() != null) {
            sql.append(" AND provider_transaction_id = :transaction");
        }
        if (query.paymentMethodType() != null) {
            sql.append(" AND payment_method_type = :methodType");
        }
        if (query.amountFrom() != null) {
            sql.append(" AND amount_minor >= :amountFrom");
        }
        if (query.amountTo() != null) {
            sql.append(" AND amount_minor <= :amountTo");
        }
        if (query.currency() != null) {
            sql.append(" AND currency = :currency");
        }
        if (query.externalReference() != null) {
            sql.append(" AND external_reference = :externalReference");
        }
        if (query.afterSequence() != null) {
            sql.append(" AND sequence > :afterSequence");
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
                .param("customer", query.customer())
                .param("subscription", query.subscription())
                .param("invoice", query.invoiceId())
                .param("payment", query.paymentId())
                .param("transaction", query.providerTransactionId())
                .param("methodType", query.paymentMethodType())
                .param("amountFrom", query.amountFrom())
                .param("amountTo", query.amountTo())
                .param("currency", query.currency())
                .param("externalReference", query.externalReference())
                .param("afterSequence", query.afterSequence())
                .param("after", page.after() == null ? null : parseSequence(page.after()))
                .param("limit", page.fetchSize());
        for (int i = 0; i < prefixes.size(); i++) {
            statement = statement.param("prefix" + i, prefixes.get(i)).param("prefixEnd" + i, prefixEnd(prefixes.get(i)));
        }
        return statement.query(this::map).list();
    }

    /** The smallest string after every string starting with {@code prefix} (which ends in '.'): the '.' raised to '/'. */
    static String prefixEnd(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
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
                rs.getString("invoice_id"), rs.getString("payment_id"), rs.getString("request_id"), rs.getString("api_version"),
                json.readTree(rs.getString("data")));
    }
}
