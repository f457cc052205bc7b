package io.billstream.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real server, started from its runnable jar as a separate JVM with a capped heap, so that its
 * memory is measured on its own and the heap target means something. Its embedded PostgreSQL gets a
 * fresh data directory; the server's output goes to {@code server.log} beside it.
 */
final class UsageServerProcess implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final List<String> command;
    private final int port;
    private final Path dataDirectory;
    private final Path log;
    private final Thread killOnExit;

    private UsageServerProcess(Process process, List<String> command, int port, Path dataDirectory, Path log) {
        this.process = process;
        this.command = command;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.log = log;
        // Interrupting the benchmark must not leave a server and its PostgreSQL running.
        this.killOnExit = new Thread(process::destroy);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code java -Xmx<heap> -jar <serverJar>} in {@code workDirectory} with its data in
     * {@code workDirectory/data}, on a free port, with {@code operatorKey} as the bootstrap key, and
     * waits until it reports itself ready.
     */
    static UsageServerProcess start(Path serverJar, String heap, Path workDirectory, String operatorKey, List<String> serverArgs)
            throws IOException, InterruptedException {
        return start(serverJar, heap, List.of(), workDirectory, operatorKey, serverArgs);
    }

    /** As {@link #start(Path, String, Path, String, List)}, with more options for the server's JVM (a profiler's, say). */
    static UsageServerProcess start(Path serverJar, String heap, List<String> jvmOptions, Path workDirectory, String operatorKey,
                                    List<String> serverArgs) throws IOException, InterruptedException {
        int port = freePort();
        Path dataDirectory = workDirectory.resolve("data");
        Path log = workDirectory.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toAbsolutePath().toString()));
        command.addAll(serverArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Only our settings: a BILLSTREAM_DB_URL in the caller's environment would point it elsewhere.
        builder.environment().keySet().removeIf(name -> name.startsWith("BILLSTREAM_"));
        builder.environment().put("BILLSTREAM_DATA_DIR", dataDirectory.toString());
        builder.environment().put("BILLSTREAM_PORT", Integer.toString(port));
        builder.environment().put("BILLSTREAM_BOOTSTRAP_API_KEY", operatorKey);
        // The benchmark measures the server, not the rate limiter: limits out of reach (the limiter still runs).
        builder.environment().put("BILLSTREAM_RATELIMITS_INGESTIONQUOTA", "1000000");
        builder.environment().put("BILLSTREAM_RATELIMITS_RESTQUOTA", "1000000");
        UsageServerProcess server = new UsageServerProcess(builder.start(), List.copyOf(command), port, dataDirectory, log);
        try {
            server.awaitReadiness();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReadiness() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with status " + process.exitValue() + "; its log ends with:\n"
                        + logTail(40));
            }
            try (var connection = new UsageHttpConnection(HOST, port)) {
                if (connection.get("/actuator/health/readiness", "application/json").status() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The server was not ready after " + STARTUP_TIMEOUT.toSeconds() + " s; its log ends with:\n"
                + logTail(40));
    }

    int port() {
        return port;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    List<String> command() {
        return command;
    }

    /** The embedded PostgreSQL cluster's directory, as the server lays it out. */
    Path postgresDirectory() {
        return dataDirectory.resolve("postgres");
    }

    UsageServerMetrics metrics() throws IOException {
        try (var connection = new UsageHttpConnection(HOST, port)) {
            var response = connection.get("/actuator/prometheus", "text/plain");
            if (response.status() != 200) {
                throw new IOException("/actuator/prometheus answered " + response.status());
            }
            return UsageServerMetrics.parse(response.text());
        }
    }

    /**
     * A full GC in the server ({@code jcmd <pid> GC.run}), so that the heap it uses next is what it
     * keeps, not garbage waiting to be collected. Returns null on success, else why it failed.
     */
    String collectGarbage() throws InterruptedException {
        return jcmd("GC.run");
    }

    /**
     * Runs a diagnostic command in the server ({@code jcmd <pid> <command> <arguments>}), for example
     * {@code JFR.start}. Returns null on success, else why it failed.
     */
    String jcmd(String command, String... arguments) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid()), command));
        line.addAll(List.of(arguments));
        try {
            Process run = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
                return "jcmd " + command + " failed: " + output.trim();
            }
            return null;
        } catch (IOException e) {
            return "could not run " + jcmd + ": " + e.getMessage();
        }
    }

    /**
     * A connection to the server's PostgreSQL as the superuser that owns the schema (Flyway migrates
     * as it), which bypasses row-level security. The embedded server keeps the port in
     * {@code postmaster.pid} (fourth line) and the password in {@code postgres.credentials} beside the
     * cluster, readable by the owner only.
     */
    Connection connectAsOwner() throws IOException, SQLException {
        List<String> pid = Files.readAllLines(postgresDirectory().resolve("postmaster.pid"));
        int databasePort = Integer.parseInt(pid.get(3).trim());
        Properties credentials = new Properties();
        try (Reader reader = Files.newBufferedReader(dataDirectory.resolve("postgres.credentials"))) {
            credentials.load(reader);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + databasePort + "/postgres", "postgres",
                credentials.getProperty("superuser"));
    }

    boolean logContains(String text) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line -> line.contains(text));
        }
    }

    String logTail(int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Stops the server as an operator would (SIGTERM: graceful shutdown, PostgreSQL stopped last). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("The server did not stop within " + SHUTDOWN_TIMEOUT.toSeconds() + " s; killing it."
                        + " Its PostgreSQL may still be running on " + postgresDirectory());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
