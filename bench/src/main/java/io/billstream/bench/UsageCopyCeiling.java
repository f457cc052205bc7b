package io.billstream.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The raw ceiling of this machine's PostgreSQL for the rows ingestion writes: the same generated
 * events as rows, loaded with COPY into the same {@code usage_events} table (same primary key and
 * indexes, same server settings, so {@code synchronous_commit} on), in transactions of the same size
 * as the HTTP batches, from as many connections as there were bulk clients. The rows are generated
 * before the clock starts: on a small machine, generating them would take CPU from PostgreSQL.
 *
 * <p>It connects as the schema's owner, a superuser, which bypasses row-level security: PostgreSQL
 * does not allow COPY FROM into a table with row-level security for a role it applies to. The
 * server's own inserts run as {@code billstream_app} and pay for the policy's {@code WITH CHECK} on
 * every row; the ceiling does not. The rows go to a tenant of their own, so they never mix with the
 * benchmark tenant's count.
 */
final class UsageCopyCeiling {

    static final String COLUMNS = "tenant_id, transaction_id, metric_code, customer_id, subscription_id, occurred_at, properties, value,"
            + " source, received_at";
    static final String TENANT_ID = "ten_usage_bench_copy_ceiling";

    record Result(long rows, long elapsedNs, int connections, int rowsPerTransaction, UsageCpu cpu, long rowsInTable) {

        double rowsPerSecond() {
            return rows / (elapsedNs / 1e9);
        }
    }

    private UsageCopyCeiling() {
    }

    static Result run(UsageServerProcess server, UsageSeeding.Seeded seeded, long rows, int connections, int rowsPerTransaction,
                      Clock clock) throws Exception {
        List<byte[]> transactions = generate(seeded, rows, rowsPerTransaction, clock);
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(server.connectAsOwner());
            }
            AtomicInteger next = new AtomicInteger();
            UsageCpu before = UsageCpu.sample(server.handle(), server.postgresDirectory());
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
                List<Future<?>> loaders = new ArrayList<>();
                for (Connection connection : open) {
                    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                    loaders.add(pool.submit(() -> load(copy, transactions, next)));
                }
                for (Future<?> loader : loaders) {
                    loader.get();
                }
            }
            long elapsed = System.nanoTime() - start;
            UsageCpu cpu = UsageCpu.sample(server.handle(), server.postgresDirectory()).since(before);
            return new Result(rows, elapsed, connections, rowsPerTransaction, cpu, countRows(open.getFirst(), TENANT_ID));
        } finally {
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    /**
     * The rows, in COPY's text format, one buffer per transaction. Made before the clock starts, so
     * that the ceiling measures PostgreSQL and not this machine's other core generating rows.
     */
    private static List<byte[]> generate(UsageSeeding.Seeded seeded, long rows, int rowsPerTransaction, Clock clock) {
        var generator = new UsageEventGenerator("copy", seeded.customerIds().size(), seeded.seededAt(), clock);
        String receivedAt = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
        List<byte[]> transactions = new ArrayList<>();
        StringBuilder text = new StringBuilder(rowsPerTransaction * 400);
        long bytes = 0;
        for (long first = 0; first < rows; first += rowsPerTransaction) {
            text.setLength(0);
            for (long i = first; i < Math.min(rows, first + rowsPerTransaction); i++) {
                UsageEvent event = generator.next();
                event.appendCopyLine(text, TENANT_ID, seeded.customerIds().get(event.customer()),
                        seeded.subscriptionIds().get(event.customer()), receivedAt);
            }
            byte[] transaction = text.toString().getBytes(StandardCharsets.UTF_8);
            bytes += transaction.length;
            if (bytes > Runtime.getRuntime().maxMemory() / 2) {
                throw new IllegalStateException("The COPY rows need more than half of the load generator's heap; give it more with -Xmx");
            }
            transactions.add(transaction);
        }
        return transactions;
    }

    /** Each COPY runs in autocommit: one statement, one transaction. */
    private static Void load(CopyManager copy, List<byte[]> transactions, AtomicInteger next) throws SQLException {
        for (int i = next.getAndIncrement(); i < transactions.size(); i = next.getAndIncrement()) {
            byte[] rows = transactions.get(i);
            CopyIn in = copy.copyIn("COPY usage_events (" + COLUMNS + ") FROM STDIN");
            try {
                in.writeToCopy(rows, 0, rows.length);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        }
        return null;
    }

    /** Rows of one tenant, counted as the owner (no row-level security in the way). */
    static long countRows(Connection owner, String tenantId) throws SQLException {
        try (PreparedStatement count = owner.prepareStatement("SELECT count(*) FROM usage_events WHERE tenant_id = ?")) {
            count.setString(1, tenantId);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
