package io.billstream.bench;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Usage ingestion throughput and latency: {@code POST /v1/events/batch} (bulk) and
 * {@code POST /v1/events} (one event per request), against the raw ceiling of the same PostgreSQL
 * for the same rows.
 *
 * <p>Starts the real server as a separate JVM with a capped heap ({@link UsageServerProcess}), with a
 * fresh embedded PostgreSQL in a temporary directory, and seeds it through the public API
 * ({@link UsageSeeding}). Then, in one run:
 * <ol>
 *   <li>shows one exchange of each kind;</li>
 *   <li>bulk: B closed-loop clients send batches of realistic events ({@link UsageEventGenerator}),
 *       a share of each batch re-sending events already acknowledged; warm-up, then measurement;</li>
 *   <li>waits for the entitlement refresh queue that ingestion fills to drain, then loads as many
 *       rows as the bulk measurement sent with COPY, from B connections in transactions of the
 *       batch size ({@link UsageCopyCeiling});</li>
 *   <li>single events: S closed-loop clients on virtual threads, the same share re-sent; warm-up,
 *       then measurement;</li>
 *   <li>a full GC in the server, to read the heap it keeps;</li>
 *   <li>counts the benchmark tenant's rows in {@code usage_events}: they must equal the distinct
 *       transaction IDs sent, and the events the server said it accepted.</li>
 * </ol>
 * Every response is checked event by event; a run with any error, or a count that does not match,
 * is reported INVALID and exits with status 1.
 *
 * <p>Parameters, as {@code name=value} arguments or {@code -Dbench.name=value}: {@code customers}
 * (1000), {@code bulk-clients} (4), {@code single-clients} (64), {@code warmup} seconds before each
 * measurement (60), {@code duration} measured seconds of each (30), {@code duplicate-share} (0.05),
 * {@code batch-size} (1000), {@code heap} (the server's {@code -Xmx}, 512m), {@code seed-concurrency}
 * (4), {@code entitlement-limit} (true: the plan limits API calls), {@code server-jar} (found in
 * {@code server/target}). Arguments starting with {@code --} are passed to the server.
 */
public final class UsageIngestionBenchmark {

    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String OPERATOR_KEY = "sk_bench_operator_0123456789abcdefghijklmnop";
    private static final Duration REFRESH_QUEUE_WAIT = Duration.ofSeconds(60);
    private static final Duration REFRESH_QUEUE_STALL = Duration.ofSeconds(5);

    private UsageIngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        UsageSettings settings = UsageSettings.from(args);
        Clock clock = Clock.systemUTC();
        boolean valid;
        try (var work = TemporaryDirectory.create("billstream-usage-bench-")) {
            log("Starting the server: java -Xmx" + settings.heap() + " -jar " + settings.serverJar() + " (data in " + work.path() + ")");
            try (var server = UsageServerProcess.start(settings.serverJar(), settings.heap(), work.path(), OPERATOR_KEY,
                    settings.serverArgs())) {
                log("Server ready on port " + server.port() + " (pid " + server.handle().pid() + ")");
                try {
                    valid = run(settings, server, clock).print();
                } catch (Exception | Error e) {
                    System.err.println("The benchmark failed; the server's log ends with:\n" + server.logTail(30));
                    throw e;
                }
                log("Stopping the server");
            }
        }
        System.exit(valid ? 0 : 1);
    }

    private static UsageReport run(UsageSettings settings, UsageServerProcess server, Clock clock) throws Exception {
        UsageSeeding.Seeded seeded = UsageSeeding.seed("http://" + UsageServerProcess.HOST + ":" + server.port(), OPERATOR_KEY,
                settings.customers(), settings.seedConcurrency(), settings.entitlementLimit(), clock);
        // Unix-second timestamps lose their fraction: a second's margin keeps every event after the subscriptions started.
        Instant notBefore = seeded.seededAt().plusSeconds(1);
        String authorization = "Bearer " + seeded.usageKey();
        UsageTally everything = new UsageTally();

        UsageTally examples = showExamples(server, authorization, seeded, notBefore, clock);
        everything.add(examples);

        List<UsageBulkClient> bulkClients = clients(settings.bulkClients(), i -> new UsageBulkClient(connection(server), authorization,
                new UsageEventGenerator("b" + i, settings.customers(), notBefore, clock), settings.batchSize(), settings.duplicateShare()));
        UsageLoadPhase bulkWarmup = phase("Bulk warm-up", bulkClients, settings.warmup(), server, everything);
        UsageLoadPhase bulk = phase("Bulk measurement", bulkClients, settings.duration(), server, everything);
        bulkClients.forEach(UsageClient::close);

        String refreshQueue = awaitRefreshQueue(server);
        log("Entitlement refresh queue: " + refreshQueue);

        long copyRows = Math.max(settings.batchSize(), bulk.tally().events);
        log(String.format(Locale.ROOT, "COPY ceiling: %,d rows from %d connections, %d rows per transaction", copyRows,
                settings.bulkClients(), settings.batchSize()));
        UsageCopyCeiling.Result copy = UsageCopyCeiling.run(server, seeded, copyRows, settings.bulkClients(), settings.batchSize(), clock);
        log(String.format(Locale.ROOT, "COPY ceiling: %,.0f rows/s; %s", copy.rowsPerSecond(), copy.cpu().summary(copy.elapsedNs())));

        List<UsageSingleClient> singleClients = clients(settings.singleClients(), i -> new UsageSingleClient(connection(server),
                authorization, new UsageEventGenerator("s" + i, settings.customers(), notBefore, clock), settings.duplicateShare()));
        UsageLoadPhase singleWarmup = phase("Single-event warm-up", singleClients, settings.warmup(), server, everything);
        UsageLoadPhase single = phase("Single-event measurement", singleClients, settings.duration(), server, everything);
        singleClients.forEach(UsageClient::close);

        log("Full GC in the server, then reading its heap");
        String gcProblem = server.collectGarbage();
        UsageServerMetrics afterGc = server.metrics();

        long rowsInTable;
        try (Connection owner = server.connectAsOwner()) {
            rowsInTable = UsageCopyCeiling.countRows(owner, seeded.tenantId());
        }
        return new UsageReport(settings, bulkWarmup, bulk, copy, singleWarmup, single, examples.errors, everything, rowsInTable,
                afterGc, gcProblem, server.logContains("OutOfMemoryError"), refreshQueue, averageEventBytes(settings, notBefore, clock),
                server.command());
    }

    /** One exchange of each kind, printed, so that a reader sees what the load sends and gets. */
    private static UsageTally showExamples(UsageServerProcess server, String authorization, UsageSeeding.Seeded seeded,
                                           Instant notBefore, Clock clock) {
        UsageTally tally = new UsageTally();
        int customers = seeded.customerIds().size();
        try (var single = new UsageSingleClient(connection(server), authorization, new UsageEventGenerator("x", customers, notBefore, clock), 0)) {
            printExample("POST /v1/events", single.send(tally, false));
            printExample("POST /v1/events, the same event again", single.send(tally, true));
        }
        try (var bulk = new UsageBulkClient(connection(server), authorization, new UsageEventGenerator("xb", customers, notBefore, clock),
                4, 0.25)) {
            bulk.send(tally);
            printExample("POST /v1/events/batch, one of the four events re-sent", bulk.send(tally));
        }
        return tally;
    }

    private static void printExample(String what, UsageClient.Exchange exchange) {
        var response = exchange.response();
        log("Example " + what + ":\n    > " + shorten(exchange.request()) + "\n    < "
                + (response == null ? "no response" : response.status() + " " + shorten(response.text()))
                + (exchange.problem() == null ? "" : "\n    WRONG: " + exchange.problem()));
    }

    private static <C extends UsageClient> List<C> clients(int count, IntFunction<C> client) {
        List<C> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(client.apply(i));
        }
        return clients;
    }

    private static UsageHttpConnection connection(UsageServerProcess server) {
        return new UsageHttpConnection(UsageServerProcess.HOST, server.port());
    }

    /** Runs a phase (none when {@code duration} is zero), logs it, and adds its tally to {@code everything}. */
    private static UsageLoadPhase phase(String name, List<? extends UsageClient> clients, Duration duration, UsageServerProcess server,
                                        UsageTally everything) throws Exception {
        if (duration.isZero()) {
            return null;
        }
        log(name + ": " + duration.toSeconds() + " s with " + clients.size() + " clients");
        UsageLoadPhase phase = UsageLoadPhase.run(clients, duration, server);
        everything.add(phase.tally());
        log(String.format(Locale.ROOT, "%s: %,d requests, %,.0f requests/s, %,.0f events/s, %d errors; %s", name, phase.tally().requests,
                phase.requestsPerSecond(), phase.eventsPerSecond(), phase.tally().errors, phase.cpu().summary(phase.elapsedNs())));
        phase.tally().errorSamples.forEach(sample -> log("  e.g. " + sample));
        return phase;
    }

    /**
     * Ingestion queues each subscription whose limits it touched, for the scheduler to recompute in
     * the background. Waiting for that to finish keeps the COPY measurement from competing with it;
     * waiting stops early when the queue stops shrinking (nothing is draining it).
     */
    private static String awaitRefreshQueue(UsageServerProcess server) throws Exception {
        long start = System.nanoTime();
        long lastProgress = start;
        long lowest = Long.MAX_VALUE;
        try (Connection owner = server.connectAsOwner(); var count = owner.prepareStatement("SELECT count(*) FROM usage_refresh_queue")) {
            while (true) {
                long queued;
                try (var result = count.executeQuery()) {
                    result.next();
                    queued = result.getLong(1);
                }
                long now = System.nanoTime();
                double waitedS = (now - start) / 1e9;
                if (queued == 0) {
                    return String.format(Locale.ROOT, "empty after %.1f s", waitedS);
                }
                if (queued < lowest) {
                    lowest = queued;
                    lastProgress = now;
                }
                if (now - lastProgress > REFRESH_QUEUE_STALL.toNanos() || now - start > REFRESH_QUEUE_WAIT.toNanos()) {
                    return String.format(Locale.ROOT, "%,d subscription metrics still queued after %.1f s (%s)", queued, waitedS,
                            now - lastProgress > REFRESH_QUEUE_STALL.toNanos() ? "not draining" : "draining too slowly");
                }
                Thread.sleep(500);
            }
        }
    }

    /** The mean size of an event's JSON, from a sample that is never sent. */
    private static double averageEventBytes(UsageSettings settings, Instant notBefore, Clock clock) {
        var generator = new UsageEventGenerator("b0", settings.customers(), notBefore, clock);
        long bytes = 0;
        int sample = 10_000;
        for (int i = 0; i < sample; i++) {
            bytes += generator.next().json().length();
        }
        return (double) bytes / sample;
    }

    private static String shorten(String text) {
        return text.length() <= 700 ? text : text.substring(0, 700) + "… (" + text.length() + " characters)";
    }

    static void log(String message) {
        System.out.println("[bench " + TIME_OF_DAY.format(LocalTime.now()) + "] " + message);
    }
}
