package io.billstream.subscription.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import io.billstream.platform.db.Rows;
import io.billstream.subscription.domain.Trial;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Trials {

    private final JdbcClient jdbc;

    Trials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Trial t) {
        jdbc.sql("""
                INSERT INTO trials (id, tenant_id, subscription_id, customer_id, status, starts_at, ends_at, on_missing_payment_method,
                    ended_at, created_at)
                VALUES (:id, :tenant, :subscription, :customer, :status, :startsAt, :endsAt, :onMissing, :endedAt, :createdAt)
                """)
                .param("id", t.id()).param("tenant", t.tenantId()).param("subscription", t.subscriptionId())
                .param("customer", t.customerId()).param("status", t.status().apiName())
                .param("startsAt", Rows.timestamp(t.startsAt())).param("endsAt", Rows.timestamp(t.endsAt()))
                .param("onMissing", t.onMissingPaymentMethod().apiName()).param("endedAt", Rows.timestamp(t.endedAt()))
                .param("createdAt", Rows.timestamp(t.createdAt()))
                .update();
    }

    public void update(Trial t) {
        jdbc.sql("UPDATE trials SET status = :status, ended_at = :endedAt WHERE tenant_id = :tenant AND id = :id")
                .param("status", t.status().apiName()).param("endedAt", Rows.timestamp(t.endedAt()))
                .param("tenant", t.tenantId()).param("id", t.id()).update();
    }

    public Optional<Trial> find(String tenantId, String id) {
        return jdbc.sql("SELECT * FROM trials WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id).query(Trials::map).optional();
    }

    private static Trial map(ResultSet rs, int row) throws SQLException {
        return new Trial(rs.getString("id"), rs.getString("tenant_id"), rs.getString("subscription_id"), rs.getString("customer_id"),
                Trial.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), Rows.instant(rs, "starts_at"),
                Rows.instant(rs, "ends_at"),
                Trial.MissingPaymentMethod.valueOf(rs.getString("on_missing_payment_method").toUpperCase(Locale.ROOT)),
                Rows.instant(rs, "ended_at"), Rows.instant(rs, "created_at"));
    }
}
