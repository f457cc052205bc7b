package io.billstream.payment.db;

import java.time.Instant;

import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The raw record of verified provider callbacks, one row per provider event ID. */
@Repository
public class ProviderCallbackLog {

    private final JdbcClient jdbc;

    ProviderCallbackLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a callback (a SECURITY DEFINER function, since an unknown callback has no tenant).
     *
     * @return false when the provider event ID was recorded before: a replay. A concurrent first
     *         recording of the same ID makes this wait for its transaction, then return false.
     */
    public boolean record(String id, String tenantId, String provider, String providerEventId, String type, String paymentId,
                          String refundId, String outcome, String headersJson, String rawBody, Instant receivedAt) {
        return Boolean.TRUE.equals(jdbc.sql("""
                SELECT record_provider_callback(:id, :tenant, :provider, :event, :type, :payment, :refund, :outcome,
                                                CAST(:headers AS jsonb), :body, :received)
                """)
                .param("id", id).param("tenant", tenantId).param("provider", provider).param("event", providerEventId)
                .param("type", type).param("payment", paymentId).param("refund", refundId).param("outcome", outcome)
                .param("headers", headersJson).param("body", rawBody).param("received", Rows.timestamp(receivedAt))
                .query(Boolean.class).single());
    }
}
