package io.billstream.usage.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param chunkSize         the pieces an uploaded file is stored in; one is in memory at a time
 * @param groupLines        lines whose events, rejections and checkpoint commit together
 * @param maxLineSize       a longer line is rejected (line_too_long), the rest of the file still read
 * @param maxFileSize       larger uploads are refused with 413 (after gzip decoding)
 * @param slice             how long one run processes before it hands its scheduler thread back
 *                          (renewals and other imports get their turn; the import continues at once)
 * @param uploadIdleTimeout an upload that stored nothing for this long is failed (its server died)
 * @param retryDelay        the wait after a first failed run; doubled after each further failure
 * @param maxRetryDelay     the longest wait between failed runs
 * @param maxAttempts       consecutive failed runs after which the import is failed (processing_failed)
 */
@ConfigurationProperties("billstream.usage.imports")
public record EventImportProperties(@DefaultValue("1MB") DataSize chunkSize,
                                    @DefaultValue("1000") int groupLines,
                                    @DefaultValue("64KB") DataSize maxLineSize,
                                    @DefaultValue("10GB") DataSize maxFileSize,
                                    @DefaultValue("10s") Duration slice,
                                    @DefaultValue("15m") Duration uploadIdleTimeout,
                                    @DefaultValue("2s") Duration retryDelay,
                                    @DefaultValue("10m") Duration maxRetryDelay,
                                    @DefaultValue("20") int maxAttempts) {

    public EventImportProperties {
        if (groupLines < 1) {
            throw new IllegalArgumentException("billstream.usage.imports.group-lines must be at least 1");
        }
        if (chunkSize.toBytes() < 1024 || chunkSize.toBytes() > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("billstream.usage.imports.chunk-size must be between 1KB and 1GB");
        }
    }

    int chunkBytes() {
        return (int) chunkSize.toBytes();
    }

    int maxLineBytes() {
        return (int) Math.min(maxLineSize.toBytes(), Integer.MAX_VALUE / 2);
    }
}
