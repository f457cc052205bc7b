package io.billstream.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.billstream.platform.tenancy.TenantContext;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out connections on which {@code billstream.tenant_id} names the current tenant, the
 * setting every row-level security policy reads. Set on every checkout, so a pooled connection never
 * carries the previous borrower's tenant; an empty value matches no tenant's rows.
 */
final class TenantScopedDataSource extends DelegatingDataSource {

    TenantScopedDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return scope(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return scope(super.getConnection(username, password));
    }

    private static Connection scope(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('billstream.tenant_id', ?, false)")) {
            statement.setString(1, TenantContext.current().orElse(""));
            statement.execute();
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }
}
