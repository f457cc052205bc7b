package io.billstream.platform.db;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Two ways into the same database. Flyway migrates as the owner of the schema; the application
 * runs as the unprivileged {@code billstream_app} role, which neither owns the tables nor may
 * bypass row-level security, so a query that forgot its tenant filter still sees one tenant.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    static final String APP_ROLE = "billstream_app";

    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(DatabaseProperties properties) {
        return new EmbeddedPostgresHolder(properties.embeddedMode() ? EmbeddedPostgresServer.start(properties.embedded()) : null);
    }

    @Bean
    @FlywayDataSource
    DataSource migrationDataSource(DatabaseProperties properties, EmbeddedPostgresHolder embedded) {
        var dataSource = new SimpleDriverDataSource();
        dataSource.setDriverClass(org.postgresql.Driver.class);
        if (embedded.server() != null) {
            dataSource.setUrl(embedded.server().jdbcUrl("postgres"));
            dataSource.setUsername(EmbeddedPostgresServer.SUPERUSER);
            if (embedded.server().credentials() != null) {
                dataSource.setPassword(embedded.server().credentials().superuserPassword());
            }
        } else {
            dataSource.setUrl(properties.url());
            dataSource.setUsername(properties.user());
            dataSource.setPassword(properties.password());
        }
        return dataSource;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource applicationConnectionPool(DatabaseProperties properties, EmbeddedPostgresHolder embedded) {
        var config = new HikariConfig();
        config.setPoolName("billstream");
        config.setMaximumPoolSize(properties.maxPoolSize());
        if (embedded.server() != null) {
            config.setJdbcUrl(embedded.server().jdbcUrl("postgres"));
            config.setUsername(APP_ROLE);
            if (embedded.server().credentials() != null) {
                config.setPassword(embedded.server().credentials().appPassword());
            }
        } else {
            config.setJdbcUrl(properties.url());
            boolean ownLogin = properties.appUser() != null && !properties.appUser().isBlank();
            config.setUsername(ownLogin ? properties.appUser() : properties.user());
            config.setPassword(ownLogin ? properties.appPassword() : properties.password());
        }
        // Whatever login is used, every statement runs as billstream_app.
        config.setConnectionInitSql("SET ROLE " + APP_ROLE);
        // The pool starts lazily: the role it logs in as is created by the first migration.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Bean
    @Primary
    DataSource dataSource(HikariDataSource applicationConnectionPool) {
        return new TenantScopedDataSource(applicationConnectionPool);
    }

    /**
     * The embedded cluster's billstream_app password is set by the afterMigrate callback, which
     * runs as the owner after every migration; for an external database it is left alone.
     */
    @Bean
    FlywayConfigurationCustomizer embeddedAppPassword(EmbeddedPostgresHolder embedded) {
        String password = embedded.server() == null || embedded.server().credentials() == null ? ""
                : embedded.server().credentials().appPassword();
        return configuration -> configuration.placeholders(java.util.Map.of("embedded_app_password", password));
    }

    /** Null when an external database is configured. */
    record EmbeddedPostgresHolder(EmbeddedPostgresServer server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
