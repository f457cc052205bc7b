package io.billstream.platform.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

/**
 * Run in a child JVM by {@link EmbeddedPostgresCrashIntegrationTest}: starts the embedded server,
 * commits a row, says READY and waits to be killed with SIGKILL, leaving its postmaster behind.
 */
public final class KilledPostgresOwner {

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                new DatabaseProperties.Embedded(Path.of(args[0]), null, 0, Map.of()));
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER,
                server.credentials().superuserPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE acknowledged (value text)");
            statement.execute("INSERT INTO acknowledged VALUES ('committed before the crash')");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
