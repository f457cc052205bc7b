package io.billstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The usage benchmark's parameters; see {@link UsageIngestionBenchmark}.
 *
 * @param warmup   seconds of load before each of the two measurements (bulk, then single events)
 * @param duration measured seconds of each
 */
record UsageSettings(int customers, int bulkClients, int singleClients, Duration warmup, Duration duration, double duplicateShare,
                     int batchSize, String heap, int seedConcurrency, boolean entitlementLimit, Path serverJar, List<String> serverArgs) {

    /** The most events {@code POST /v1/events/batch} takes in one request. */
    static final int MAX_BATCH_SIZE = 1000;

    static UsageSettings from(String[] args) throws IOException {
        BenchArguments given = BenchArguments.parse(args);
        double duplicateShare = Double.parseDouble(given.text("duplicate-share", "0.05"));
        if (!(duplicateShare >= 0 && duplicateShare < 1)) {
            throw new IllegalArgumentException("duplicate-share must be at least 0 and less than 1");
        }
        int batchSize = given.positive("batch-size", "1000");
        if (batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch-size must be at most " + MAX_BATCH_SIZE + ", the API's limit");
        }
        String heap = given.text("heap", "512m");
        if (!heap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException("heap is a -Xmx size such as 512m, not " + heap);
        }
        boolean entitlementLimit = switch (given.text("entitlement-limit", "true")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("entitlement-limit must be true or false");
        };
        String jar = given.text("server-jar", "");
        var settings = new UsageSettings(
                given.positive("customers", "1000"),
                given.positive("bulk-clients", "4"),
                given.positive("single-clients", "64"),
                given.seconds("warmup", "60"),
                Duration.ofSeconds(given.positive("duration", "30")),
                duplicateShare,
                batchSize,
                heap,
                given.positive("seed-concurrency", "4"),
                entitlementLimit,
                jar.isEmpty() ? builtServerJar() : Path.of(jar),
                given.serverArgs());
        given.refuseUnknown();
        if (!Files.isRegularFile(settings.serverJar())) {
            throw new IllegalArgumentException("No server jar at " + settings.serverJar());
        }
        return settings;
    }

    /** The jar the server module builds (classifier {@code exec}), from the repository root. */
    static Path builtServerJar() throws IOException {
        Path target = Path.of("server", "target");
        List<Path> jars = List.of();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                jars = files.filter(f -> f.getFileName().toString().matches("billstream-server-.*-exec\\.jar")).toList();
            }
        }
        if (jars.size() != 1) {
            throw new IllegalArgumentException("Expected one server/target/billstream-server-*-exec.jar under " + Path.of("").toAbsolutePath()
                    + ", found " + jars + ". Run from the repository root after `./mvnw -pl bench -am package -DskipTests`,"
                    + " or give server-jar=<path>.");
        }
        return jars.getFirst();
    }

    String describe() {
        return String.format(Locale.ROOT, "customers=%d bulk-clients=%d single-clients=%d warmup=%d duration=%d duplicate-share=%s"
                        + " batch-size=%d heap=%s entitlement-limit=%s%s", customers, bulkClients, singleClients, warmup.toSeconds(),
                duration.toSeconds(), duplicateShare, batchSize, heap, entitlementLimit,
                serverArgs.isEmpty() ? "" : " " + String.join(" ", serverArgs));
    }
}
