package io.billstream.customer.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.billstream.customer.domain.PaymentMethod;
import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Payment method rows. */
@Repository
public class PaymentMethods {

    private final JdbcClient jdbc;

    PaymentMethods(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(PaymentMethod method) {
        jdbc.sql("""
                INSERT INTO payment_methods (id, tenant_id, customer_id, provider, provider_token, type, label, is_default,
                    created_at, detached_at)
                VALUES (:id, :tenant, :customer, :provider, :token, :type, :label, :isDefault, :createdAt, :detachedAt)
                """)
                .param("id", method.id()).param("tenant", method.tenantId()).param("customer", method.customerId())
                .param("provider", method.provider()).param("token", method.providerToken()).param("type", method.type())
                .param("label", method.label()).param("isDefault", method.isDefault())
                .param("createdAt", Rows.timestamp(method.createdAt())).param("detachedAt", Rows.timestamp(method.detachedAt()))
                .update();
    }

    public void detach(PaymentMethod method) {
        jdbc.sql("UPDATE payment_methods SET is_default = false, detached_at = :at WHERE tenant_id = :tenant AND id = :id")
                .param("at", Rows.timestamp(method.detachedAt())).param("tenant", method.tenantId()).param("id", method.id()).update();
    }

    public void clearDefault(String tenantId, String customerId) {
        jdbc.sql("UPDATE payment_methods SET is_default = false WHERE tenant_id = :tenant AND customer_id = :customer AND is_default")
                .param("tenant", tenantId).param("customer", customerId).update();
    }

    public Optional<PaymentMethod> find(String tenantId, String customerId, String id) {
        return jdbc.sql("SELECT * FROM payment_methods WHERE tenant_id = :tenant AND customer_id = :customer AND id = :id")
                .param("tenant", tenantId).param("customer", customerId).param("id", id).query(PaymentMethods::map).optional();
    }

    public Optional<PaymentMethod> findDefault(String tenantId, String customerId) {
        return jdbc.sql("SELECT * FROM payment_methods WHERE tenant_id = :tenant AND customer_id = :customer AND is_default"
                        + " AND detached_at IS NULL")
                .param("tenant", tenantId).param("customer", customerId).query(PaymentMethods::map).optional();
    }

    public List<PaymentMethod> listAttached(String tenantId, String customerId) {
        return jdbc.sql("SELECT * FROM payment_methods WHERE tenant_id = :tenant AND customer_id = :customer AND detached_at IS NULL"
                        + " ORDER BY id DESC")
                .param("tenant", tenantId).param("customer", customerId).query(PaymentMethods::map).list();
    }

    public void deleteForTestClock(String tenantId, String testClockId) {
        jdbc.sql("DELETE FROM payment_methods WHERE tenant_id = :tenant AND customer_id IN"
                        + " (SELECT id FROM customers WHERE tenant_id = :tenant AND test_clock_id = :clock)")
                .param("tenant", tenantId).param("clock", testClockId).update();
    }

    private static PaymentMethod map(ResultSet rs, int row) throws SQLException {
        return new PaymentMethod(rs.getString("id"), rs.getString("tenant_id"), rs.getString("customer_id"), rs.getString("provider"),
                rs.getString("provider_token"), rs.getString("type"), rs.getString("label"), rs.getBoolean("is_default"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "detached_at"));
    }
}
