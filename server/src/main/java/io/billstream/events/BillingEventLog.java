package io.billstream.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.RequestIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The billing-event log: every module appends its events here, in the transaction of the change
 * they describe (a transactional outbox), so an event exists exactly when its change committed.
 * Webhooks and other consumers read from this table, never from memory.
 */
@Component
public class BillingEventLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    BillingEventLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends an event for the current tenant. Must run inside the transaction of the change.
     *
     * @param object             the subject's API representation after the change
     * @param previousAttributes for updates, the changed fields' values before it; null otherwise
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AppendedEvent append(String type, EventSubjects subjects, Object object, Object previousAttributes) {
        String tenantId = TenantContext.require();
        long sequence = jdbc.sql("""
                INSERT INTO tenant_event_sequences (tenant_id, last_sequence) VALUES (:tenant, 1)
                ON CONFLICT (tenant_id) DO UPDATE SET last_sequence = tenant_event_sequences.last_sequence + 1
                RETURNING last_sequence
                """).param("tenant", tenantId).query(Long.class).single();
        ObjectNode data = json.createObjectNode();
        data.set("object", json.valueToTree(object));
        if (previousAttributes != null) {
            data.set("previous_attributes", json.valueToTree(previousAttributes));
        }
        String id = Ids.next("evt");
        Instant occurredAt = clock.instant();
        jdbc.sql("""
                INSERT INTO billing_events (tenant_id, sequence, id, type, occurred_at, customer_id, subscription_id,
                                            invoice_id, payment_id, request_id, data, api_version)
                VALUES (:tenant, :sequence, :id, :type, :occurredAt, :customer, :subscription, :invoice, :payment,
                        :requestId, CAST(:data AS jsonb), :apiVersion)
                """)
                .param("tenant", tenantId).param("sequence", sequence).param("id", id).param("type", type)
                .param("occurredAt", Timestamp.from(occurredAt))
                .param("customer", subjects.customerId()).param("subscription", subjects.subscriptionId())
                .param("invoice", subjects.invoiceId()).param("payment", subjects.paymentId())
                .param("requestId", RequestIds.current())
                .param("apiVersion", io.billstream.platform.versioning.ApiVersions.ofThisRequest())
                .param("data", json.writeValueAsString(data))
                .update();
        return new AppendedEvent(id, sequence, occurredAt);
    }

    /**
     * Appends an update event whose {@code previous_attributes} hold the old values of the top-level
     * fields that differ between {@code before} and {@code after} (ignoring {@code updated_at}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AppendedEvent appendChange(String type, EventSubjects subjects, Object before, Object after) {
        ObjectNode old = json.valueToTree(before);
        ObjectNode now = json.valueToTree(after);
        ObjectNode previous = json.createObjectNode();
        for (String field : old.propertyNames()) {
            if (!field.equals("updated_at") && !java.util.Objects.equals(old.get(field), now.get(field))) {
                previous.set(field, old.get(field));
            }
        }
        return append(type, subjects, after, previous);
    }

    public record AppendedEvent(String id, long sequence, Instant occurredAt) {
    }
}
