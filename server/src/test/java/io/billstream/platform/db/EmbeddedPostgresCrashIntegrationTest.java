package io.billstream.platform.db;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresCrashIntegrationTest {

    @Test
    void a_postmaster_left_by_a_killed_process_is_stopped_and_the_data_is_still_there() throws Exception {
        Path dataDirectory = Path.of("target", "it-crash", UUID.randomUUID().toString(), "postgres").toAbsolutePath();
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledPostgresOwner.class.getName(), dataDirectory.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(owner.getInputStream()))) {
            String line;
            do {
                line = output.readLine();
            } while (line != null && !line.equals("READY"));
            assertThat(line).as("the child JVM started PostgreSQL").isEqualTo("READY");
        }

        owner.destroyForcibly();
        assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long orphan = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
        assertThat(running(orphan)).as("the killed JVM's postmaster is still running").isTrue();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(new DatabaseProperties.Embedded(dataDirectory, null, 0, Map.of()));
             Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER,
                     server.credentials().superuserPassword());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT value FROM acknowledged")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("committed before the crash");
            assertThat(running(orphan)).as("orphan stopped").isFalse();
        }
    }

    /** Alive and not a zombie: without a reaping init, a stopped orphan lingers in state Z. */
    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String content = Files.readString(stat);
        char state = content.substring(content.lastIndexOf(')') + 2).charAt(0);
        return state != 'Z' && state != 'X';
    }

    @Test
    void a_second_server_on_the_same_data_directory_is_refused_with_a_clear_message() {
        Path dataDirectory = Path.of("target", "it-crash", UUID.randomUUID().toString(), "postgres").toAbsolutePath();
        var config = new DatabaseProperties.Embedded(dataDirectory, null, 0, Map.of());
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(config)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedPostgresServer.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Another Billstream server is using the data directory");
        }
    }

    @Test
    void tcp_connections_need_the_password() throws Exception {
        Path dataDirectory = Path.of("target", "it-crash", UUID.randomUUID().toString(), "postgres").toAbsolutePath();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(new DatabaseProperties.Embedded(dataDirectory, null, 0, Map.of()))) {
            assertThat(Files.getPosixFilePermissions(dataDirectory.resolveSibling("postgres.credentials")))
                    .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "wrong").close())
                    .hasMessageContaining("password authentication failed");
        }
    }
}
