package io.billstream.usage.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param backdatingWindow how old an event's timestamp may be (default 35 days)
 * @param futureWindow     how far ahead of now an event's timestamp may be (default 24 hours)
 * @param maxBatchEvents   events per {@code POST /v1/events/batch} (default 1,000)
 * @param writers          threads writing events to the database; each flush is one transaction
 * @param flushEvents      the most events one flush writes (several requests' events share a flush)
 * @param catalogCacheTtl  how long an instance keeps a metric definition it read; an archived metric
 *                         keeps accepting events for at most this long
 */
@ConfigurationProperties("billstream.usage")
public record UsageProperties(Duration backdatingWindow, Duration futureWindow, Integer maxBatchEvents, Integer writers,
                              Integer flushEvents, Duration catalogCacheTtl) {

    public UsageProperties {
        backdatingWindow = backdatingWindow == null ? Duration.ofDays(35) : backdatingWindow;
        futureWindow = futureWindow == null ? Duration.ofHours(24) : futureWindow;
        maxBatchEvents = maxBatchEvents == null ? 1000 : maxBatchEvents;
        writers = writers == null ? 2 : writers;
        flushEvents = flushEvents == null ? 5000 : flushEvents;
        catalogCacheTtl = catalogCacheTtl == null ? Duration.ofSeconds(10) : catalogCacheTtl;
    }
}
