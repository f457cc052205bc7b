package io.billstream.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.billstream.support.Api;
import io.billstream.support.ApiResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server killed with SIGKILL in the middle of ingestion loses no event it acknowledged. The server
 * runs as a child JVM from the jar {@code mvn package} built, so that it can really be killed; its
 * embedded PostgreSQL survives the kill like a separate database would, and the restarted server
 * takes it over.
 */
class UsageCrashIntegrationTest {

    private static final String KEY = "sk_crash_test_0123456789abcdef";
    private static final int CLIENTS = 4;
    private static final int BATCH = 200;

    @Test
    void events_acknowledged_before_a_kill_are_all_there_after_the_restart() throws Exception {
        Path dataDirectory = Path.of("target", "it-crash", UUID.randomUUID().toString()).toAbsolutePath();
        try {
            killAndRestart(dataDirectory);
        } finally {
            stopPostgres(dataDirectory);
        }
    }

    private void killAndRestart(Path dataDirectory) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<List<String>> sentBatches = java.util.Collections.synchronizedList(new ArrayList<>());
        int port = freePort();
        Process first = start(dataDirectory, port);
        try {
            Api api = new Api(port);
            assertThat(api.post("/v1/billable-metrics", KEY, "{\"code\":\"api_calls\",\"name\":\"API calls\",\"aggregation\":\"count\"}")
                    .status()).isEqualTo(201);
            assertThat(api.post("/v1/customers", KEY, "{\"external_id\":\"acme\"}").status()).isEqualTo(201);

            AtomicBoolean sending = new AtomicBoolean(true);
            CountDownLatch enoughAcknowledged = new CountDownLatch(CLIENTS * 3);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(Thread.ofPlatform().start(() -> {
                    for (int b = 0; sending.get(); b++) {
                        List<String> ids = batchIds(client, b);
                        sentBatches.add(ids);
                        try {
                            ApiResponse response = api.post("/v1/events/batch", KEY, body(ids));
                            if (response.status() != 200) {
                                return;
                            }
                            for (JsonNode item : response.json().get("data")) {
                                String status = item.get("status").asString();
                                assertThat(status).isIn("accepted", "duplicate");
                                acknowledged.add(item.get("transaction_id").asString());
                            }
                            enoughAcknowledged.countDown();
                        } catch (RuntimeException connectionLost) {
                            return; // the kill
                        }
                    }
                }));
            }
            assertThat(enoughAcknowledged.await(120, TimeUnit.SECONDS)).as("batches acknowledged before the kill").isTrue();
            first.destroyForcibly(); // SIGKILL, mid-stream: the clients are still sending
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            sending.set(false);
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(60));
            }
        } finally {
            first.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(CLIENTS * 3 * BATCH);

        Process second = start(dataDirectory, port);
        try {
            Api api = new Api(port);
            int accepted = 0;
            int duplicates = 0;
            for (List<String> ids : List.copyOf(sentBatches)) {
                ApiResponse response = api.post("/v1/events/batch", KEY, body(ids));
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                for (JsonNode item : response.json().get("data")) {
                    String id = item.get("transaction_id").asString();
                    String status = item.get("status").asString();
                    if (acknowledged.contains(id)) {
                        assertThat(status).as("%s was acknowledged before the kill, so it must already be stored", id)
                                .isEqualTo("duplicate");
                    }
                    accepted += status.equals("accepted") ? 1 : 0;
                    duplicates += status.equals("duplicate") ? 1 : 0;
                }
            }
            int distinct = sentBatches.stream().mapToInt(List::size).sum();
            assertThat(accepted + duplicates).isEqualTo(distinct);
            assertThat(duplicates).as("everything acknowledged, plus batches committed but not yet answered at the kill")
                    .isGreaterThanOrEqualTo(acknowledged.size());
        } finally {
            second.destroy(); // SIGTERM: a graceful stop, which also stops its PostgreSQL
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private static List<String> batchIds(int client, int batch) {
        return IntStream.range(0, BATCH).mapToObj(i -> "crash-" + client + "-" + batch + "-" + i).toList();
    }

    private static String body(List<String> ids) {
        return ids.stream().map(id -> "{\"transaction_id\":\"" + id + "\",\"external_customer_id\":\"acme\",\"code\":\"api_calls\","
                + "\"properties\":{\"endpoint\":\"/v1/orders\",\"region\":\"eu-west-1\"}}").collect(Collectors.joining(",", "[", "]"));
    }

    private static Process start(Path dataDirectory, int port) throws IOException, InterruptedException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("billstream-server-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("target/billstream-server-*-exec.jar is missing: run mvn verify, which packages first"));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(dataDirectory);
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-jar", jar.toAbsolutePath().toString(),
                "--billstream.db.embedded.settings.fsync=off")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("server.log").toFile()));
        builder.environment().put("BILLSTREAM_DATA_DIR", dataDirectory.toString());
        builder.environment().put("BILLSTREAM_PORT", Integer.toString(port));
        builder.environment().put("BILLSTREAM_BOOTSTRAP_API_KEY", KEY);
        Process process = builder.start();
        Api api = new Api(port);
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis()).plus(Duration.ofSeconds(180));
        while (Instant.ofEpochMilli(System.currentTimeMillis()).isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The server exited during start-up:\n" + log(dataDirectory));
            }
            try {
                if (api.get("/actuator/health/readiness", null).status() == 200) {
                    return process;
                }
            } catch (RuntimeException notYetListening) {
                // starting
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("The server did not become ready in 180 s:\n" + log(dataDirectory));
    }

    private static String log(Path dataDirectory) {
        try {
            return Files.readString(dataDirectory.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A killed server leaves its PostgreSQL running; the restarted one stops it, but a failed test must too. */
    private static void stopPostgres(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
