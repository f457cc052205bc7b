package io.billstream.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestBodySize request bodies larger than this are refused with 413
 * @param maxBatchBodySize   the same for {@code POST /v1/events/batch} (up to 1,000 events), after gzip decoding
 * @param apiKeyCacheTtl     how long an instance keeps an API key it looked up; a key revoked on
 *                           another instance keeps working there for at most this long (0 disables)
 */
@ConfigurationProperties("billstream.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxRequestBodySize,
                            @DefaultValue("16MB") DataSize maxBatchBodySize,
                            @DefaultValue("10s") java.time.Duration apiKeyCacheTtl) {
}
