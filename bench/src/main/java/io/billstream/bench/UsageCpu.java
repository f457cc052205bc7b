package io.billstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the CPU went, as cumulative counters: the whole machine (busy and stolen, from
 * /proc/stat), the server's JVM, its PostgreSQL (the postmaster and its backends), and this JVM,
 * the load generator. On a shared machine, what the machine spent beyond those went to others.
 * Times are -1 when unknown.
 */
record UsageCpu(long totalJiffies, long idleJiffies, long stealJiffies, long serverNs, long postgresNs, long loadGeneratorNs) {

    static UsageCpu sample(ProcessHandle server, Path postgresDataDirectory) {
        long total = -1;
        long idle = -1;
        long steal = -1;
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already counted in user)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
        } catch (IOException | RuntimeException e) {
            total = -1;
        }
        long self = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new UsageCpu(total, idle, steal, cpuNs(Stream.of(server)), postgresCpuNs(postgresDataDirectory), self);
    }

    /**
     * The postmaster running on {@code dataDirectory} (pg_ctl detaches it from the server) and its
     * backends. Backends that have exited are not counted; the server's pool keeps its connections.
     */
    private static long postgresCpuNs(Path dataDirectory) {
        String marker = dataDirectory.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .findFirst()
                .map(postmaster -> cpuNs(Stream.concat(Stream.of(postmaster), postmaster.descendants())))
                .orElse(-1L);
    }

    private static long cpuNs(Stream<ProcessHandle> processes) {
        return processes.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    UsageCpu since(UsageCpu before) {
        return new UsageCpu(totalJiffies - before.totalJiffies, idleJiffies - before.idleJiffies, stealJiffies - before.stealJiffies,
                difference(serverNs, before.serverNs), difference(postgresNs, before.postgresNs),
                difference(loadGeneratorNs, before.loadGeneratorNs));
    }

    private static long difference(long after, long before) {
        return after < 0 || before < 0 ? -1 : after - before;
    }

    /** Cores used by each over {@code elapsedNs}, for a difference made by {@link #since}. */
    String summary(long elapsedNs) {
        double seconds = elapsedNs / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder text = new StringBuilder();
        if (totalJiffies > 0) {
            double busy = 1.0 - (double) idleJiffies / totalJiffies;
            text.append(String.format(Locale.ROOT, "machine busy %.0f%% of %d cores (steal %.1f%%): ", 100 * busy, cores,
                    100.0 * stealJiffies / totalJiffies));
            double known = Math.max(0, serverNs) + Math.max(0, postgresNs) + Math.max(0, loadGeneratorNs);
            text.append(cores("server JVM", serverNs, seconds)).append(", ").append(cores("its PostgreSQL", postgresNs, seconds))
                    .append(", ").append(cores("load generator", loadGeneratorNs, seconds))
                    .append(String.format(Locale.ROOT, ", other processes %.2f cores", Math.max(0, busy * cores - known / 1e9 / seconds)));
        } else {
            text.append(cores("server JVM", serverNs, seconds)).append(", ").append(cores("its PostgreSQL", postgresNs, seconds))
                    .append(", ").append(cores("load generator", loadGeneratorNs, seconds));
        }
        return text.toString();
    }

    /** CPU per unit of work, in microseconds: server JVM / PostgreSQL / load generator. */
    String perUnit(long units, String unit) {
        return String.format(Locale.ROOT, "CPU per %s: server JVM %s, PostgreSQL %s, load generator %s", unit, micros(serverNs, units),
                micros(postgresNs, units), micros(loadGeneratorNs, units));
    }

    private static String cores(String who, long ns, double seconds) {
        return ns < 0 ? who + " unknown" : String.format(Locale.ROOT, "%s %.2f cores", who, ns / 1e9 / seconds);
    }

    private static String micros(long ns, long units) {
        return ns < 0 || units == 0 ? "unknown" : String.format(Locale.ROOT, "%.1f us", ns / 1e3 / units);
    }
}
