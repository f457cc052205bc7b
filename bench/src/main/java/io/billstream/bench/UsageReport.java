package io.billstream.bench;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * The summary of one run, printed as one block: the figures, whether the run counts, the targets of
 * issue 4, the conditions, and a Markdown table row for BENCHMARKS.md.
 */
record UsageReport(UsageSettings settings, UsageLoadPhase bulkWarmup, UsageLoadPhase bulk, UsageCopyCeiling.Result copy,
                   UsageLoadPhase singleWarmup, UsageLoadPhase single, long exampleErrors, UsageTally everything, long rowsInTable,
                   UsageServerMetrics afterGc, String gcProblem, boolean outOfMemory, String refreshQueue, double averageEventBytes,
                   List<String> serverCommand) {

    private static final double BULK_TARGET_PER_S = 50_000;
    private static final double CEILING_SHARE_TARGET = 0.60;
    private static final double SINGLE_TARGET_PER_S = 5_000;
    private static final long HEAP_TARGET_BYTES = 512L * 1024 * 1024;

    /**
     * A run counts only if every response was right, the database holds exactly one row per distinct
     * transaction ID sent (and as many as the server said it accepted), the COPY loaded every row,
     * and the server never ran out of memory.
     */
    boolean valid() {
        return everything.errors == 0 && everything.accepted == everything.freshSent && rowsInTable == everything.freshSent
                && copy.rowsInTable() == copy.rows() && !outOfMemory;
    }

    /** Prints the block; returns whether the run is valid. */
    boolean print() {
        Histogram batches = bulk.tally().latencies;
        Histogram singles = single.tally().latencies;
        double ratio = bulk.eventsPerSecond() / copy.rowsPerSecond();
        double acceptedRatio = bulk.acceptedPerSecond() / copy.rowsPerSecond();
        long peakUsed = Math.max(bulk.peakHeapUsedBytes(), single.peakHeapUsedBytes());
        long peakCommitted = Math.max(bulk.peakHeapCommittedBytes(), single.peakHeapCommittedBytes());

        System.out.println();
        System.out.println("== Usage ingestion benchmark: POST /v1/events/batch, POST /v1/events, COPY ceiling ==");
        System.out.println(valid()
                ? "Result: VALID (every event got the outcome it must, warm-ups included; the database count is exact)"
                : "Result: INVALID, the figures below do not count: " + whyInvalid());
        System.out.printf(Locale.ROOT, "Bulk:          %,.0f events/s (%,.0f accepted/s, %.1f%% duplicates); %,d batches of %,d in %.1f s%n",
                bulk.eventsPerSecond(), bulk.acceptedPerSecond(), percent(bulk.tally().duplicates, bulk.tally().events),
                bulk.tally().requests, settings.batchSize(), bulk.elapsedNs() / 1e9);
        System.out.println("  latency per batch (ms): " + latencies(batches));
        System.out.printf(Locale.ROOT, "Single events: %,.0f requests/s (%.1f%% duplicates); %,d requests in %.1f s%n",
                single.requestsPerSecond(), percent(single.tally().duplicates, single.tally().events), single.tally().requests,
                single.elapsedNs() / 1e9);
        System.out.println("  latency per request (ms): " + latencies(singles));
        System.out.printf(Locale.ROOT, "COPY ceiling:  %,.0f rows/s (%,d rows, %d connections, %,d rows per transaction, as the owner"
                        + " without row-level security)%n", copy.rowsPerSecond(), copy.rows(), copy.connections(), copy.rowsPerTransaction());
        System.out.printf(Locale.ROOT, "Bulk/ceiling:  %.1f%% (accepted rows only: %.1f%%)%n", 100 * ratio, 100 * acceptedRatio);
        System.out.printf(Locale.ROOT, "Server heap:   max %s; peak used %s (committed %s) under load; %s after a full GC at the end%s;"
                        + " GC pauses %.2f s in the bulk and %.2f s in the single-event measurement%n", mib(afterGc.heapMaxBytes()),
                mib(peakUsed), mib(peakCommitted), mib(afterGc.heapUsedBytes()), gcProblem == null ? "" : " (" + gcProblem + ")",
                bulk.gcPauseSeconds(), single.gcPauseSeconds());
        System.out.printf(Locale.ROOT, "Exactly once:  %,d distinct transaction_ids sent, %,d accepted by the server, %,d rows in usage_events;"
                + " COPY %,d rows, %,d in the table%n", everything.freshSent, everything.accepted, rowsInTable, copy.rows(), copy.rowsInTable());
        System.out.printf(Locale.ROOT, "Errors:        %d (examples %d, bulk warm-up %d, bulk %d, single warm-up %d, single %d)%s%n",
                everything.errors, exampleErrors, errors(bulkWarmup), bulk.tally().errors, errors(singleWarmup), single.tally().errors,
                outOfMemory ? "; OutOfMemoryError in the server's log" : "");
        everything.errorSamples.forEach(sample -> System.out.println("  e.g. " + sample));
        System.out.printf(Locale.ROOT, "Targets (issue 4): bulk >= 50,000 events/s: %s; >= 60%% of the ceiling: %s;"
                        + " single >= 5,000 requests/s: %s; heap <= 512 MB: %s%n",
                met(bulk.eventsPerSecond() >= BULK_TARGET_PER_S), met(ratio >= CEILING_SHARE_TARGET),
                met(single.requestsPerSecond() >= SINGLE_TARGET_PER_S),
                met(afterGc.heapMaxBytes() > 0 && afterGc.heapMaxBytes() <= HEAP_TARGET_BYTES && !outOfMemory && valid()));
        printConditions();
        System.out.println();
        System.out.println("| Date | Bulk events/s | Batch p50 ms | Batch p99 ms | Single req/s | Single p50 ms | Single p99 ms"
                + " | COPY rows/s | Bulk/COPY | Heap after GC / peak / max MiB | Errors | Valid |");
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %s | %,.0f | %s | %s | %,.0f | %.0f%% | %d / %d / %d | %d | %s |%n",
                LocalDate.now(), bulk.eventsPerSecond(), ms(batches.getValueAtPercentile(50)), ms(batches.getValueAtPercentile(99)),
                single.requestsPerSecond(), ms(singles.getValueAtPercentile(50)), ms(singles.getValueAtPercentile(99)),
                copy.rowsPerSecond(), 100 * ratio, afterGc.heapUsedBytes() >> 20, peakUsed >> 20, afterGc.heapMaxBytes() >> 20,
                everything.errors, valid() ? "yes" : "NO");
        System.out.println();
        return valid();
    }

    private void printConditions() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        String memory = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? String.format(Locale.ROOT, "%.1f GiB", sun.getTotalMemorySize() / (1024.0 * 1024 * 1024)) : "unknown";
        System.out.println("Conditions:");
        System.out.printf(Locale.ROOT, "  machine: %d cores, %s, %s %s %s; load average %.2f at the end%n",
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), os.getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "  JVM (server and load generator): %s %s; server collectors: %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), String.join(", ", afterGc.collectors()));
        System.out.println("  server: " + String.join(" ", serverCommand) + ", embedded PostgreSQL with its default settings");
        System.out.printf(Locale.ROOT, "  parameters: %s; events %.0f bytes of JSON on average%n", settings.describe(), averageEventBytes);
        System.out.println("  entitlement refresh queue before the COPY: " + refreshQueue);
        System.out.println("  CPU, bulk measurement: " + bulk.cpu().summary(bulk.elapsedNs()));
        System.out.println("    " + bulk.cpu().perUnit(bulk.tally().events, "event"));
        System.out.println("  CPU, COPY: " + copy.cpu().summary(copy.elapsedNs()));
        System.out.println("    " + copy.cpu().perUnit(copy.rows(), "row"));
        System.out.println("  CPU, single-event measurement: " + single.cpu().summary(single.elapsedNs()));
        System.out.println("    " + single.cpu().perUnit(single.tally().requests, "request"));
    }

    private String whyInvalid() {
        StringBuilder why = new StringBuilder();
        if (everything.errors > 0) {
            why.append(everything.errors).append(" requests failed; ");
        }
        if (everything.accepted != everything.freshSent || rowsInTable != everything.freshSent) {
            why.append("distinct transaction_ids sent, accepted and rows in the table differ; ");
        }
        if (copy.rowsInTable() != copy.rows()) {
            why.append("the COPY table count differs from the rows loaded; ");
        }
        if (outOfMemory) {
            why.append("the server ran out of memory; ");
        }
        return why.substring(0, Math.max(0, why.length() - 2));
    }

    private static String latencies(Histogram h) {
        return "p50 " + ms(h.getValueAtPercentile(50)) + "  p90 " + ms(h.getValueAtPercentile(90)) + "  p99 " + ms(h.getValueAtPercentile(99))
                + "  p99.9 " + ms(h.getValueAtPercentile(99.9)) + "  max " + ms(h.getMaxValue()) + "  (mean " + ms((long) h.getMean()) + ")";
    }

    private static long errors(UsageLoadPhase phase) {
        return phase == null ? 0 : phase.tally().errors;
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String mib(long bytes) {
        return bytes <= 0 ? "unknown" : (bytes >> 20) + " MiB";
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
