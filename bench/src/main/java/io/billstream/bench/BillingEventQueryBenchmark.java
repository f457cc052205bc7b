package io.billstream.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of {@code GET /v1/billing-events} with three filters over a log of millions of events.
 *
 * <p>Starts the real server in this JVM over a fresh embedded PostgreSQL, creates a tenant and an
 * {@code events:read} key through the API, then writes N billing events for that tenant straight
 * into the log as the schema owner (generating tens of millions of events through the API would take
 * hours and measures something else): realistic types, customers, subscriptions, invoices, payments,
 * amounts and times over two years, in sequence order, through the table's real indexes. After
 * {@code ANALYZE}, C clients query back to back with three filters each, in three shapes chosen at
 * random, with random values, and every answer is checked against the filters.
 *
 * <p>Parameters ({@code name=value} or {@code -Dbench.name=value}): {@code events} (10,000,000),
 * {@code customers} (10,000), {@code concurrency} (4), {@code warmup} seconds (20), {@code duration}
 * seconds (30).
 */
public final class BillingEventQueryBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long HIGHEST_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);
    /** The first event's time; the events are spread evenly over the two years after it. */
    private static final Instant LOG_START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration LOG_SPAN = Duration.ofDays(730);
    /** Event types in the generated log, each equally likely. */
    static final List<String> TYPES = List.of(
            "customer.created", "customer.updated", "subscription.created", "subscription.renewed", "subscription.updated",
            "subscription.canceled", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.voided",
            "payment.succeeded", "payment.failed", "payment.refunded", "credit_note.created", "usage.late_event",
            "entitlement.updated", "invoice.payment_failed", "subscription.trial_ended", "payment.processing", "customer.deleted");

    private BillingEventQueryBenchmark() {
    }

    record Settings(int events, int customers, int concurrency, Duration warmup, Duration duration, List<String> serverArgs) {

        static Settings from(String[] args) {
            BenchArguments given = BenchArguments.parse(args);
            var settings = new Settings(given.positive("events", "10000000"), given.positive("customers", "10000"),
                    given.positive("concurrency", "4"), given.seconds("warmup", "20"),
                    Duration.ofSeconds(given.positive("duration", "30")), given.serverArgs());
            given.refuseUnknown();
            return settings;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(args);
        int exitCode;
        try (var temporary = TemporaryDirectory.create("billstream-bench-");
             var server = InProcessServer.start(temporary.path(), settings.serverArgs())) {
            exitCode = run(settings, server);
        }
        System.exit(exitCode);
    }

    private static int run(Settings settings, InProcessServer server) throws Exception {
        String readKey;
        String tenantId;
        try (var http = new SeedingClient(server.baseUrl())) {
            JsonNode tenant = http.created("POST", "/v1/tenants", InProcessServer.OPERATOR_KEY,
                    "{\"name\":\"Benchmark\",\"slug\":\"bench\"}");
            tenantId = tenant.get("tenant").get("id").asString();
            String adminKey = tenant.get("admin_key").get("secret").asString();
            readKey = http.created("POST", "/v1/api-keys", adminKey, "{\"name\":\"bench\",\"scopes\":[\"events:read\"]}")
                    .get("secret").asString();
        }
        generate(settings, server, tenantId);

        Query[] shapes = Query.values();
        var clients = new ArrayList<Client>();
        for (int i = 0; i < settings.concurrency(); i++) {
            clients.add(new Client(server.baseUrl(), readKey, settings));
        }
        for (Query shape : shapes) {
            log("Example " + shape + ": " + clients.getFirst().example(shape));
        }
        log("Warming up for " + settings.warmup().toSeconds() + " s");
        Phase warmup = Phase.run(clients, settings.warmup());
        log(String.format(Locale.ROOT, "Warm-up: %,d queries, %d errors", warmup.total().getTotalCount(), warmup.errors()));
        log("Measuring for " + settings.duration().toSeconds() + " s with " + settings.concurrency() + " clients");
        Phase measured = Phase.run(clients, settings.duration());
        report(settings, measured);
        clients.forEach(Client::close);
        return measured.errors() == 0 && warmup.errors() == 0 ? 0 : 1;
    }

    // ---------------------------------------------------------------------------------------------
    // The log, generated in PostgreSQL in chunks, in sequence order.

    private static void generate(Settings settings, InProcessServer server, String tenantId) throws Exception {
        long started = System.nanoTime();
        int chunk = 500_000;
        String typeArray = "ARRAY['" + String.join("','", TYPES) + "']";
        String insert = """
                INSERT INTO billing_events (tenant_id, sequence, id, type, occurred_at, customer_id, subscription_id, invoice_id,
                                            payment_id, request_id, api_version, data%s)
                SELECT ?, g, 'evt_bench' || lpad(g::text, 10, '0'), t.type,
                       ?::timestamptz + (g * ?::double precision) * interval '1 millisecond',
                       'cus_bench' || lpad((abs(hashint8(-g)) %% ?)::text, 7, '0'),
                       'sub_bench' || lpad((abs(hashint8(-g)) %% ?)::text, 7, '0'),
                       CASE WHEN t.type LIKE 'invoice.%%' OR t.type LIKE 'payment.%%' OR t.type LIKE 'credit_note.%%'
                            THEN 'inv_bench' || lpad((g / 3)::text, 10, '0') END,
                       CASE WHEN t.type LIKE 'payment.%%' THEN 'pay_bench' || lpad(g::text, 10, '0') END,
                       'req_bench' || g, '2026-11-01',
                       jsonb_build_object('object', jsonb_build_object('id', 'obj_' || g, 'object', split_part(t.type, '.', 1),
                                          'amount_minor', (g * 7) %% 100000, 'currency', 'USD', 'status', 'ok',
                                          'metadata', jsonb_build_object('bench', true)))%s
                FROM generate_series(?::bigint, ?::bigint) g
                CROSS JOIN LATERAL (SELECT (%s)[1 + (abs(hashint8(g)) %% %d)] AS type) t
                """;
        // Columns the event log fills from the event's object, when this build's log has them.
        String extraColumns = "";
        String extraValues = "";
        try (Connection owner = server.ownerDataSource().getConnection()) {
            var columns = new java.util.HashSet<String>();
            try (var rs = owner.createStatement().executeQuery(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'billing_events'")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            if (columns.contains("amount_minor")) {
                extraColumns += ", amount_minor, currency";
                extraValues += """
                        , CASE WHEN t.type LIKE 'invoice.%' OR t.type LIKE 'payment.%' THEN (g * 7) % 100000 END,
                          CASE WHEN t.type LIKE 'invoice.%' OR t.type LIKE 'payment.%' THEN 'USD' END""";
            }
            if (columns.contains("provider_transaction_id")) {
                extraColumns += ", provider_transaction_id";
                extraValues += ", CASE WHEN t.type LIKE 'payment.%' THEN 'pi_bench' || g END";
            }
            if (columns.contains("payment_method_type")) {
                extraColumns += ", payment_method_type";
                extraValues += ", CASE WHEN t.type LIKE 'payment.%' THEN (ARRAY['card','sepa_debit','manual'])[1 + g % 3] END";
            }
            String sql = String.format(Locale.ROOT, insert, extraColumns, extraValues, typeArray, TYPES.size());
            double stepMs = (double) LOG_SPAN.toMillis() / settings.events();
            owner.setAutoCommit(true);
            try (PreparedStatement statement = owner.prepareStatement(sql)) {
                for (long from = 1; from <= settings.events(); from += chunk) {
                    long to = Math.min(settings.events(), from + chunk - 1);
                    statement.setString(1, tenantId);
                    statement.setString(2, LOG_START.toString());
                    statement.setDouble(3, stepMs);
                    statement.setInt(4, settings.customers());
                    statement.setInt(5, settings.customers());
                    statement.setLong(6, from);
                    statement.setLong(7, to);
                    statement.executeUpdate();
                    log(String.format(Locale.ROOT, "Generated %,d of %,d events (%.0f s)", to, settings.events(),
                            (System.nanoTime() - started) / 1e9));
                }
            }
            try (Statement statement = owner.createStatement()) {
                statement.execute("INSERT INTO tenant_event_sequences (tenant_id, last_sequence) VALUES ('" + tenantId + "', "
                        + settings.events() + ") ON CONFLICT (tenant_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence");
                statement.execute("VACUUM (ANALYZE) billing_events");
                try (var rs = statement.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('billing_events'))")) {
                    rs.next();
                    log("billing_events with its indexes: " + rs.getString(1));
                }
            }
        }
        log(String.format(Locale.ROOT, "Log of %,d events ready in %.0f s", settings.events(), (System.nanoTime() - started) / 1e9));
    }

    // ---------------------------------------------------------------------------------------------
    // The queries: three shapes, three filters each, random values.

    enum Query {
        /** A customer's invoice events in a quarter. */
        CUSTOMER_INVOICES_IN_QUARTER,
        /** Successful payments within an amount range in a month. */
        PAYMENTS_BY_AMOUNT_IN_MONTH,
        /** One subscription's subscription events, by customer. */
        SUBSCRIPTION_EVENTS_OF_CUSTOMER;

        String path(Settings settings, ThreadLocalRandom random) {
            String customer = String.format(Locale.ROOT, "cus_bench%07d", random.nextInt(settings.customers()));
            return switch (this) {
                case CUSTOMER_INVOICES_IN_QUARTER -> {
                    Instant from = randomStart(random, 90);
                    yield "/v1/billing-events?type=" + encode("invoice.*") + "&customer_id=" + customer
                            + "&occurred_from=" + encode(from) + "&occurred_to=" + encode(from.plus(90, ChronoUnit.DAYS));
                }
                case PAYMENTS_BY_AMOUNT_IN_MONTH -> {
                    Instant from = randomStart(random, 30);
                    long low = random.nextLong(90_000);
                    yield "/v1/billing-events?type=payment.succeeded&amount_from=" + low + "&amount_to=" + (low + 10_000)
                            + "&occurred_from=" + encode(from) + "&occurred_to=" + encode(from.plus(30, ChronoUnit.DAYS));
                }
                case SUBSCRIPTION_EVENTS_OF_CUSTOMER -> "/v1/billing-events?type=" + encode("subscription.*") + "&customer_id=" + customer
                        + "&subscription_id=" + customer.replace("cus_", "sub_");
            };
        }

        private static String encode(Object value) {
            return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
        }

        private static Instant randomStart(ThreadLocalRandom random, int days) {
            return LOG_START.plus(random.nextLong(LOG_SPAN.toDays() - days), ChronoUnit.DAYS);
        }

        /** Null when every returned event satisfies the query's filters. */
        String problemWith(String path, JsonNode body) {
            Map<String, String> params = new TreeMap<>();
            for (String pair : URI.create(path).getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            if (!"list".equals(body.path("object").asString(""))) {
                return "not a list";
            }
            for (JsonNode event : body.path("data")) {
                String type = event.path("type").asString("");
                String wantedType = params.get("type");
                if (wantedType.endsWith(".*") ? !type.startsWith(wantedType.substring(0, wantedType.length() - 1)) : !type.equals(wantedType)) {
                    return "type " + type;
                }
                if (params.containsKey("customer_id") && !params.get("customer_id").equals(event.path("customer_id").asString(""))) {
                    return "customer " + event.path("customer_id");
                }
                if (params.containsKey("subscription_id")
                        && !params.get("subscription_id").equals(event.path("subscription_id").asString(""))) {
                    return "subscription " + event.path("subscription_id");
                }
                if (params.containsKey("occurred_from")) {
                    Instant at = Instant.parse(event.path("occurred_at").asString());
                    if (at.isBefore(Instant.parse(params.get("occurred_from"))) || !at.isBefore(Instant.parse(params.get("occurred_to")))) {
                        return "occurred_at " + at;
                    }
                }
                if (params.containsKey("amount_from")) {
                    long amount = event.path("data").path("object").path("amount_minor").asLong(-1);
                    if (amount < Long.parseLong(params.get("amount_from")) || amount > Long.parseLong(params.get("amount_to"))) {
                        return "amount " + amount;
                    }
                }
            }
            return null;
        }
    }

    /** One client thread with its own kept-alive HTTP/1.1 connection. */
    private static final class Client implements AutoCloseable {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String baseUrl;
        private final String authorization;
        private final Settings settings;

        Client(String baseUrl, String key, Settings settings) {
            this.baseUrl = baseUrl;
            this.authorization = "Bearer " + key;
            this.settings = settings;
        }

        String example(Query shape) throws Exception {
            String path = shape.path(settings, ThreadLocalRandom.current());
            HttpResponse<String> response = send(path);
            JsonNode body = JSON.readTree(response.body());
            return path + " -> " + response.statusCode() + ", " + body.path("data").size() + " events, has_more "
                    + body.path("has_more") + (response.statusCode() == 200 ? "" : " " + response.body());
        }

        void runUntil(long deadlineNs, Map<Query, Histogram> latencies, AtomicLong errors, List<String> errorSamples) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Query[] shapes = Query.values();
            while (System.nanoTime() < deadlineNs) {
                Query shape = shapes[random.nextInt(shapes.length)];
                String path = shape.path(settings, random);
                long start = System.nanoTime();
                String problem;
                try {
                    HttpResponse<String> response = send(path);
                    long latencyNs = System.nanoTime() - start;
                    problem = response.statusCode() != 200 ? "status " + response.statusCode() + " " + response.body()
                            : shape.problemWith(path, JSON.readTree(response.body()));
                    if (problem == null) {
                        Histogram histogram = latencies.get(shape);
                        synchronized (histogram) {
                            histogram.recordValue(Math.min(latencyNs, HIGHEST_LATENCY_NS));
                        }
                    }
                } catch (Exception e) {
                    problem = e.toString();
                }
                if (problem != null) {
                    errors.incrementAndGet();
                    synchronized (errorSamples) {
                        if (errorSamples.size() < 5) {
                            errorSamples.add(path + ": " + problem);
                        }
                    }
                }
            }
        }

        private HttpResponse<String> send(String path) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization).header("Accept", "application/json").GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            http.close();
        }
    }

    record Phase(Map<Query, Histogram> latencies, long errors, List<String> errorSamples, long elapsedNs) {

        static Phase run(List<Client> clients, Duration duration) throws InterruptedException {
            Map<Query, Histogram> latencies = new ConcurrentHashMap<>();
            for (Query shape : Query.values()) {
                latencies.put(shape, new Histogram(HIGHEST_LATENCY_NS, 3));
            }
            AtomicLong errors = new AtomicLong();
            List<String> samples = new ArrayList<>();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (Client client : clients) {
                threads.add(Thread.ofPlatform().start(() -> client.runUntil(deadline, latencies, errors, samples)));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            return new Phase(latencies, errors.get(), samples, System.nanoTime() - start);
        }

        Histogram total() {
            Histogram all = new Histogram(HIGHEST_LATENCY_NS, 3);
            latencies.values().forEach(all::add);
            return all;
        }
    }

    private static void report(Settings settings, Phase phase) {
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "GET /v1/billing-events, three filters, over %,d events (%,d customers), %d clients, %d s",
                settings.events(), settings.customers(), settings.concurrency(), settings.duration().toSeconds()));
        System.out.println("| Query | Queries | Queries/s | p50 ms | p90 ms | p99 ms | p99.9 ms | Max ms |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Query shape : Query.values()) {
            row(shape.name().toLowerCase(Locale.ROOT), phase.latencies().get(shape), phase.elapsedNs());
        }
        row("all", phase.total(), phase.elapsedNs());
        System.out.println("Errors: " + phase.errors() + (phase.errors() == 0 ? "" : " INVALID " + phase.errorSamples()));
    }

    private static void row(String name, Histogram histogram, long elapsedNs) {
        System.out.println(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |", name,
                histogram.getTotalCount(), histogram.getTotalCount() / (elapsedNs / 1e9), ms(histogram, 50), ms(histogram, 90),
                ms(histogram, 99), ms(histogram, 99.9), histogram.getMaxValue() / 1e6));
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    private static void log(String message) {
        System.out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
