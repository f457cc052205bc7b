package io.billstream.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One timed run of every client at once, each on its own virtual thread, while the server's heap is
 * read every second: the clients' tallies merged, the time it took, where the CPU went, the server's
 * highest heap use and its GC pauses in the phase.
 */
record UsageLoadPhase(UsageTally tally, long elapsedNs, UsageCpu cpu, long peakHeapUsedBytes, long peakHeapCommittedBytes,
                      double gcPauseSeconds) {

    private static final long HEAP_SAMPLE_INTERVAL_MS = 1000;

    static UsageLoadPhase run(List<? extends UsageClient> clients, Duration duration, UsageServerProcess server) throws Exception {
        UsageServerMetrics metricsBefore = server.metrics();
        UsageCpu cpuBefore = UsageCpu.sample(server.handle(), server.postgresDirectory());
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        ConcurrentLinkedQueue<UsageTally> tallies = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (UsageClient client : clients) {
            threads.add(Thread.ofVirtual().start(() -> tallies.add(client.runUntil(deadline))));
        }
        long peakUsed = metricsBefore.heapUsedBytes();
        long peakCommitted = metricsBefore.heapCommittedBytes();
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.max(1, Math.min(HEAP_SAMPLE_INTERVAL_MS, (deadline - System.nanoTime()) / 1_000_000)));
            try {
                UsageServerMetrics now = server.metrics();
                peakUsed = Math.max(peakUsed, now.heapUsedBytes());
                peakCommitted = Math.max(peakCommitted, now.heapCommittedBytes());
            } catch (IOException e) {
                // A missed sample only makes the peak less precise; the clients report a server that is gone.
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        UsageCpu cpu = UsageCpu.sample(server.handle(), server.postgresDirectory()).since(cpuBefore);
        UsageServerMetrics metricsAfter = server.metrics();
        UsageTally all = new UsageTally();
        tallies.forEach(all::add);
        return new UsageLoadPhase(all, elapsed, cpu, Math.max(peakUsed, metricsAfter.heapUsedBytes()),
                Math.max(peakCommitted, metricsAfter.heapCommittedBytes()), metricsAfter.gcPauseSeconds() - metricsBefore.gcPauseSeconds());
    }

    double requestsPerSecond() {
        return tally.requests / (elapsedNs / 1e9);
    }

    double eventsPerSecond() {
        return tally.events / (elapsedNs / 1e9);
    }

    double acceptedPerSecond() {
        return tally.accepted / (elapsedNs / 1e9);
    }
}
