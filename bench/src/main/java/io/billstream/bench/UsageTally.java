package io.billstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** What clients saw in one phase: owned by one client thread, then merged. */
final class UsageTally {

    static final long HIGHEST_LATENCY_NS = TimeUnit.SECONDS.toNanos(120);
    private static final int ERROR_SAMPLES = 5;

    final Histogram latencies = new Histogram(HIGHEST_LATENCY_NS, 3);
    /** Requests whose response was entirely as expected, and the events, accepted and duplicates in them. */
    long requests;
    long events;
    long accepted;
    long duplicates;
    /** New transaction IDs sent, whatever the answer: what the database must hold in the end. */
    long freshSent;
    long errors;
    final List<String> errorSamples = new ArrayList<>();

    void recordAnswered(long latencyNs, int events, int accepted, int duplicates) {
        latencies.recordValue(Math.min(latencyNs, HIGHEST_LATENCY_NS));
        requests++;
        this.events += events;
        this.accepted += accepted;
        this.duplicates += duplicates;
    }

    void recordError(String problem) {
        errors++;
        if (errorSamples.size() < ERROR_SAMPLES) {
            errorSamples.add(problem.length() > 500 ? problem.substring(0, 500) + "…" : problem);
        }
    }

    void add(UsageTally other) {
        latencies.add(other.latencies);
        requests += other.requests;
        events += other.events;
        accepted += other.accepted;
        duplicates += other.duplicates;
        freshSent += other.freshSent;
        errors += other.errors;
        other.errorSamples.stream().limit(Math.max(0, 2L * ERROR_SAMPLES - errorSamples.size())).forEach(errorSamples::add);
    }
}
