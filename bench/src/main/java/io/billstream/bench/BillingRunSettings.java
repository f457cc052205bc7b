package io.billstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The billing-run benchmark's parameters; see {@link BillingRunBenchmark}.
 *
 * @param profile    where to write a Java Flight Recorder profile of the server during the period-end
 *                   run, or null for none
 * @param statements whether to load {@code pg_stat_statements} in the server's PostgreSQL and report
 *                   the statements of the period-end run
 */
record BillingRunSettings(int subscriptions, int eventsPerSubscription, String heap, int seedConcurrency, Duration runTimeout,
                          Path profile, boolean statements, Path serverJar, List<String> serverArgs) {

    /** The most events {@code POST /v1/events/batch} takes in one request. */
    static final int EVENTS_PER_BATCH = UsageSettings.MAX_BATCH_SIZE;

    static BillingRunSettings from(String[] args) throws IOException {
        BenchArguments given = BenchArguments.parse(args);
        int events = Integer.parseInt(given.text("events-per-subscription", "10"));
        if (events < 0) {
            throw new IllegalArgumentException("events-per-subscription must not be negative");
        }
        String heap = given.text("heap", "512m");
        if (!heap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException("heap is a -Xmx size such as 512m, not " + heap);
        }
        boolean statements = switch (given.text("statements", "false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("statements must be true or false");
        };
        String profile = given.text("profile", "");
        String jar = given.text("server-jar", "");
        List<String> serverArgs = new ArrayList<>(given.serverArgs());
        if (statements) {
            serverArgs.add("--billstream.db.embedded.settings.shared_preload_libraries=pg_stat_statements");
        }
        var settings = new BillingRunSettings(
                given.positive("subscriptions", "10000"),
                events,
                heap,
                given.positive("seed-concurrency", "4"),
                Duration.ofSeconds(given.positive("run-timeout", "1800")),
                profile.isEmpty() ? null : Path.of(profile).toAbsolutePath(),
                statements,
                jar.isEmpty() ? UsageSettings.builtServerJar() : Path.of(jar),
                List.copyOf(serverArgs));
        given.refuseUnknown();
        if (!Files.isRegularFile(settings.serverJar())) {
            throw new IllegalArgumentException("No server jar at " + settings.serverJar());
        }
        return settings;
    }

    /** Options for the server's JVM: deeper stacks when profiling, so that the frames above Spring's are kept. */
    List<String> jvmOptions() {
        return profile == null ? List.of() : List.of("-XX:FlightRecorderOptions:stackdepth=256");
    }

    String describe() {
        return String.format(Locale.ROOT, "subscriptions=%d events-per-subscription=%d heap=%s seed-concurrency=%d statements=%s%s%s",
                subscriptions, eventsPerSubscription, heap, seedConcurrency, statements, profile == null ? "" : " profile=" + profile,
                serverArgs.isEmpty() ? "" : " " + String.join(" ", serverArgs));
    }
}
