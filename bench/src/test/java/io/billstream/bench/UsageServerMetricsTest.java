package io.billstream.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UsageServerMetricsTest {

    private static final String SCRAPE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 4.194304E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.097152E7
            jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1048576.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
            jvm_memory_committed_bytes{area="heap",id="G1 Eden Space"} 6.291456E7
            jvm_memory_committed_bytes{area="heap",id="G1 Old Gen"} 4.194304E7
            jvm_memory_committed_bytes{area="heap",id="G1 Survivor Space"} 2097152.0
            jvm_memory_committed_bytes{area="nonheap",id="Metaspace"} 1.0E8
            jvm_memory_max_bytes{area="heap",id="G1 Eden Space"} -1.0
            jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 5.36870912E8
            jvm_memory_max_bytes{area="heap",id="G1 Survivor Space"} -1.0
            jvm_memory_max_bytes{area="nonheap",id="Metaspace"} -1.0
            jvm_memory_max_bytes{area="nonheap",id="CodeHeap 'non-nmethods'"} 5836800.0
            # TYPE jvm_gc_pause_seconds summary
            jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 12
            jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.25
            jvm_gc_pause_seconds_sum{action="end of major GC",cause="System.gc()",gc="G1 Old Generation"} 0.125
            jvm_gc_pause_seconds_max{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.05
            process_uptime_seconds 42.0
            """;

    @Test
    void sums_the_heap_pools_and_ignores_non_heap_and_unbounded_pools() {
        // when
        UsageServerMetrics metrics = UsageServerMetrics.parse(SCRAPE);

        // then
        assertThat(metrics.heapUsedBytes()).isEqualTo(40L * 1024 * 1024 + 20L * 1024 * 1024 + 1024 * 1024);
        assertThat(metrics.heapCommittedBytes()).isEqualTo(60L * 1024 * 1024 + 40L * 1024 * 1024 + 2 * 1024 * 1024);
        assertThat(metrics.heapMaxBytes()).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void adds_the_pause_time_of_every_collector_and_names_them() {
        // when
        UsageServerMetrics metrics = UsageServerMetrics.parse(SCRAPE);

        // then
        assertThat(metrics.gcPauseSeconds()).isCloseTo(0.375, within(1e-9));
        assertThat(metrics.collectors()).containsExactly("G1 Old Generation", "G1 Young Generation");
    }
}
