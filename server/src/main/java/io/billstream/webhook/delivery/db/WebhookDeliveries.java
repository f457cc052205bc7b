package io.billstream.webhook.delivery.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.billstream.platform.db.Rows;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.web.PageRequest;
import io.billstream.webhook.delivery.domain.AttemptOutcome;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows of webhook delivery: endpoints' fan-out positions, deliveries and their attempts. Reads
 * the billing-event log directly (ID, sequence and type only for the fan-out; whole events for
 * sending) because the workers load hundreds of events per round trip.
 */
@Repository
public class WebhookDeliveries {

    /** A row some tenant owns, found by a cross-tenant question. */
    public record Due(String tenantId, String id) {
    }

    /** An endpoint as the dispatcher sees it, locked for the fan-out. */
    public record FanOutPosition(String id, List<String> eventTypes, boolean enabled, String apiVersion, long dispatchedThroughSequence) {
    }

    public record EventHeader(String id, long sequence, String type) {
    }

    /** A claimed delivery with everything needed to send it. */
    public record Outgoing(String id, String tenantId, String endpointId, int attempts, String apiVersion, long eventSequence,
                           String eventType, EventRow event, String url, String format, String fieldMapping, boolean verifyTls,
                           boolean development, String secretCiphertext, String previousSecretCiphertext,
                           Instant previousSecretExpiresAt, boolean allowPrivateUrls) {
    }

    /** The billing_events columns the API shows; {@code data} is the JSON text. */
    public record EventRow(String id, String type, long sequence, Instant occurredAt, String customerId, String subscriptionId,
                           String invoiceId, String paymentId, String requestId, String apiVersion, String data) {
    }

    /** The outcome of one attempt and what it leaves the delivery in. */
    public record Recorded(String deliveryId, int attempt, AttemptOutcome outcome, String status, Instant nextAttemptAt) {
    }

    public record DeliveryRow(String id, String endpointId, String eventId, long eventSequence, String eventType, String apiVersion,
                              String origin, String status, int attempts, Instant nextAttemptAt, Instant lastAttemptAt,
                              Integer lastResponseStatus, Integer lastLatencyMs, String lastResponseBody, String lastError,
                              Instant deliveredAt, Instant createdAt) {
    }

    public record AttemptRow(int attempt, Instant attemptedAt, Integer responseStatus, int latencyMs, String responseBody, String error) {
    }

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    WebhookDeliveries(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    // --- fan-out ---

    public List<Due> endpointsBehind(int limit) {
        return jdbc.sql("SELECT tenant_id, id FROM webhook_endpoints_behind(:limit)").param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    /** The endpoint, locked; empty if another instance holds it (it is fanning out already) or it is gone. */
    public Optional<FanOutPosition> lockForFanOut(String endpointId) {
        return jdbc.sql("""
                SELECT id, event_types, enabled, api_version, dispatched_through_sequence FROM webhook_endpoints
                WHERE id = :id FOR UPDATE SKIP LOCKED
                """).param("id", endpointId)
                .query((rs, n) -> new FanOutPosition(rs.getString("id"), Rows.strings(rs, "event_types"), rs.getBoolean("enabled"),
                        rs.getString("api_version"), rs.getLong("dispatched_through_sequence"))).optional();
    }

    public List<EventHeader> eventsAfter(String tenantId, long afterSequence, int limit) {
        return jdbc.sql("SELECT id, sequence, type FROM billing_events WHERE tenant_id = :tenant AND sequence > :after ORDER BY sequence LIMIT :limit")
                .param("tenant", tenantId).param("after", afterSequence).param("limit", limit)
                .query((rs, n) -> new EventHeader(rs.getString("id"), rs.getLong("sequence"), rs.getString("type"))).list();
    }

    /**
     * A page of events for a replay: from {@code fromSequence} or {@code since} (both inclusive),
     * after {@code afterPosition} (the page cursor) and up to {@code throughSequence}.
     */
    public List<EventHeader> eventsSince(String tenantId, Long fromSequence, Instant since, long afterPosition, long throughSequence,
                                         int limit) {
        return jdbc.sql("""
                SELECT id, sequence, type FROM billing_events WHERE tenant_id = :tenant AND sequence > :position
                  AND sequence <= :through
                  AND (CAST(:from AS bigint) IS NULL OR sequence >= :from)
                  AND (CAST(:since AS timestamptz) IS NULL OR occurred_at >= :since)
                ORDER BY sequence LIMIT :limit
                """)
                .param("tenant", tenantId).param("position", afterPosition).param("through", throughSequence).param("from", fromSequence)
                .param("since", Rows.timestamp(since)).param("limit", limit)
                .query((rs, n) -> new EventHeader(rs.getString("id"), rs.getLong("sequence"), rs.getString("type"))).list();
    }

    /** One pending delivery per event, due at {@code now}; the dispatcher's are unique per endpoint and event. */
    public int insertPending(String tenantId, String endpointId, String apiVersion, String origin, List<EventHeader> events, Instant now) {
        if (events.isEmpty()) {
            return 0;
        }
        String[] ids = new String[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Ids.next("whd");
        }
        return jdbc.sql("""
                INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_sequence, event_type, api_version, origin,
                                                status, next_attempt_at, created_at)
                SELECT d.id, :tenant, :endpoint, d.event_id, d.sequence, d.type, :version, :origin, 'pending', :now, :now
                FROM unnest(CAST(:ids AS text[]), CAST(:events AS text[]), CAST(:sequences AS bigint[]), CAST(:types AS text[]))
                     AS d (id, event_id, sequence, type)
                ON CONFLICT DO NOTHING
                """)
                .param("tenant", tenantId).param("endpoint", endpointId).param("version", apiVersion).param("origin", origin)
                .param("now", Rows.timestamp(now)).param("ids", ids)
                .param("events", events.stream().map(EventHeader::id).toArray(String[]::new))
                .param("sequences", events.stream().map(EventHeader::sequence).toArray(Long[]::new))
                .param("types", events.stream().map(EventHeader::type).toArray(String[]::new))
                .update();
    }

    public void moveFanOutPosition(String endpointId, long throughSequence) {
        jdbc.sql("UPDATE webhook_endpoints SET dispatched_through_sequence = :sequence WHERE id = :id AND dispatched_through_sequence < :sequence")
                .param("id", endpointId).param("sequence", throughSequence).update();
    }

    // --- sending ---

    public List<Due> claim(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("SELECT tenant_id, id FROM claim_webhook_deliveries(:now, :lease, :limit)")
                .param("now", Rows.timestamp(now)).param("lease", Rows.timestamp(leaseUntil)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    /** The claimed deliveries of the current tenant with their events and endpoints, in sequence order. */
    public List<Outgoing> outgoing(String tenantId, List<String> deliveryIds) {
        return jdbc.sql("""
                SELECT d.id, d.tenant_id, d.endpoint_id, d.attempts, d.api_version, d.event_sequence, d.event_type,
                       b.id AS event_id, b.type, b.sequence, b.occurred_at, b.customer_id, b.subscription_id, b.invoice_id,
                       b.payment_id, b.request_id, b.api_version AS event_api_version, b.data::text AS data,
                       e.url, e.format, e.field_mapping::text AS field_mapping, e.verify_tls, e.development, e.secret_ciphertext,
                       e.previous_secret_ciphertext, e.previous_secret_expires_at, t.allow_private_webhook_urls
                FROM webhook_deliveries d
                JOIN webhook_endpoints e ON e.id = d.endpoint_id
                JOIN billing_events b ON b.tenant_id = d.tenant_id AND b.id = d.event_id
                JOIN tenants t ON t.id = d.tenant_id
                WHERE d.tenant_id = :tenant AND d.id = ANY (:ids) AND d.status = 'pending'
                ORDER BY d.event_sequence
                """)
                .param("tenant", tenantId).param("ids", deliveryIds.toArray(String[]::new))
                .query(this::mapOutgoing).list();
    }

    public void record(String tenantId, List<Recorded> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<MapSqlParameterSource> rows = new ArrayList<>(outcomes.size());
        for (Recorded r : outcomes) {
            AttemptOutcome o = r.outcome();
            rows.add(new MapSqlParameterSource()
                    .addValue("tenant", tenantId).addValue("id", r.deliveryId()).addValue("attempt", r.attempt())
                    .addValue("at", Rows.timestamp(o.attemptedAt())).addValue("status", o.responseStatus())
                    .addValue("latency", o.latencyMs()).addValue("body", o.responseBody()).addValue("error", o.error())
                    .addValue("state", r.status()).addValue("next", Rows.timestamp(r.nextAttemptAt()))
                    .addValue("delivered", r.status().equals("succeeded") ? Rows.timestamp(o.attemptedAt()) : null));
        }
        MapSqlParameterSource[] batchRows = rows.toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                INSERT INTO webhook_delivery_attempts (delivery_id, attempt, tenant_id, attempted_at, response_status, latency_ms,
                                                       response_body, error)
                VALUES (:id, :attempt, :tenant, :at, :status, :latency, :body, :error)
                ON CONFLICT DO NOTHING
                """, batchRows);
        batch.batchUpdate("""
                UPDATE webhook_deliveries SET status = :state, attempts = :attempt, next_attempt_at = :next, claimed_until = NULL,
                       last_attempt_at = :at, last_response_status = :status, last_latency_ms = :latency,
                       last_response_body = :body, last_error = :error, delivered_at = COALESCE(:delivered, delivered_at)
                WHERE id = :id
                """, batchRows);
    }

    /** Gives a claimed delivery back without an attempt (its endpoint changed under the worker). */
    public void release(String deliveryId, Instant now) {
        jdbc.sql("UPDATE webhook_deliveries SET claimed_until = NULL, next_attempt_at = :now WHERE id = :id AND status = 'pending'")
                .param("id", deliveryId).param("now", Rows.timestamp(now)).update();
    }

    public void endpointsSucceeded(List<String> endpointIds) {
        jdbc.sql("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ANY (:ids) AND failing_since IS NOT NULL")
                .param("ids", endpointIds.toArray(String[]::new)).update();
    }

    /** Marks the endpoints failing from {@code now} unless they already are; returns those failing since {@code disableBefore} or earlier. */
    public List<String> endpointsFailed(List<String> endpointIds, Instant now, Instant disableBefore) {
        return jdbc.sql("""
                UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, :now)
                WHERE id = ANY (:ids)
                RETURNING id, failing_since <= :before AND enabled AS due
                """)
                .param("ids", endpointIds.toArray(String[]::new)).param("now", Rows.timestamp(now))
                .param("before", Rows.timestamp(disableBefore))
                .query((rs, n) -> rs.getBoolean("due") ? rs.getString("id") : null).list()
                .stream().filter(java.util.Objects::nonNull).toList();
    }

    // --- the delivery log ---

    public List<DeliveryRow> list(String tenantId, String endpointId, String status, PageRequest page) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE tenant_id = :tenant AND endpoint_id = :endpoint"
                        + (status == null ? "" : " AND status = :status")
                        + (page.after() == null ? "" : " AND id < :after") + " ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("endpoint", endpointId).param("status", status)
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::mapDelivery).list();
    }

    public Optional<DeliveryRow> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(this::mapDelivery).optional();
    }

    public List<AttemptRow> attempts(String tenantId, String deliveryId) {
        return jdbc.sql("SELECT * FROM webhook_delivery_attempts WHERE tenant_id = :tenant AND delivery_id = :id ORDER BY attempt")
                .param("tenant", tenantId).param("id", deliveryId)
                .query((rs, n) -> new AttemptRow(rs.getInt("attempt"), Rows.instant(rs, "attempted_at"),
                        (Integer) rs.getObject("response_status"), rs.getInt("latency_ms"), rs.getString("response_body"),
                        rs.getString("error"))).list();
    }

    /** Makes a delivery due now, whatever its state; a lease a worker holds on it is broken. */
    public void dueNow(String id, Instant now) {
        jdbc.sql("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = :now, claimed_until = NULL WHERE id = :id")
                .param("id", id).param("now", Rows.timestamp(now)).update();
    }

    public Optional<FanOutPosition> endpoint(String tenantId, String endpointId) {
        return jdbc.sql("""
                SELECT id, event_types, enabled, api_version, dispatched_through_sequence FROM webhook_endpoints
                WHERE tenant_id = :tenant AND id = :id
                """).param("tenant", tenantId).param("id", endpointId)
                .query((rs, n) -> new FanOutPosition(rs.getString("id"), Rows.strings(rs, "event_types"), rs.getBoolean("enabled"),
                        rs.getString("api_version"), rs.getLong("dispatched_through_sequence"))).optional();
    }

    /** The tenant's address for e-mails about its own account, or empty. */
    public Optional<String> notificationEmail(String tenantId) {
        return jdbc.sql("SELECT notification_email FROM tenants WHERE id = :tenant").param("tenant", tenantId)
                .query(String.class).optional();
    }

    /** Disables an enabled endpoint; empty if it was not enabled (another instance got there first). */
    public Optional<DisabledEndpoint> disable(String endpointId, String reason, Instant now) {
        return jdbc.sql("""
                UPDATE webhook_endpoints SET enabled = false, disabled_reason = :reason, disabled_at = :now, updated_at = :now
                WHERE id = :id AND enabled
                RETURNING id, url, description, disabled_reason, disabled_at, failing_since
                """).param("id", endpointId).param("reason", reason).param("now", Rows.timestamp(now))
                .query((rs, n) -> new DisabledEndpoint(rs.getString("id"), rs.getString("url"), rs.getString("description"),
                        rs.getString("disabled_reason"), Rows.instant(rs, "disabled_at"), Rows.instant(rs, "failing_since")))
                .optional();
    }

    public record DisabledEndpoint(String id, String url, String description, String disabledReason, Instant disabledAt,
                                   Instant failingSince) {
    }

    private Outgoing mapOutgoing(ResultSet rs, int row) throws SQLException {
        EventRow event = new EventRow(rs.getString("event_id"), rs.getString("type"), rs.getLong("sequence"), Rows.instant(rs, "occurred_at"),
                rs.getString("customer_id"), rs.getString("subscription_id"), rs.getString("invoice_id"), rs.getString("payment_id"),
                rs.getString("request_id"), rs.getString("event_api_version"), rs.getString("data"));
        return new Outgoing(rs.getString("id"), rs.getString("tenant_id"), rs.getString("endpoint_id"), rs.getInt("attempts"),
                rs.getString("api_version"), rs.getLong("event_sequence"), rs.getString("event_type"), event, rs.getString("url"),
                rs.getString("format"), rs.getString("field_mapping"), rs.getBoolean("verify_tls"), rs.getBoolean("development"),
                rs.getString("secret_ciphertext"), rs.getString("previous_secret_ciphertext"), Rows.instant(rs, "previous_secret_expires_at"),
                rs.getBoolean("allow_private_webhook_urls"));
    }

    private DeliveryRow mapDelivery(ResultSet rs, int row) throws SQLException {
        return new DeliveryRow(rs.getString("id"), rs.getString("endpoint_id"), rs.getString("event_id"), rs.getLong("event_sequence"),
                rs.getString("event_type"), rs.getString("api_version"), rs.getString("origin"), rs.getString("status"),
                rs.getInt("attempts"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "last_attempt_at"),
                (Integer) rs.getObject("last_response_status"), (Integer) rs.getObject("last_latency_ms"),
                rs.getString("last_response_body"), rs.getString("last_error"), Rows.instant(rs, "delivered_at"),
                Rows.instant(rs, "created_at"));
    }
}
