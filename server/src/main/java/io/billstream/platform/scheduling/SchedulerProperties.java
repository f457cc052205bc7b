package io.billstream.platform.scheduling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param tick         how often due time-driven work is looked for (and test clocks advanced)
 * @param threads      worker threads of this instance's scheduler
 * @param instanceName this instance's name in the scheduler table; defaults to the host name
 * @param enabled      false runs no scheduled work on this instance (it still serves the API)
 */
@ConfigurationProperties("billstream.scheduler")
public record SchedulerProperties(Duration tick, Integer threads, String instanceName, Boolean enabled) {

    public SchedulerProperties {
        tick = tick == null ? Duration.ofSeconds(1) : tick;
        threads = threads == null ? 3 : threads;
        enabled = enabled == null || enabled;
    }
}
