package io.billstream.platform.db;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Billstream keeps its data. With no {@code url}, a real PostgreSQL server is started from the
 * embedded binaries, keeping its files under {@code embedded.dataDirectory}.
 *
 * @param url          JDBC URL of an external PostgreSQL (BILLSTREAM_DB_URL); empty for embedded
 * @param user         owner account used for migrations (BILLSTREAM_DB_USER)
 * @param password     its password (BILLSTREAM_DB_PASSWORD)
 * @param appUser      login the application uses at run time (BILLSTREAM_DB_APP_USER); defaults to
 *                     {@code user}. Every application connection switches to the unprivileged
 *                     {@code billstream_app} role, which row-level security applies to.
 * @param appPassword  its password (BILLSTREAM_DB_APP_PASSWORD)
 * @param maxPoolSize  connections in the application's pool
 */
@ConfigurationProperties("billstream.db")
public record DatabaseProperties(
        String url,
        String user,
        String password,
        String appUser,
        String appPassword,
        @DefaultValue("20") int maxPoolSize,
        @DefaultValue Embedded embedded) {

    public boolean embeddedMode() {
        return url == null || url.isBlank();
    }

    /**
     * @param dataDirectory     the PostgreSQL cluster's files; kept across restarts
     * @param binaryDirectory   where the PostgreSQL binaries are unpacked; empty for a shared
     *                          directory under the system temporary directory
     * @param port              0 picks a free port on every start
     * @param settings          extra {@code postgresql.conf} settings
     */
    public record Embedded(
            @DefaultValue("billstream-data/postgres") Path dataDirectory,
            Path binaryDirectory,
            @DefaultValue("0") int port,
            @DefaultValue Map<String, String> settings) {
    }
}
