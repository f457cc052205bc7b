package io.billstream.platform.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention: the purge removes exactly the records older than the policy's periods, and keeps those
 * still needed however old (unbilled usage, events not yet fanned out or with a pending delivery,
 * pending deliveries). Old rows are written or backdated as the database owner.
 */
class RetentionPurgeIntegrationTest extends BillingIntegrationTest {

    private static final String OLD = "2024-03-10T12:00:00Z";

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    RetentionPurge purge;

    @Test
    void the_policy_is_forever_until_set_and_is_validated() {
        var tenant = newTenant();
        JsonNode initial = ok(api.get("/v1/retention-policy", tenant.adminKey()));
        assertThat(initial.get("usage_events_days").isNull()).isTrue();
        assertThat(initial.get("billing_events_days").isNull()).isTrue();
        assertThat(initial.get("webhook_deliveries_days").isNull()).isTrue();

        ApiResponse tooShort = api.send("PUT", "/v1/retention-policy", tenant.adminKey(), "{\"usage_events_days\":0}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.field("param")).isEqualTo("usage_events_days");
        ApiResponse unknown = api.send("PUT", "/v1/retention-policy", tenant.adminKey(), "{\"usage_days\":30}");
        assertThat(unknown.status()).isEqualTo(400);
        String billingKey = apiKey(tenant.adminKey(), "billing:read", "billing:write");
        assertThat(api.get("/v1/retention-policy", billingKey).status()).isEqualTo(403);
        assertThat(api.send("PUT", "/v1/retention-policy", billingKey, "{\"usage_events_days\":30}").status()).isEqualTo(403);

        JsonNode set = ok(api.send("PUT", "/v1/retention-policy", tenant.adminKey(),
                "{\"usage_events_days\":30,\"billing_events_days\":365,\"webhook_deliveries_days\":7}"));
        assertThat(set.get("billing_events_days").asInt()).isEqualTo(365);
        JsonNode read = ok(api.get("/v1/retention-policy", tenant.adminKey()));
        assertThat(read.get("usage_events_days").asInt()).isEqualTo(30);
        assertThat(read.get("webhook_deliveries_days").asInt()).isEqualTo(7);
        assertThat(ok(api.get("/v1/audit-logs?action=retention_policy.update", tenant.adminKey())).get("data")).hasSize(1);
    }

    @Test
    void the_purge_removes_exactly_the_old_records_and_keeps_those_still_needed() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        String tenantId = tenant.id();
        createPlan(key, """
                {"code":"flat","name":"Flat","interval":"month","currency":"USD","amount_minor":1000,"fee_timing":"in_advance"}""");
        String customer = createCustomer(key, "{\"name\":\"Retained\",\"currency\":\"USD\"}").field("id");
        String subscription = created(api.post("/v1/subscriptions", key,
                "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"flat\"}")).get("id").asString();
        String planVersion = owner().sql("SELECT plan_version_id FROM subscriptions WHERE id = ?").param(subscription)
                .query(String.class).single();

        // Two past periods of the subscription: one billed on an issued invoice, one only on a draft.
        invoice(tenantId, "inv_ret_issued", customer, "finalized");
        invoice(tenantId, "inv_ret_draft", customer, "draft");
        period(tenantId, "bp_ret_issued", customer, subscription, planVersion, "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "inv_ret_issued");
        period(tenantId, "bp_ret_draft", customer, subscription, planVersion, "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", "inv_ret_draft");

        usage(tenantId, "u_no_subscription", customer, null, OLD);                       // never billed: age decides
        usage(tenantId, "u_issued_period", customer, subscription, "2024-02-10T00:00:00Z"); // billed on an issued invoice
        usage(tenantId, "u_draft_period", customer, subscription, OLD);                   // its invoice is still a draft
        usage(tenantId, "u_no_period", customer, subscription, "2023-06-01T00:00:00Z");   // no period billed it yet
        usage(tenantId, "u_recent", customer, null, Instant.now().minus(Duration.ofDays(2)).toString());

        // Billing events: the customers' creation events, three of them backdated.
        List<Long> sequences = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = createCustomer(key, "{\"name\":\"Event subject " + i + "\"}").field("id");
            sequences.add(owner().sql("SELECT sequence FROM billing_events WHERE customer_id = ? AND type = 'customer.created'")
                    .param(id).query(Long.class).single());
        }
        long fannedOut = sequences.get(0);
        long pendingDelivery = owner().sql("SELECT min(sequence) FROM billing_events WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single();
        assertThat(pendingDelivery).isLessThan(fannedOut);
        long notFannedOut = sequences.get(1);
        long recent = sequences.get(2);
        owner().sql("UPDATE billing_events SET occurred_at = ?::timestamptz WHERE tenant_id = ? AND sequence <= ?")
                .param(OLD).param(tenantId).param(notFannedOut).update();
        // A failing endpoint (disabled, so nothing delivers to it here) that has seen events up to `fannedOut`.
        owner().sql("""
                INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, enabled, format, api_version, secret_ciphertext,
                                               dispatched_through_sequence, disabled_reason, disabled_at, created_at, updated_at)
                VALUES (?, ?, 'https://receiver.example.com/hook', '{*}', false, 'json', '2026-11-01', 'sealed', ?, 'failing',
                        now(), now(), now())
                """).param("we_ret").param(tenantId).param(fannedOut).update();
        String eventWithPendingDelivery = owner().sql("SELECT id FROM billing_events WHERE tenant_id = ? AND sequence = ?")
                .param(tenantId).param(pendingDelivery).query(String.class).single();
        delivery(tenantId, "wd_pending", eventWithPendingDelivery, pendingDelivery, "pending", OLD, null);
        delivery(tenantId, "wd_succeeded_old", "evt_x1", 1, "succeeded", OLD, OLD);
        delivery(tenantId, "wd_failed_old", "evt_x2", 2, "failed", OLD, OLD);
        delivery(tenantId, "wd_succeeded_recent", "evt_x3", 3, "succeeded", Instant.now().minus(Duration.ofDays(1)).toString(),
                Instant.now().minus(Duration.ofDays(1)).toString());
        owner().sql("INSERT INTO webhook_delivery_attempts (delivery_id, attempt, tenant_id, attempted_at, response_status, latency_ms) "
                + "VALUES ('wd_succeeded_old', 1, ?, ?::timestamptz, 200, 12)").param(tenantId).param(OLD).update();

        long purgeableEvents = owner().sql("SELECT count(*) FROM billing_events WHERE tenant_id = ? AND sequence <= ?")
                .param(tenantId).param(fannedOut).query(Long.class).single() - 1; // all up to the endpoint's position but one
        List<Long> notYetFannedOut = owner().sql("SELECT sequence FROM billing_events WHERE tenant_id = ? AND sequence > ? ORDER BY 1")
                .param(tenantId).param(fannedOut).query(Long.class).list();

        ok(api.send("PUT", "/v1/retention-policy", key,
                "{\"usage_events_days\":30,\"billing_events_days\":30,\"webhook_deliveries_days\":30}"));
        purgeUntilDone(tenantId);

        assertThat(owner().sql("SELECT transaction_id FROM usage_events WHERE tenant_id = ? ORDER BY 1").param(tenantId)
                .query(String.class).list()).containsExactly("u_draft_period", "u_no_period", "u_recent");
        List<Long> remaining = owner().sql("SELECT sequence FROM billing_events WHERE tenant_id = ? ORDER BY 1").param(tenantId)
                .query(Long.class).list();
        assertThat(remaining).contains(pendingDelivery, notFannedOut, recent);
        assertThat(remaining).as("old events fanned out to every endpoint, without a pending delivery, are gone")
                .noneMatch(s -> s <= fannedOut && s != pendingDelivery);
        assertThat(remaining).as("events the endpoint has not seen yet stay, backdated or not").containsAll(notYetFannedOut);
        assertThat(owner().sql("SELECT id FROM webhook_deliveries WHERE tenant_id = ? ORDER BY 1").param(tenantId)
                .query(String.class).list()).containsExactly("wd_pending", "wd_succeeded_recent");
        assertThat(owner().sql("SELECT count(*) FROM webhook_delivery_attempts WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single()).isZero();

        JsonNode audit = ok(api.get("/v1/audit-logs?action=retention.purge", key)).get("data");
        assertThat(audit).hasSize(1);
        JsonNode changes = audit.get(0).get("changes");
        assertThat(changes.get("usage_events").get("to").asLong()).isEqualTo(2);
        assertThat(changes.get("billing_events").get("to").asLong()).isEqualTo(purgeableEvents);
        assertThat(changes.get("webhook_deliveries").get("to").asLong()).isEqualTo(2);
        assertThat(ok(api.get("/v1/audit-logs/verify", key)).get("valid").asBoolean()).isTrue();
    }

    private void purgeUntilDone(String tenantId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (owner().sql("SELECT last_purged_at IS NULL FROM retention_policies WHERE tenant_id = ?").param(tenantId)
                .query(Boolean.class).single()) {
            // The scheduler may run the same pass meanwhile; either way the row lock lets one of them do it.
            purge.purgeDue(Instant.now());
            assertThat(Instant.now()).as("purged within 30 s").isBefore(deadline);
            sleep(50);
        }
    }

    private void invoice(String tenantId, String id, String customer, String status) {
        owner().sql("""
                INSERT INTO invoices (id, tenant_id, customer_id, billing_reason, billing_date, status, currency, rounding_mode,
                                      tax_mode, created_at, updated_at)
                VALUES (?, ?, ?, 'manual', now(), ?, 'USD', 'half_even', 'exempt', now(), now())
                """).param(id).param(tenantId).param(customer).param(status).update();
    }

    private void period(String tenantId, String id, String customer, String subscription, String planVersion, String start, String end,
                        String invoice) {
        owner().sql("""
                INSERT INTO billing_periods (id, tenant_id, customer_id, subscription_id, plan_version_id, currency, period_start,
                                             period_end, full_period_start, full_period_end, quantities, opened_reason,
                                             advance_fees_billable, status, ended_at, closed_reason, invoice_id, created_at,
                                             closed_at, arrears_billed_at)
                VALUES (?, ?, ?, ?, ?, 'USD', ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, '{}', 'renewal', false,
                        'closed', ?::timestamptz, 'renewal', ?, now(), now(), now())
                """).param(id).param(tenantId).param(customer).param(subscription).param(planVersion).param(start).param(end)
                .param(start).param(end).param(end).param(invoice).update();
    }

    private void usage(String tenantId, String transactionId, String customer, String subscription, String occurredAt) {
        owner().sql("""
                INSERT INTO usage_events (tenant_id, transaction_id, metric_code, customer_id, subscription_id, occurred_at,
                                          properties, source, received_at)
                VALUES (?, ?, 'retained_calls', ?, ?, ?::timestamptz, '{}', 'api', ?::timestamptz)
                """).param(tenantId).param(transactionId).param(customer).param(subscription).param(occurredAt).param(occurredAt)
                .update();
    }

    private void delivery(String tenantId, String id, String eventId, long sequence, String status, String createdAt, String deliveredAt) {
        owner().sql("""
                INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_sequence, event_type, api_version, origin,
                                                status, next_attempt_at, last_attempt_at, delivered_at, created_at)
                VALUES (?, ?, 'we_ret', ?, ?, 'customer.created', '2026-11-01', 'replay', ?,
                        CASE WHEN ? = 'pending' THEN '2100-01-01'::timestamptz END, ?::timestamptz, ?::timestamptz, ?::timestamptz)
                """).param(id).param(tenantId).param(eventId).param(sequence).param(status).param(status)
                .param(deliveredAt).param(status.equals("succeeded") ? deliveredAt : null).param(createdAt).update();
    }

    private JdbcClient owner() {
        return JdbcClient.create(ownerDataSource);
    }
}
