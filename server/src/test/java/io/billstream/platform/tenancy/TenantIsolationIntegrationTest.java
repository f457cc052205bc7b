package io.billstream.platform.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantIsolationIntegrationTest extends IntegrationTest {

    /** The pool the application itself uses: every connection runs as billstream_app. */
    @Autowired
    @Qualifier("applicationConnectionPool")
    HikariDataSource applicationPool;

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Test
    void tenant_b_cannot_read_list_or_change_tenant_a_customer() {
        var a = newTenant();
        var b = newTenant();
        ApiResponse customer = createCustomer(a.adminKey(), "{\"external_id\":\"shared-ext-id\",\"name\":\"A's customer\"}");
        String id = customer.field("id");

        assertThat(api.get("/v1/customers/" + id, b.adminKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/customers/shared-ext-id", b.adminKey()).status()).isEqualTo(404);
        assertThat(api.patch("/v1/customers/" + id, b.adminKey(), "{\"name\":\"hijacked\"}").status()).isEqualTo(404);
        assertThat(api.delete("/v1/customers/" + id, b.adminKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/customers", b.adminKey()).json().get("data")).isEmpty();
        assertThat(api.get("/v1/billing-events", b.adminKey()).body()).doesNotContain(id);
        assertThat(api.get("/v1/audit-logs", b.adminKey()).body()).doesNotContain(id);

        ApiResponse unchanged = api.get("/v1/customers/" + id, a.adminKey());
        assertThat(unchanged.field("name")).isEqualTo("A's customer");
        assertThat(unchanged.field("status")).isEqualTo("active");
    }

    @Test
    void the_same_external_id_may_exist_in_two_tenants() {
        var a = newTenant();
        var b = newTenant();

        createCustomer(a.adminKey(), "{\"external_id\":\"user-42\"}");
        createCustomer(b.adminKey(), "{\"external_id\":\"user-42\"}");

        assertThat(api.get("/v1/customers/user-42", a.adminKey()).field("id"))
                .isNotEqualTo(api.get("/v1/customers/user-42", b.adminKey()).field("id"));
    }

    /**
     * The second line of defence: a query that forgets its tenant filter, run on the application's
     * own connection, still sees, changes and creates only the current tenant's rows.
     */
    @Test
    void row_level_security_confines_unfiltered_queries_to_the_current_tenant() throws SQLException {
        var a = newTenant();
        var b = newTenant();
        createCustomer(a.adminKey(), "{\"name\":\"a1\"}");
        createCustomer(a.adminKey(), "{\"name\":\"a2\"}");
        createCustomer(b.adminKey(), "{\"name\":\"b1\"}");

        try (Connection connection = applicationPool.getConnection()) {
            assertThat(single(connection, "SELECT current_user")).isEqualTo("billstream_app");

            scopeTo(connection, "");
            assertThat(single(connection, "SELECT count(*) FROM customers")).as("no tenant, no rows").isEqualTo("0");

            scopeTo(connection, a.id());
            assertThat(single(connection, "SELECT count(*) FROM customers")).isEqualTo("2");
            assertThat(single(connection, "SELECT string_agg(DISTINCT tenant_id, ',') FROM customers")).isEqualTo(a.id());
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE customers SET name = 'renamed'")).isEqualTo(2);
                assertThat(statement.executeUpdate("UPDATE customers SET name = 'renamed' WHERE tenant_id = '" + b.id() + "'")).isZero();
            }
            assertThatThrownBy(() -> execute(connection, "INSERT INTO customers (id, tenant_id, tax_ids, timezone,"
                    + " invoice_grace_period_days, net_payment_terms_days, status, metadata, created_at, updated_at, version)"
                    + " VALUES ('cus_forged', '" + b.id() + "', '[]', 'UTC', 0, 0, 'active', '{}', now(), now(), 1)"))
                    .hasMessageContaining("row-level security");
            scopeTo(connection, "");
        }
        assertThat(api.get("/v1/customers", b.adminKey()).json().get("data").get(0).get("name").asString()).isEqualTo("b1");
    }

    @Test
    void the_application_role_cannot_bypass_row_level_security() throws SQLException {
        try (Connection connection = applicationPool.getConnection()) {
            assertThat(single(connection, "SELECT rolsuper::text || ',' || rolbypassrls::text FROM pg_roles WHERE rolname = current_user"))
                    .isEqualTo("false,false");
            assertThatThrownBy(() -> execute(connection, "ALTER TABLE customers DISABLE ROW LEVEL SECURITY"))
                    .hasMessageContaining("must be owner");
            execute(connection, "SET row_security = off");
            assertThatThrownBy(() -> execute(connection, "SELECT count(*) FROM customers"))
                    .hasMessageContaining("row-level security");
            execute(connection, "RESET row_security");
        }
        try (Connection owner = ownerDataSource.getConnection()) {
            String withoutPolicy = single(owner, """
                    SELECT coalesce(string_agg(c.relname, ','), '') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r'
                      AND EXISTS (SELECT 1 FROM information_schema.columns col
                                  WHERE col.table_name = c.relname AND col.column_name = 'tenant_id')
                      AND NOT c.relrowsecurity""");
            assertThat(withoutPolicy).as("tenant-owned tables without row-level security").isEmpty();
        }
    }

    @Test
    void audit_rows_cannot_be_changed_or_deleted() throws SQLException {
        var a = newTenant();
        createCustomer(a.adminKey(), "{\"name\":\"audited\"}");

        try (Connection connection = applicationPool.getConnection()) {
            scopeTo(connection, a.id());
            assertThat(Integer.parseInt(single(connection, "SELECT count(*) FROM audit_logs"))).isPositive();
            assertThatThrownBy(() -> execute(connection, "UPDATE audit_logs SET action = 'forged'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> execute(connection, "DELETE FROM audit_logs"))
                    .hasMessageContaining("permission denied");
            scopeTo(connection, "");
        }
        try (Connection owner = ownerDataSource.getConnection()) {
            assertThatThrownBy(() -> execute(owner, "DELETE FROM audit_logs WHERE tenant_id = '" + a.id() + "'"))
                    .as("even the schema owner").hasMessageContaining("append-only");
        }
    }

    private static void scopeTo(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('billstream.tenant_id', ?, false)")) {
            statement.setString(1, tenantId);
            statement.execute();
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
