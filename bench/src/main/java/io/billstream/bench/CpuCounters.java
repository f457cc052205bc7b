package io.billstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Cumulative CPU counters that benchmarks difference over a phase: the whole machine's, from
 * /proc/stat, and the processes of a benchmark's embedded PostgreSQL.
 */
final class CpuCounters {

    /** Jiffies since boot: all, idle (with I/O wait) and stolen by the hypervisor; all -1 when unknown (not Linux). */
    record Machine(long totalJiffies, long idleJiffies, long stealJiffies) {

        static Machine now() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long total = 0;
                // user nice system idle iowait irq softirq steal (guest time is already counted in user)
                for (int i = 1; i <= 8 && i < fields.length; i++) {
                    total += Long.parseLong(fields[i]);
                }
                return new Machine(total, Long.parseLong(fields[4]) + Long.parseLong(fields[5]),
                        fields.length > 8 ? Long.parseLong(fields[8]) : 0);
            } catch (IOException | RuntimeException e) {
                return new Machine(-1, -1, -1);
            }
        }
    }

    private CpuCounters() {
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them; "unknown" when not on Linux. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * CPU time of the postmaster running on {@code dataDirectory} (pg_ctl detaches it from the JVM
     * that started it) and its backends; -1 if it is not found. Backends that have exited no longer
     * count: the server's connection pool keeps its connections open.
     */
    static long postgresNs(Path dataDirectory) {
        String marker = dataDirectory.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .findFirst()
                .map(postmaster -> processesNs(Stream.concat(Stream.of(postmaster), postmaster.descendants())))
                .orElse(-1L);
    }

    static long processesNs(Stream<ProcessHandle> processes) {
        return processes.mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
