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
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The raw ceiling of this machine's PostgreSQL for the rows ingestion writes: the same generated
 * events as rows, loaded with COPY into the same {@code usage_events} table (same primary key and
 * indexes, same server settings, so {@code synchronous_commit} on), in transactions of the same size
 * as the HTTP batches, from as many connections as there were bulk clients.
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
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(server.connectAsOwner());
            }
            AtomicLong claimed = new AtomicLong();
            UsageCpu before = UsageCpu.sample(server.handle(), server.postgresDirectory());
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
                List<Future<?>> loaders = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    CopyManager copy = open.get(i).unwrap(PGConnection.class).getCopyAPI();
                    var generator = new UsageEventGenerator("copy" + i, seeded.customerIds().size(), seeded.seededAt(), clock);
                    loaders.add(pool.submit(() -> load(copy, generator, seeded, claimed, rows, rowsPerTransaction, clock)));
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

    /** Each COPY runs in autocommit: one statement, one transaction of {@code rowsPerTransaction} rows. */
    private static Void load(CopyManager copy, UsageEventGenerator generator, UsageSeeding.Seeded seeded, AtomicLong claimed, long rows,
                             int rowsPerTransaction, Clock clock) throws SQLException {
        StringBuilder text = new StringBuilder(rowsPerTransaction * 400);
        for (long first = claimed.getAndAdd(rowsPerTransaction); first < rows; first = claimed.getAndAdd(rowsPerTransaction)) {
            long count = Math.min(rowsPerTransaction, rows - first);
            String receivedAt = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
            text.setLength(0);
            for (long i = 0; i < count; i++) {
                UsageEvent event = generator.next();
                event.appendCopyLine(text, TENANT_ID, seeded.customerIds().get(event.customer()),
                        seeded.subscriptionIds().get(event.customer()), receivedAt);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            CopyIn in = copy.copyIn("COPY usage_events (" + COLUMNS + ") FROM STDIN");
            try {
                in.writeToCopy(bytes, 0, bytes.length);
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
