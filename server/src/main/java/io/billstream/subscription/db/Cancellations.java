package io.billstream.subscription.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import io.billstream.platform.db.Rows;
import io.billstream.subscription.domain.Cancellation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Cancellations {

    private final JdbcClient jdbc;

    Cancellations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Cancellation c) {
        jdbc.sql("""
                INSERT INTO cancellations (id, tenant_id, subscription_id, customer_id, timing, proration_behavior, status, reason,
                    effective_at, credit_minor, currency, requested_at, revoked_at, created_at)
                VALUES (:id, :tenant, :subscription, :customer, :timing, :proration, :status, :reason, :effectiveAt, :credit,
                    :currency, :requestedAt, :revokedAt, :createdAt)
                """)
                .param("id", c.id()).param("tenant", c.tenantId()).param("subscription", c.subscriptionId())
                .param("customer", c.customerId()).param("timing", c.timing().apiName())
                .param("proration", c.prorate() ? "create_prorations" : "none").param("status", c.status().apiName())
                .param("reason", c.reason()).param("effectiveAt", Rows.timestamp(c.effectiveAt())).param("credit", c.creditMinor())
                .param("currency", c.currency()).param("requestedAt", Rows.timestamp(c.requestedAt()))
                .param("revokedAt", Rows.timestamp(c.revokedAt())).param("createdAt", Rows.timestamp(c.createdAt()))
                .update();
    }

    public void update(Cancellation c) {
        jdbc.sql("UPDATE cancellations SET status = :status, revoked_at = :revokedAt WHERE tenant_id = :tenant AND id = :id")
                .param("status", c.status().apiName()).param("revokedAt", Rows.timestamp(c.revokedAt()))
                .param("tenant", c.tenantId()).param("id", c.id()).update();
    }

    public Optional<Cancellation> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM cancellations WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(Cancellations::map).optional();
    }

    private static Cancellation map(ResultSet rs, int row) throws SQLException {
        return new Cancellation(rs.getString("id"), rs.getString("tenant_id"), rs.getString("subscription_id"),
                rs.getString("customer_id"), Cancellation.Timing.valueOf(rs.getString("timing").toUpperCase(Locale.ROOT)),
                "create_prorations".equals(rs.getString("proration_behavior")),
                Cancellation.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("reason"),
                Rows.instant(rs, "effective_at"), rs.getLong("credit_minor"), rs.getString("currency"),
                Rows.instant(rs, "requested_at"), Rows.instant(rs, "revoked_at"), Rows.instant(rs, "created_at"));
    }
}
