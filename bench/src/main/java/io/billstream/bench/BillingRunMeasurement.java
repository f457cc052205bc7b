package io.billstream.bench;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One timed advance of the benchmark's test clock: from just before {@code POST
 * /v1/test-clocks/{id}/advance} is sent until a poll of {@code GET /v1/test-clocks/{id}} (every
 * {@link #POLL_INTERVAL}) first sees it {@code ready} at the target time. Then what the run left is
 * checked ({@link BillingRunCheck}) and its time split by the server's own timestamps
 * ({@link BillingRunTimeline}).
 *
 * @param elapsedNs   advance request sent to ready seen, in this JVM: the run's total time
 * @param loadBefore  the machine's load averages just before the advance
 * @param problems    what is wrong with the invoices made; empty when the run is right
 */
record BillingRunMeasurement(String name, Instant target, long elapsedNs, UsageCpu cpu, String loadBefore, String loadAfter,
                             BillingRunTimeline timeline, BillingRunCheck check, long expectedRenewals, List<String> problems) {

    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    /** What one advance must produce. */
    record Expected(Instant billingDate, List<BillingRunPlan.Line> lines, long renewals, long tenantInvoices) {
    }

    static BillingRunMeasurement run(String name, SeedingClient http, UsageServerProcess server, Connection owner,
                                     BillingRunSeeding.Seeded seeded, Instant target, int subscriptions, Expected expected,
                                     Duration timeout) throws Exception {
        String clockPath = "/v1/test-clocks/" + seeded.clockId();
        BillingRunBenchmark.log(name + ": advancing the test clock to " + target);
        String loadBefore = CpuCounters.loadAverage();
        UsageCpu cpuBefore = UsageCpu.sample(server.handle(), server.postgresDirectory());
        long start = System.nanoTime();
        JsonNode advancing = http.call("POST", clockPath + "/advance", seeded.adminKey(), "{\"frozen_time\":\"" + target + "\"}", 202);
        if (!"advancing".equals(advancing.path("status").asString())) {
            throw new IllegalStateException("The advance answered " + advancing);
        }
        JsonNode ready = awaitReady(http, clockPath, seeded.adminKey(), target, start + timeout.toNanos());
        long elapsed = System.nanoTime() - start;
        UsageCpu cpu = UsageCpu.sample(server.handle(), server.postgresDirectory()).since(cpuBefore);
        String loadAfter = CpuCounters.loadAverage();

        BillingRunTimeline timeline = BillingRunTimeline.read(owner, seeded.tenantId(), Instant.parse(advancing.get("updated_at").asString()),
                Instant.parse(ready.get("updated_at").asString()));
        BillingRunCheck check = BillingRunCheck.read(owner, seeded.tenantId(), expected.billingDate(),
                BillingRunPlan.totalMinor(expected.lines()));
        List<String> problems = new ArrayList<>(check.problems(subscriptions, expected.lines(), expected.tenantInvoices()));
        if (timeline.renewals() != expected.renewals()) {
            problems.add(timeline.renewals() + " subscription.renewed events during the advance, expected " + expected.renewals());
        }
        return new BillingRunMeasurement(name, target, elapsed, cpu, loadBefore, loadAfter, timeline, check, expected.renewals(),
                List.copyOf(problems));
    }

    private static JsonNode awaitReady(SeedingClient http, String clockPath, String key, Instant target, long deadlineNs)
            throws InterruptedException {
        while (true) {
            JsonNode clock = http.call("GET", clockPath, key, null, 200);
            if ("ready".equals(clock.path("status").asString())) {
                if (!target.equals(Instant.parse(clock.get("frozen_time").asString()))) {
                    throw new IllegalStateException("The clock is ready at " + clock.get("frozen_time") + ", not at " + target);
                }
                return clock;
            }
            if (System.nanoTime() > deadlineNs) {
                throw new IllegalStateException("The test clock was still advancing after the run timeout: " + clock);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    boolean valid() {
        return problems.isEmpty();
    }

    double seconds() {
        return elapsedNs / 1e9;
    }

    /** Invoices the run made for its billing date, per second of the whole run. */
    double invoicesPerSecond() {
        return check.invoices() / seconds();
    }

    /** Invoices per second of the billing runs alone (after the renewals), by the server's timestamps. */
    double billingInvoicesPerSecond() {
        double seconds = timeline.billingPhase().toNanos() / 1e9;
        return seconds <= 0 ? 0 : timeline.count("invoice.finalized") / seconds;
    }
}
