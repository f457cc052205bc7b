package io.billstream.bench;

import java.sql.Connection;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Billing-run throughput: how fast one test clock's advance past a period end turns S subscriptions
 * and their usage into finalised invoices.
 *
 * <p>Starts the real server as a separate JVM with a capped heap ({@link UsageServerProcess}), with a
 * fresh embedded PostgreSQL in a temporary directory, and seeds it through the public API
 * ({@link BillingRunSeeding}): S customers on one test clock, each with a subscription to a plan with
 * a base fee in advance, a graduated and a standard usage charge ({@link BillingRunPlan}). Then:
 * <ol>
 *   <li><b>first-period run</b>: advances the clock an hour, which bills each subscription's first
 *       fee in advance (S invoices, no usage, no renewals). It is timed and checked like the next,
 *       and warms the server's billing code up;</li>
 *   <li>sends E usage events per subscription within the first period ({@link BillingRunEvents});</li>
 *   <li><b>period-end run</b>, the measurement: advances the clock to an hour past the period end.
 *       The advance renews every subscription, then bills each customer's first-period usage in
 *       arrears and second-period fee in advance on one invoice, and finalises it (grace period 0).</li>
 * </ol>
 * Each run is timed from the advance request until the clock is seen {@code ready}, and split into
 * phases by the server's own timestamps ({@link BillingRunTimeline}). After each, the database must
 * hold exactly one finalised invoice per subscription for the billing date, each with the lines and
 * total worked out by hand ({@link BillingRunCheck}); otherwise the run is INVALID and the benchmark
 * exits with status 1.
 *
 * <p>Parameters, as {@code name=value} arguments or {@code -Dbench.name=value}: {@code subscriptions}
 * (10000), {@code events-per-subscription} (10), {@code heap} (the server's {@code -Xmx}, 512m),
 * {@code seed-concurrency} (4), {@code run-timeout} seconds per advance (1800), {@code statements}
 * (false; true reports the period-end run's statements from {@code pg_stat_statements}),
 * {@code profile} (a file for a Java Flight Recorder profile of the server during the period-end run),
 * {@code server-jar} (found in {@code server/target}). Arguments starting with {@code --} are passed
 * to the server.
 */
public final class BillingRunBenchmark {

    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String OPERATOR_KEY = "sk_bench_operator_0123456789abcdefghijklmnop";
    private static final int STATEMENTS_SHOWN = 15;
    private static final String RECORDING = "billing-run";

    private BillingRunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BillingRunSettings settings = BillingRunSettings.from(args);
        String loadAtStart = CpuCounters.loadAverage();
        log("Load average (1, 5, 15 min): " + loadAtStart);
        boolean valid;
        try (var work = TemporaryDirectory.create("billstream-billing-bench-")) {
            log("Starting the server: java -Xmx" + settings.heap() + " -jar " + settings.serverJar() + " (data in " + work.path() + ")");
            try (var server = UsageServerProcess.start(settings.serverJar(), settings.heap(), settings.jvmOptions(), work.path(), OPERATOR_KEY,
                    settings.serverArgs())) {
                log("Server ready on port " + server.port() + " (pid " + server.handle().pid() + ")");
                try {
                    valid = run(settings, server, loadAtStart).print();
                } catch (Exception | Error e) {
                    System.err.println("The benchmark failed; the server's log ends with:\n" + server.logTail(30));
                    throw e;
                }
                log("Stopping the server");
            }
        }
        System.exit(valid ? 0 : 1);
    }

    private static BillingRunReport run(BillingRunSettings settings, UsageServerProcess server, String loadAtStart) throws Exception {
        int subscriptions = settings.subscriptions();
        Instant periodStart = BillingRunSeeding.PERIOD_START;
        Instant periodEnd = periodStart.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        try (var http = new SeedingClient("http://" + UsageServerProcess.HOST + ":" + server.port());
             Connection owner = server.connectAsOwner()) {
            if (settings.statements()) {
                BillingRunStatements.install(owner);
            }
            BillingRunSeeding.Seeded seeded = BillingRunSeeding.seed(http, OPERATOR_KEY, subscriptions, settings.seedConcurrency());

            BillingRunMeasurement first = BillingRunMeasurement.run("First-period run", http, server, owner, seeded,
                    periodStart.plus(BillingRunEvents.FIRST_EVENT), subscriptions,
                    new BillingRunMeasurement.Expected(periodStart, BillingRunPlan.firstPeriodLines(), 0, subscriptions),
                    settings.runTimeout());
            logRun(first);

            BillingRunSeeding.sendEvents(http, seeded, new BillingRunEvents(subscriptions, settings.eventsPerSubscription(), periodStart,
                    BillingRunSettings.EVENTS_PER_BATCH), settings.seedConcurrency());

            if (settings.statements()) {
                BillingRunStatements.reset(owner);
            }
            String profileProblem = null;
            if (settings.profile() != null) {
                profileProblem = server.jcmd("JFR.start", "name=" + RECORDING, "settings=profile");
            }
            BillingRunMeasurement periodEndRun = BillingRunMeasurement.run("Period-end run", http, server, owner, seeded,
                    periodEnd.plus(BillingRunEvents.FIRST_EVENT), subscriptions,
                    new BillingRunMeasurement.Expected(periodEnd, BillingRunPlan.periodEndLines(settings.eventsPerSubscription()),
                            subscriptions, 2L * subscriptions),
                    settings.runTimeout());
            if (settings.profile() != null && profileProblem == null) {
                profileProblem = server.jcmd("JFR.stop", "name=" + RECORDING, "filename=" + settings.profile());
            }
            logRun(periodEndRun);
            List<BillingRunStatements.Executed> statements = settings.statements() ? BillingRunStatements.top(owner, STATEMENTS_SHOWN) : null;
            BillingRunStatements.Totals totals = settings.statements() ? BillingRunStatements.totals(owner) : null;
            return new BillingRunReport(settings, first, periodEndRun, statements, totals, settings.profile(), profileProblem, loadAtStart,
                    server.command());
        }
    }

    private static void logRun(BillingRunMeasurement run) {
        log(String.format(Locale.ROOT, "%s: %,d invoices in %.2f s, %,.0f invoices/s%s", run.name(), run.check().invoices(),
                run.seconds(), run.invoicesPerSecond(), run.valid() ? "" : "; WRONG: " + String.join("; ", run.problems())));
    }

    static void log(String message) {
        System.out.println("[bench " + TIME_OF_DAY.format(LocalTime.now()) + "] " + message);
    }
}
