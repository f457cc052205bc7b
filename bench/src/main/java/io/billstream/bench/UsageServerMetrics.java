package io.billstream.bench;

import java.util.Set;
import java.util.TreeSet;

/**
 * The server's own memory and GC figures, read from {@code /actuator/prometheus} (Micrometer's JVM
 * metrics), so they describe the server's JVM and not the load generator's.
 *
 * @param heapUsedBytes      all heap pools' used bytes, summed
 * @param heapCommittedBytes all heap pools' committed bytes, summed
 * @param heapMaxBytes       the heap's limit: the pools that report one (G1's old generation carries
 *                           all of {@code -Xmx}; eden and survivor report -1)
 * @param gcPauseSeconds     total stop-the-world GC pause time since the server started
 * @param collectors         the collectors that have paused (for example "G1 Young Generation")
 */
record UsageServerMetrics(long heapUsedBytes, long heapCommittedBytes, long heapMaxBytes, double gcPauseSeconds, Set<String> collectors) {

    static UsageServerMetrics parse(String prometheusText) {
        double used = 0;
        double committed = 0;
        double max = 0;
        double pauses = 0;
        Set<String> collectors = new TreeSet<>();
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int labelsEnd = line.lastIndexOf('}');
            int nameEnd = line.indexOf('{');
            String name = nameEnd < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, nameEnd);
            String labels = nameEnd < 0 ? "" : line.substring(nameEnd, labelsEnd + 1);
            double value = Double.parseDouble(line.substring(Math.max(labelsEnd + 1, name.length())).trim().split("\\s+")[0]);
            boolean heap = labels.contains("area=\"heap\"");
            switch (name) {
                case "jvm_memory_used_bytes" -> used += heap ? value : 0;
                case "jvm_memory_committed_bytes" -> committed += heap ? value : 0;
                case "jvm_memory_max_bytes" -> max += heap && value > 0 ? value : 0;
                case "jvm_gc_pause_seconds_sum" -> {
                    pauses += value;
                    collectors.add(label(labels, "gc"));
                }
                default -> {
                }
            }
        }
        return new UsageServerMetrics((long) used, (long) committed, (long) max, pauses, collectors);
    }

    private static String label(String labels, String name) {
        int start = labels.indexOf(name + "=\"");
        if (start < 0) {
            return "?";
        }
        start += name.length() + 2;
        return labels.substring(start, labels.indexOf('"', start));
    }
}
