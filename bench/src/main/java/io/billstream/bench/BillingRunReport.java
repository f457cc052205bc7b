package io.billstream.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The summary of one billing-run benchmark, printed as one block: both runs with their phases,
 * checks and CPU, the target of issue 5, the conditions, the statements PostgreSQL spent its time on
 * (when asked for), and a Markdown table row for BENCHMARKS.md.
 *
 * @param statements the period-end run's costliest statements, or null when not measured
 * @param profile    the Java Flight Recorder file of the period-end run, or null
 * @param profileProblem why the profile could not be recorded, or null
 */
record BillingRunReport(BillingRunSettings settings, BillingRunMeasurement first, BillingRunMeasurement periodEnd,
                        List<BillingRunStatements.Executed> statements, BillingRunStatements.Totals statementTotals, Path profile,
                        String profileProblem, String loadAtStart, List<String> serverCommand) {

    private static final double TARGET_INVOICES_PER_S = 500;

    boolean valid() {
        return first.valid() && periodEnd.valid();
    }

    /** Prints the block; returns whether the run is valid. */
    boolean print() {
        System.out.println();
        System.out.printf(Locale.ROOT, "== Billing-run benchmark: %,d subscriptions on one test clock, %d usage events each ==%n",
                settings.subscriptions(), settings.eventsPerSubscription());
        System.out.println(valid()
                ? "Result: VALID (every run made exactly one finalised invoice per subscription, with the hand-computed lines and total)"
                : "Result: INVALID, the figures below do not count: " + String.join("; ", problems()));
        printRun(periodEnd, "renewals, then billing runs with usage in arrears and the next fee in advance");
        printRun(first, "billing runs only: the first period's fee in advance, no usage, no renewals");
        System.out.printf(Locale.ROOT, "Target (issue 5): >= 500 invoices/s for the period-end run, advance to ready: %s (%,.0f invoices/s);"
                        + " its billing runs alone: %,.0f invoices/s%n", periodEnd.invoicesPerSecond() >= TARGET_INVOICES_PER_S && valid()
                        ? "met" : "NOT met", periodEnd.invoicesPerSecond(), periodEnd.billingInvoicesPerSecond());
        printConditions();
        printStatements();
        if (settings.profile() != null) {
            System.out.println(profileProblem == null
                    ? "Profile of the server during the period-end run (Java Flight Recorder): " + profile
                    : "No profile: " + profileProblem);
        }
        System.out.println();
        System.out.println("| Date | Subscriptions | Events each | Period-end invoices/s | Total s | Scheduler s | Renewals s"
                + " | Billing runs s | Billing runs invoices/s | First-period invoices/s | Load before / after | Valid |");
        System.out.printf(Locale.ROOT, "| %s | %,d | %d | %,.0f | %.1f | %.1f | %.1f | %.1f | %,.0f | %,.0f | %s / %s | %s |%n",
                LocalDate.now(), settings.subscriptions(), settings.eventsPerSubscription(), periodEnd.invoicesPerSecond(),
                periodEnd.seconds(), s(periodEnd.timeline().waitingForScheduler()), s(periodEnd.timeline().renewalPhase()),
                s(periodEnd.timeline().billingPhase()), periodEnd.billingInvoicesPerSecond(), first.invoicesPerSecond(),
                periodEnd.loadBefore(), periodEnd.loadAfter(), valid() ? "yes" : "NO");
        System.out.println();
        return valid();
    }

    private void printRun(BillingRunMeasurement run, String what) {
        BillingRunTimeline timeline = run.timeline();
        BillingRunCheck check = run.check();
        System.out.printf(Locale.ROOT, "%s (%s):%n", run.name(), what);
        System.out.printf(Locale.ROOT, "  %,d invoices for %s in %.2f s = %,.0f invoices/s (advance request sent to status ready seen;"
                        + " server's own timestamps: %.2f s)%n", check.invoices(), check.billingDate(), run.seconds(),
                run.invoicesPerSecond(), s(timeline.total()));
        System.out.printf(Locale.ROOT, "  phases: waiting for the scheduler %.2f s; %,d renewals %.2f s%s; billing runs %.2f s (%,.0f invoices/s);"
                        + " finishing %.2f s%n", s(timeline.waitingForScheduler()), timeline.renewals(), s(timeline.renewalPhase()),
                timeline.renewals() == 0 ? "" : String.format(Locale.ROOT, " (%,.0f/s)", timeline.renewals() / s(timeline.renewalPhase())),
                s(timeline.billingPhase()), run.billingInvoicesPerSecond(), s(timeline.finishing()));
        System.out.println("  billing events written: " + timeline.eventsByType().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue().count())).collect(Collectors.joining(", ")));
        System.out.printf(Locale.ROOT, "  invoices: %,d finalised with %,d distinct numbers, %,d at the expected total %,d; lines %s;"
                        + " %,d invoices in the tenant%n", check.finalized(), check.distinctNumbers(), check.atTotal(), check.totalMinor(),
                lines(check.lines()), check.tenantInvoices());
        run.problems().forEach(problem -> System.out.println("  WRONG: " + problem));
        System.out.println("  CPU: " + run.cpu().summary(run.elapsedNs()));
        System.out.println("    " + run.cpu().perUnit(Math.max(1, check.invoices()), "invoice"));
        System.out.println("  load average (1, 5, 15 min) before " + run.loadBefore() + ", after " + run.loadAfter());
    }

    private void printConditions() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        String memory = os instanceof com.sun.management.OperatingSystemMXBean sun
                ? String.format(Locale.ROOT, "%.1f GiB", sun.getTotalMemorySize() / (1024.0 * 1024 * 1024)) : "unknown";
        System.out.println("Conditions:");
        System.out.printf(Locale.ROOT, "  machine: %d cores, %s, %s %s %s; load average %s when the benchmark started%n",
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), loadAtStart);
        System.out.printf(Locale.ROOT, "  JVM (server and load generator): %s %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
        System.out.println("  server: " + String.join(" ", serverCommand) + ", embedded PostgreSQL with its default settings");
        System.out.println("  parameters: " + settings.describe());
    }

    private void printStatements() {
        if (statements == null) {
            return;
        }
        System.out.printf(Locale.ROOT, "Statements of the period-end run (pg_stat_statements): %,d executions, %,.0f ms in PostgreSQL"
                + " in all; the costliest:%n", statementTotals.calls(), statementTotals.totalMs());
        System.out.println("   calls    total ms   ms/call  rows/call  statement");
        for (BillingRunStatements.Executed s : statements) {
            System.out.printf(Locale.ROOT, "  %,7d  %,9.0f  %8.3f  %9.1f  %s%n", s.calls(), s.totalMs(), s.meanMs(),
                    s.calls() == 0 ? 0.0 : (double) s.rows() / s.calls(), oneLine(s.query()));
        }
    }

    private List<String> problems() {
        return Stream.concat(first.problems().stream().map(p -> first.name() + ": " + p),
                periodEnd.problems().stream().map(p -> periodEnd.name() + ": " + p)).toList();
    }

    private static String lines(Map<String, Long> lines) {
        return lines.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s x %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String oneLine(String query) {
        String line = query.replaceAll("\\s+", " ").trim();
        return line.length() <= 220 ? line : line.substring(0, 220) + "…";
    }

    private static double s(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
