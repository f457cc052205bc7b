package io.billstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.billstream.BillstreamApplication;
import org.HdrHistogram.Histogram;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks per second and latency of {@code GET /v1/customers/{id}/entitlements/{feature_code}}, the
 * read path products call on every request.
 *
 * <p>Starts the real server in this JVM on a free port, with a fresh embedded PostgreSQL in a
 * temporary directory, seeds it through the public API as a user would (a tenant, a metric, a plan
 * with a switch and two limits, N customers each with a subscription, a {@code billing:read} key),
 * warms up, then lets C clients call the check back to back for a fixed time over random customers
 * and features. Every response is checked; a run with errors is reported as invalid.
 *
 * <p>The load generator shares the JVM and the CPU with the server and PostgreSQL, so the figures
 * are conservative. The clients are closed-loop (each sends its next check when the previous one
 * returned), so the latencies are service times under that concurrency.
 *
 * <p>Parameters, as {@code name=value} arguments or {@code -Dbench.name=value} system properties:
 * {@code customers} (1000), {@code concurrency} (32), {@code warmup} seconds (60: on two busy cores
 * the JIT compiler needs about that long to settle), {@code duration} seconds (30), {@code address}
 * ({@code external_id} or {@code id}, how the customer is named in the path), {@code seed-concurrency}
 * (4). Arguments starting with {@code --} are passed to the server as properties, for experiments.
 */
public final class EntitlementCheckBenchmark {

    private static final String OPERATOR_KEY = "sk_bench_operator_0123456789abcdefghijklmnop";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> FEATURES = List.of("sso", "projects", "api_calls");
    private static final long HIGHEST_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);

    private EntitlementCheckBenchmark() {
    }

    record Settings(int customers, int concurrency, Duration warmup, Duration duration, boolean byExternalId, int seedConcurrency,
                    List<String> serverArgs) {

        static Settings from(String[] args) {
            BenchArguments given = BenchArguments.parse(args);
            var settings = new Settings(
                    given.positive("customers", "1000"),
                    given.positive("concurrency", "32"),
                    given.seconds("warmup", "60"),
                    Duration.ofSeconds(given.positive("duration", "30")),
                    switch (given.text("address", "external_id")) {
                        case "external_id" -> true;
                        case "id" -> false;
                        default -> throw new IllegalArgumentException("address must be external_id or id");
                    },
                    given.positive("seed-concurrency", "4"),
                    given.serverArgs());
            given.refuseUnknown();
            return settings;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(args);
        int exitCode;
        try (var temporary = TemporaryDirectory.create("billstream-bench-")) {
            Path dataDirectory = temporary.path();
            ConfigurableApplicationContext server = null;
            try {
                log("Starting the server (embedded PostgreSQL in " + dataDirectory + ")");
                List<String> serverArgs = new ArrayList<>(List.of(
                        "--server.port=0",
                        "--billstream.db.url=",
                        "--billstream.db.embedded.data-directory=" + dataDirectory.resolve("postgres"),
                        "--billstream.bootstrap-api-key=" + OPERATOR_KEY,
                        "--spring.main.log-startup-info=false",
                        "--logging.level.root=warn"));
                serverArgs.addAll(InProcessServer.LIMITS_OUT_OF_REACH);
                serverArgs.addAll(settings.serverArgs());
                server = SpringApplication.run(BillstreamApplication.class, serverArgs.toArray(String[]::new));
                int port = Integer.parseInt(Objects.requireNonNull(server.getEnvironment().getProperty("local.server.port")));
                exitCode = run(settings, "http://127.0.0.1:" + port, dataDirectory);
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
        System.exit(exitCode);
    }

    private static int run(Settings settings, String baseUrl, Path dataDirectory) throws Exception {
        Seeded seeded = seed(settings, baseUrl);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            workers.add(new Worker(baseUrl, seeded, settings.byExternalId()));
        }
        try {
            long warmupErrors = workers.getFirst().printExamples();
            if (!settings.warmup().isZero()) {
                log("Warming up for " + settings.warmup().toSeconds() + " s with " + settings.concurrency() + " clients");
                Phase warmup = Phase.run(workers, settings.warmup(), dataDirectory);
                log(String.format(Locale.ROOT, "Warm-up: %,d checks, %.0f checks/s, %d errors; %s", warmup.checks(),
                        warmup.checksPerSecond(), warmup.errors(), warmup.cpuSummary()));
                warmupErrors += warmup.errors();
            }
            log("Measuring for " + settings.duration().toSeconds() + " s with " + settings.concurrency() + " clients");
            Phase measured = Phase.run(workers, settings.duration(), dataDirectory);
            report(settings, measured, warmupErrors);
            return measured.errors() == 0 && warmupErrors == 0 ? 0 : 1;
        } finally {
            workers.forEach(Worker::close);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Seeding, through the public API only.

    /** What the checks need: the read-only key and each customer's external_id and ID, by index. */
    record Seeded(String readKey, List<String> externalIds, List<String> customerIds) {
    }

    private static Seeded seed(Settings settings, String baseUrl) throws Exception {
        Instant started = Instant.now();
        try (var http = new SeedingClient(baseUrl)) {
            JsonNode tenant = http.created("POST", "/v1/tenants", OPERATOR_KEY, "{\"name\":\"Benchmark\",\"slug\":\"bench\"}");
            String adminKey = tenant.get("admin_key").get("secret").asString();
            http.created("POST", "/v1/billable-metrics", adminKey, "{\"code\":\"api_calls\",\"name\":\"API calls\",\"aggregation\":\"count\"}");
            http.created("POST", "/v1/plans", adminKey, """
                    {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":3000,
                     "features":[{"code":"sso","type":"boolean","enabled":true},{"code":"projects","type":"limit","limit":10},
                                 {"code":"api_calls","type":"limit","limit":100000,"reset":"period","metric_code":"api_calls"}]}
                    """);
            String readKey = http.created("POST", "/v1/api-keys", adminKey, "{\"name\":\"bench\",\"scopes\":[\"billing:read\"]}")
                    .get("secret").asString();

            log("Seeding " + settings.customers() + " customers, each with a subscription to 'pro'");
            String[] externalIds = new String[settings.customers()];
            String[] customerIds = new String[settings.customers()];
            SeedingClient.inParallel(settings.customers(), settings.seedConcurrency(), i -> {
                String externalId = "c-" + i;
                customerIds[i] = http.created("POST", "/v1/customers", adminKey, "{\"external_id\":\"" + externalId + "\"}")
                        .get("id").asString();
                http.created("POST", "/v1/subscriptions", adminKey,
                        "{\"customer_id\":\"" + externalId + "\",\"plan_code\":\"pro\"}");
                externalIds[i] = externalId;
            });
            log(String.format(Locale.ROOT, "Seeded in %.1f s", Duration.between(started, Instant.now()).toMillis() / 1000.0));
            return new Seeded(readKey, List.of(externalIds), List.of(customerIds));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The load: one client thread per connection, each sending its next check when the last returned.

    /** One client thread with its own HTTP/1.1 client, so one kept-alive connection. */
    private static final class Worker implements AutoCloseable {

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String baseUrl;
        private final Seeded seeded;
        private final boolean byExternalId;
        private final String authorization;

        Worker(String baseUrl, Seeded seeded, boolean byExternalId) {
            this.baseUrl = baseUrl;
            this.seeded = seeded;
            this.byExternalId = byExternalId;
            this.authorization = "Bearer " + seeded.readKey();
        }

        /** Checks back to back until {@code deadlineNs}; the check in flight at the deadline still counts. */
        Result runUntil(long deadlineNs) {
            long cpuStartNs = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            Histogram latencies = new Histogram(HIGHEST_LATENCY_NS, 3);
            List<String> errorSamples = new ArrayList<>();
            long errors = 0;
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < deadlineNs) {
                int customer = random.nextInt(seeded.customerIds().size());
                String feature = FEATURES.get(random.nextInt(FEATURES.size()));
                HttpRequest request = request(customer, feature);
                long start = System.nanoTime();
                String problem;
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    long latencyNs = System.nanoTime() - start;
                    problem = problemWith(response, seeded.customerIds().get(customer), feature);
                    if (problem == null) {
                        latencies.recordValue(Math.min(latencyNs, HIGHEST_LATENCY_NS));
                    }
                } catch (IOException e) {
                    problem = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problem = "interrupted";
                }
                if (problem != null) {
                    errors++;
                    if (errorSamples.size() < 5) {
                        errorSamples.add(request.uri().getPath() + ": " + problem);
                    }
                }
            }
            return new Result(latencies, errors, errorSamples, ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStartNs);
        }

        /** Shows one check of each feature; returns how many were wrong. */
        long printExamples() throws Exception {
            long wrong = 0;
            for (String feature : FEATURES) {
                HttpResponse<String> response = client.send(request(0, feature), HttpResponse.BodyHandlers.ofString());
                String problem = problemWith(response, seeded.customerIds().getFirst(), feature);
                log("Example " + request(0, feature).uri().getPath() + " -> " + response.statusCode() + " " + response.body()
                        + (problem == null ? "" : "  WRONG: " + problem));
                wrong += problem == null ? 0 : 1;
            }
            return wrong;
        }

        private HttpRequest request(int customer, String feature) {
            String customerRef = byExternalId ? seeded.externalIds().get(customer) : seeded.customerIds().get(customer);
            return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/customers/" + customerRef + "/entitlements/" + feature))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Accept", "application/json")
                    .GET()
                    .build();
        }

        /** Null when the response is the decision the seeded plan grants; otherwise what is wrong with it. */
        private static String problemWith(HttpResponse<String> response, String customerId, String feature) {
            if (response.statusCode() != 200) {
                return "status " + response.statusCode() + " " + response.body();
            }
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (RuntimeException e) {
                return "unreadable body " + response.body();
            }
            if (!"entitlement".equals(text(body, "object")) || !customerId.equals(text(body, "customer_id"))
                    || !feature.equals(text(body, "feature_code")) || !body.path("allowed").asBoolean(false)) {
                return "unexpected body " + response.body();
            }
            boolean expected = switch (feature) {
                case "sso" -> "boolean".equals(text(body, "type"));
                case "projects" -> "limit".equals(text(body, "type")) && "10".equals(text(body, "limit"))
                        && "0".equals(text(body, "used")) && "10".equals(text(body, "remaining"));
                case "api_calls" -> "limit".equals(text(body, "type")) && "100000".equals(text(body, "limit"))
                        && "0".equals(text(body, "used")) && "100000".equals(text(body, "remaining")) && text(body, "resets_at") != null;
                default -> false;
            };
            return expected ? null : "unexpected body " + response.body();
        }

        private static String text(JsonNode body, String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    record Result(Histogram latencies, long errors, List<String> errorSamples, long cpuNs) {
    }

    /** One timed run of every worker; the histograms of all workers are merged. */
    record Phase(Histogram latencies, long errors, List<String> errorSamples, long elapsedNs, CpuSample cpu, long loadGeneratorCpuNs) {

        static Phase run(List<Worker> workers, Duration duration, Path dataDirectory) throws Exception {
            CpuSample cpuBefore = CpuSample.now(dataDirectory);
            long httpClientCpuBefore = httpClientCpuNs();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < workers.size(); i++) {
                Worker worker = workers.get(i);
                threads.add(Thread.ofPlatform().name("bench-client-" + i).start(() -> results.add(worker.runUntil(deadline))));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long elapsed = System.nanoTime() - start;
            CpuSample cpu = CpuSample.now(dataDirectory).since(cpuBefore);
            long loadGeneratorCpu = httpClientCpuNs() - httpClientCpuBefore;
            Histogram all = new Histogram(HIGHEST_LATENCY_NS, 3);
            long errors = 0;
            List<String> samples = new ArrayList<>();
            for (Result result : results) {
                all.add(result.latencies());
                errors += result.errors();
                samples.addAll(result.errorSamples());
                loadGeneratorCpu += result.cpuNs();
            }
            return new Phase(all, errors, samples.stream().limit(10).toList(), elapsed, cpu, loadGeneratorCpu);
        }

        /** CPU time of the JDK HTTP client's own threads (selector and executor), which do much of the client's work. */
        private static long httpClientCpuNs() {
            var threads = ManagementFactory.getThreadMXBean();
            long sum = 0;
            for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith("HttpClient-")) {
                    sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return sum;
        }

        long checks() {
            return latencies.getTotalCount();
        }

        double checksPerSecond() {
            return checks() / (elapsedNs / 1e9);
        }

        /** CPU in cores (CPU seconds per second of the phase), by who used it. */
        String cpuSummary() {
            double seconds = elapsedNs / 1e9;
            StringBuilder text = new StringBuilder();
            if (cpu.hasMachine()) {
                int cores = Runtime.getRuntime().availableProcessors();
                text.append(String.format(Locale.ROOT, "machine busy %.0f%% of %d cores (steal %.1f%%)", 100 * cpu.machineBusy(), cores,
                        100 * cpu.steal()));
                double jvm = cpu.jvmCpuNs() / 1e9 / seconds;
                double client = loadGeneratorCpuNs / 1e9 / seconds;
                text.append(String.format(Locale.ROOT, ", this JVM %.2f cores (load generator %.2f, server and the rest %.2f)", jvm,
                        client, jvm - client));
                if (cpu.postgresCpuNs() >= 0) {
                    double postgres = cpu.postgresCpuNs() / 1e9 / seconds;
                    double others = Math.max(0, cpu.machineBusy() * cores - jvm - postgres);
                    text.append(String.format(Locale.ROOT, ", its PostgreSQL %.2f cores, other processes %.2f cores", postgres, others));
                }
            }
            text.append(String.format(Locale.ROOT, ", JIT compiling %.1f s, GC %d ms", cpu.jitMs() / 1000.0, cpu.gcMs()));
            return text.toString();
        }
    }

    /**
     * Where the CPU went: the whole machine (busy and stolen, from /proc/stat), this JVM, the
     * benchmark's own PostgreSQL processes, and the JIT compiler and garbage collector inside the JVM.
     * On a shared machine, what the machine spent beyond this JVM and its PostgreSQL went to others.
     */
    record CpuSample(long totalJiffies, long idleJiffies, long stealJiffies, long jvmCpuNs, long postgresCpuNs,
                     long jitMs, long gcMs) {

        static CpuSample now(Path dataDirectory) {
            long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
            var compiler = ManagementFactory.getCompilationMXBean();
            long jit = compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
            long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
            CpuCounters.Machine machine = CpuCounters.Machine.now();
            return new CpuSample(machine.totalJiffies(), machine.idleJiffies(), machine.stealJiffies(), jvm,
                    CpuCounters.postgresNs(dataDirectory), jit, gc);
        }

        CpuSample since(CpuSample before) {
            return new CpuSample(totalJiffies - before.totalJiffies, idleJiffies - before.idleJiffies,
                    stealJiffies - before.stealJiffies, jvmCpuNs - before.jvmCpuNs,
                    postgresCpuNs < 0 || before.postgresCpuNs < 0 ? -1 : postgresCpuNs - before.postgresCpuNs,
                    jitMs - before.jitMs, gcMs - before.gcMs);
        }

        boolean hasMachine() {
            return totalJiffies > 0;
        }

        double machineBusy() {
            return 1.0 - (double) idleJiffies / totalJiffies;
        }

        double steal() {
            return (double) stealJiffies / totalJiffies;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Report.

    private static void report(Settings settings, Phase run, long warmupErrors) {
        Histogram h = run.latencies();
        Runtime runtime = Runtime.getRuntime();
        var os = ManagementFactory.getOperatingSystemMXBean();
        String memory = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? String.format(Locale.ROOT, "%.1f GiB", sun.getTotalMemorySize() / (1024.0 * 1024 * 1024)) : "unknown";
        double elapsedS = run.elapsedNs() / 1e9;
        int cores = runtime.availableProcessors();

        System.out.println();
        System.out.println("== Entitlement check benchmark: GET /v1/customers/{id}/entitlements/{feature_code} ==");
        System.out.println(run.errors() == 0 && warmupErrors == 0
                ? "Result: VALID (every response, warm-up included, was 200 with the expected decision)"
                : "Result: INVALID, " + run.errors() + " checks failed (" + warmupErrors + " in the warm-up); the figures below do not count");
        System.out.printf(Locale.ROOT, "Checks:        %,d in %.1f s%n", h.getTotalCount(), elapsedS);
        System.out.printf(Locale.ROOT, "Throughput:    %,.0f checks/s%n", run.checksPerSecond());
        System.out.printf(Locale.ROOT, "Latency (ms):  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s)%n",
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), ms((long) h.getMean()));
        System.out.printf(Locale.ROOT, "Errors:        %d (warm-up: %d)%n", run.errors(), warmupErrors);
        run.errorSamples().forEach(sample -> System.out.println("  e.g. " + sample));
        System.out.println("Conditions:");
        System.out.printf(Locale.ROOT, "  cores %d, memory %s, %s %s, %s %s (%s)%n", cores, memory,
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), gcNames());
        System.out.printf(Locale.ROOT, "  JVM max heap %d MiB; load average before the report %.2f%n",
                runtime.maxMemory() / (1024 * 1024), os.getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "  customers %d (addressed by %s), features %s, concurrency %d, warm-up %d s, duration %d s%n",
                settings.customers(), settings.byExternalId() ? "external_id" : "id", FEATURES, settings.concurrency(),
                settings.warmup().toSeconds(), settings.duration().toSeconds());
        if (!settings.serverArgs().isEmpty()) {
            System.out.println("  server properties given: " + String.join(" ", settings.serverArgs()));
        }
        System.out.println("  CPU during the measurement: " + run.cpuSummary());
        if (h.getTotalCount() > 0 && run.cpu().jvmCpuNs() > 0) {
            long checks = h.getTotalCount();
            System.out.printf(Locale.ROOT, "  CPU per check: server JVM (with JIT and GC) %.0f us, PostgreSQL %s, load generator %.0f us%n",
                    (run.cpu().jvmCpuNs() - run.loadGeneratorCpuNs()) / 1e3 / checks,
                    run.cpu().postgresCpuNs() < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f us", run.cpu().postgresCpuNs() / 1e3 / checks),
                    run.loadGeneratorCpuNs() / 1e3 / checks);
        }
        System.out.println("  The load generator runs in the server's JVM on the same machine and competes with it and PostgreSQL"
                + " for the CPU, so these figures are conservative.");
        System.out.println();
        System.out.println("| checks/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | checks |");
        System.out.printf(Locale.ROOT, "| %,.0f | %s | %s | %s | %s | %s | %d | %,d |%n", run.checksPerSecond(),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), run.errors(), h.getTotalCount());
        System.out.println();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static String gcNames() {
        return String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(gc -> gc.getName()).toList());
    }

    private static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "] " + message);
    }
}
