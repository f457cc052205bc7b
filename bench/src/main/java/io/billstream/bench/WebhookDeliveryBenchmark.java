package io.billstream.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * Webhook deliveries per second and event-to-delivery latency.
 *
 * <p>Starts the real server in this JVM over a fresh embedded PostgreSQL and a local receiver (the
 * JDK's HTTP server on 127.0.0.1, one virtual thread per request, answering 204) on the same two
 * cores. Through the API it creates a tenant, allows it private webhook URLs (the receiver is on
 * loopback) and registers E endpoints on the receiver; by default each endpoint subscribes to its
 * own event type, so each event is delivered once ({@code fanout=all} subscribes every endpoint to
 * every event). Events are appended to the tenant's billing-event log in PostgreSQL as the schema
 * owner, taking sequence numbers from the tenant's counter exactly as the application does: the
 * benchmark measures delivery, not how events are made.
 *
 * <p>Two phases: <b>steady</b>, R events per second for D seconds (not backlogged): latency from
 * the commit of an event to its arrival at the receiver; then <b>backlog</b>, N events committed at
 * once: deliveries per second until the last arrives. The receiver verifies every request's
 * Standard Webhooks signature with the endpoint's secret and counts duplicates and missing events;
 * a run with any is invalid.
 *
 * <p>Parameters: {@code endpoints} (10), {@code events} (100,000, the backlog), {@code rate} (200
 * events/s in the steady phase), {@code steady} seconds (30), {@code fanout} ({@code one} or
 * {@code all}).
 */
public final class WebhookDeliveryBenchmark {

    /** Real catalog types, so endpoints subscribe the way a user would. */
    static final List<String> TYPES = List.of("invoice.created", "invoice.finalized", "invoice.paid", "payment.succeeded",
            "payment.failed", "subscription.created", "subscription.renewed", "customer.created", "customer.updated",
            "credit_note.created");
    private static final long HIGHEST_LATENCY_NS = TimeUnit.SECONDS.toNanos(3600);

    private WebhookDeliveryBenchmark() {
    }

    record Settings(int endpoints, int events, int rate, Duration steady, boolean fanoutAll, List<String> serverArgs) {

        static Settings from(String[] args) {
            BenchArguments given = BenchArguments.parse(args);
            var settings = new Settings(given.positive("endpoints", "10"), given.positive("events", "100000"),
                    given.positive("rate", "200"), Duration.ofSeconds(given.positive("steady", "30")),
                    switch (given.text("fanout", "one")) {
                        case "one" -> false;
                        case "all" -> true;
                        default -> throw new IllegalArgumentException("fanout must be one or all");
                    },
                    given.serverArgs());
            given.refuseUnknown();
            return settings;
        }

        /** Event n's type; endpoint i (fanout one) subscribes to the type of event i. */
        String typeOf(long eventNumber) {
            return TYPES.get((int) (eventNumber % endpoints % TYPES.size()));
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.from(args);
        int exitCode;
        Receiver receiver = new Receiver();
        try (var temporary = TemporaryDirectory.create("billstream-bench-");
             var server = InProcessServer.start(temporary.path(), settings.serverArgs())) {
            exitCode = run(settings, server, receiver);
        } finally {
            receiver.close();
        }
        System.exit(exitCode);
    }

    private static int run(Settings settings, InProcessServer server, Receiver receiver) throws Exception {
        String tenantId;
        try (var http = new SeedingClient(server.baseUrl())) {
            JsonNode tenant = http.created("POST", "/v1/tenants", InProcessServer.OPERATOR_KEY,
                    "{\"name\":\"Benchmark\",\"slug\":\"bench\"}");
            tenantId = tenant.get("tenant").get("id").asString();
            String adminKey = tenant.get("admin_key").get("secret").asString();
            http.call("PATCH", "/v1/webhook-settings", adminKey, "{\"allow_private_urls\":true}", 200);
            for (int i = 0; i < settings.endpoints(); i++) {
                String types = settings.fanoutAll() ? "\"*\"" : "\"" + settings.typeOf(i) + "\"";
                JsonNode endpoint = http.created("POST", "/v1/webhook-endpoints", adminKey,
                        "{\"url\":\"" + receiver.url(i) + "\",\"event_types\":[" + types + "],\"development\":true}");
                receiver.secrets.put(i, Base64.getDecoder().decode(endpoint.get("secret").asString().substring("whsec_".length())));
            }
        }
        long perEvent = settings.fanoutAll() ? settings.endpoints() : 1;
        try (var log = new EventAppender(server, tenantId, settings)) {
            log("Steady phase: " + settings.rate() + " events/s for " + settings.steady().toSeconds() + " s");
            long steadyEvents = (long) settings.rate() * settings.steady().toSeconds();
            receiver.startPhase();
            long start = System.nanoTime();
            for (long sent = 0; sent < steadyEvents; ) {
                // One batch every 10 ms keeps the rate smooth without a commit per event.
                long due = Math.min(steadyEvents, (System.nanoTime() - start) * settings.rate() / 1_000_000_000L + 1);
                if (due > sent) {
                    log.append((int) (due - sent));
                    sent = due;
                }
                Thread.sleep(10);
            }
            Phase steady = receiver.awaitPhase(steadyEvents * perEvent, Duration.ofSeconds(120));
            report("steady", steady);

            log("Backlog phase: " + settings.events() + " events committed at once");
            receiver.startPhase();
            log.append(settings.events());
            Phase backlog = receiver.awaitPhase(settings.events() * perEvent, Duration.ofMinutes(30));
            report("backlog", backlog);
            System.out.println(String.format(Locale.ROOT, "%n%d endpoints, fanout %s: steady p50 %.1f ms, p99 %.1f ms at %,d deliveries/s;"
                            + " backlog %,d deliveries in %.1f s = %,.0f deliveries/s",
                    settings.endpoints(), settings.fanoutAll() ? "all" : "one", steady.latencies().getValueAtPercentile(50) / 1e6,
                    steady.latencies().getValueAtPercentile(99) / 1e6, Math.round(steady.perSecond()), backlog.delivered(),
                    backlog.elapsedNs() / 1e9, backlog.perSecond()));
            boolean valid = steady.valid() && backlog.valid() && receiver.badSignatures.get() == 0 && receiver.duplicates.get() == 0;
            System.out.println(valid ? "VALID" : "INVALID: " + receiver.badSignatures + " bad signatures, " + receiver.duplicates
                    + " duplicates, missing " + (steady.expected() - steady.delivered()) + " + " + (backlog.expected() - backlog.delivered()));
            return valid ? 0 : 1;
        }
    }

    /** Appends events to the tenant's log the way the application does: sequence from the tenant's counter, one transaction per batch. */
    private static final class EventAppender implements AutoCloseable {

        private final Connection owner;
        private final String tenantId;
        private final Settings settings;
        private long appended;

        EventAppender(InProcessServer server, String tenantId, Settings settings) throws Exception {
            this.owner = server.ownerDataSource().getConnection();
            this.owner.setAutoCommit(false);
            this.tenantId = tenantId;
            this.settings = settings;
            if (settings.endpoints() > TYPES.size() && !settings.fanoutAll()) {
                throw new IllegalArgumentException("fanout=one supports at most " + TYPES.size() + " endpoints");
            }
        }

        void append(int count) throws Exception {
            long last;
            try (PreparedStatement next = owner.prepareStatement("""
                    INSERT INTO tenant_event_sequences (tenant_id, last_sequence) VALUES (?, ?)
                    ON CONFLICT (tenant_id) DO UPDATE SET last_sequence = tenant_event_sequences.last_sequence + EXCLUDED.last_sequence
                    RETURNING last_sequence""")) {
                next.setString(1, tenantId);
                next.setLong(2, count);
                try (var rs = next.executeQuery()) {
                    rs.next();
                    last = rs.getLong(1);
                }
            }
            try (PreparedStatement insert = owner.prepareStatement("""
                    INSERT INTO billing_events (tenant_id, sequence, id, type, occurred_at, api_version, data)
                    SELECT ?, s, 'evt_bench' || lpad(n::text, 10, '0'), (?::text[])[1 + n % ?], clock_timestamp(), '2026-11-01',
                           jsonb_build_object('object', jsonb_build_object('id', 'obj_' || n, 'object', 'bench', 'amount_minor', n % 100000,
                                                                           'currency', 'USD'))
                    FROM generate_series(?::bigint, ?::bigint) AS s, LATERAL (SELECT ?::bigint + s - ?::bigint AS n) numbered""")) {
                insert.setString(1, tenantId);
                insert.setArray(2, owner.createArrayOf("text", TYPES.subList(0, Math.min(settings.endpoints(), TYPES.size())).toArray()));
                insert.setInt(3, Math.min(settings.endpoints(), TYPES.size()));
                insert.setLong(4, last - count + 1);
                insert.setLong(5, last);
                insert.setLong(6, appended);
                insert.setLong(7, last - count + 1);
                insert.executeUpdate();
            }
            owner.commit();
            appended += count;
        }

        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    /** The local receiver: verifies each request's signature and notes when each event arrived. */
    private static final class Receiver implements AutoCloseable {

        private final HttpServer http;
        final Map<Integer, byte[]> secrets = new ConcurrentHashMap<>();
        private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        final AtomicLong badSignatures = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        private volatile Histogram latencies = new Histogram(HIGHEST_LATENCY_NS, 3);
        private final AtomicLong delivered = new AtomicLong();
        private volatile long phaseStartNs;
        private volatile long lastArrivalNs;

        Receiver() throws Exception {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.createContext("/e/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                long arrivedNs = System.nanoTime();
                long arrivedAtMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                int endpoint = Integer.parseInt(exchange.getRequestURI().getPath().substring(3));
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
                if (!verified(secrets.get(endpoint), id, timestamp, body, signatures)) {
                    badSignatures.incrementAndGet();
                } else if (seen.putIfAbsent(endpoint + "/" + id, Boolean.TRUE) != null) {
                    duplicates.incrementAndGet();
                } else {
                    long committedMicros = committedAtMicros(body);
                    Histogram histogram = latencies;
                    synchronized (histogram) {
                        histogram.recordValue(Math.max(0, Math.min(HIGHEST_LATENCY_NS, (arrivedAtMicros - committedMicros) * 1000)));
                    }
                    delivered.incrementAndGet();
                    lastArrivalNs = arrivedNs;
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            http.start();
        }

        String url(int endpoint) {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/e/" + endpoint;
        }

        void startPhase() {
            latencies = new Histogram(HIGHEST_LATENCY_NS, 3);
            delivered.set(0);
            phaseStartNs = System.nanoTime();
        }

        Phase awaitPhase(long expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (delivered.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return new Phase(latencies, expected, delivered.get(), lastArrivalNs - phaseStartNs);
        }

        /** The event's occurred_at, which the appender sets to the inserting statement's clock: when it committed, within the batch's few ms. */
        private static long committedAtMicros(byte[] body) {
            String text = new String(body, StandardCharsets.UTF_8);
            int at = text.indexOf("\"occurred_at\":\"");
            String value = text.substring(at + 15, text.indexOf('"', at + 15));
            return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(value));
        }

        /** Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body"; any of the space-separated v1 signatures may match. */
        static boolean verified(byte[] secret, String id, String timestamp, byte[] body, String signatures) {
            if (secret == null || id == null || timestamp == null || signatures == null) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                byte[] expected = mac.doFinal(body);
                for (String signature : signatures.split(" ")) {
                    if (signature.startsWith("v1,")
                            && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    record Phase(Histogram latencies, long expected, long delivered, long elapsedNs) {

        double perSecond() {
            return delivered / (elapsedNs / 1e9);
        }

        boolean valid() {
            return delivered == expected;
        }
    }

    private static void report(String name, Phase phase) {
        Histogram h = phase.latencies();
        System.out.println(String.format(Locale.ROOT,
                "%s: %,d of %,d delivered in %.1f s (%,.0f deliveries/s); latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                name, phase.delivered(), phase.expected(), phase.elapsedNs() / 1e9, phase.perSecond(), h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6));
    }

    private static void log(String message) {
        System.out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
