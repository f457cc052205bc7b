package io.billstream.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
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
        CpuCounters.Machine machine = CpuCounters.Machine.now();
        long self = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new UsageCpu(machine.totalJiffies(), machine.idleJiffies(), machine.stealJiffies(),
                CpuCounters.processesNs(Stream.of(server)), CpuCounters.postgresNs(postgresDataDirectory), self);
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
