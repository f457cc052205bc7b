package io.billstream.platform.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The installation's rate limits ({@code billstream.rate-limits.*}); a tenant may have its own
 * ingestion and rest limits, set by the operator. A limit is a token bucket holding {@code quota}
 * requests that refills at {@code quota} per {@code window}: a full bucket absorbs a burst of
 * {@code quota} requests at once.
 *
 * @param enabled              false turns every limit off (and the headers with them)
 * @param ingestionQuota       usage ingestion ({@code POST /v1/events}, {@code /v1/events/batch}, {@code /v1/usage},
 *                             {@code /v1/event-imports}) per API key or OAuth client
 * @param restQuota            every other authenticated request, per API key or OAuth client
 * @param callbackQuota        unauthenticated provider callbacks, per client IP address
 * @param syncInterval         how long an instance may consume a bucket locally before it writes the
 *                             consumption to PostgreSQL (Bucket4j's delaying optimisation)
 * @param unsynchronizedShare  the part of a bucket's quota (in percent) an instance may consume locally
 *                             before it synchronises, whichever comes first
 * @param tenantLimitsCacheTtl how long an instance keeps a tenant's own limits; a change made on another
 *                             instance applies there within this time
 */
@ConfigurationProperties("billstream.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("1000") int ingestionQuota,
                                  @DefaultValue("1s") Duration ingestionWindow,
                                  @DefaultValue("100") int restQuota,
                                  @DefaultValue("1s") Duration restWindow,
                                  @DefaultValue("100") int callbackQuota,
                                  @DefaultValue("1s") Duration callbackWindow,
                                  @DefaultValue("50ms") Duration syncInterval,
                                  @DefaultValue("10") int unsynchronizedShare,
                                  @DefaultValue("10s") Duration tenantLimitsCacheTtl) {

    public RateLimitProperties {
        if (unsynchronizedShare < 0 || unsynchronizedShare > 100) {
            throw new IllegalArgumentException("billstream.rate-limits.unsynchronized-share is a percentage, 0-100");
        }
    }

    RateLimitPolicy ingestion() {
        return new RateLimitPolicy(RateLimitPolicy.INGESTION, ingestionQuota, ingestionWindow);
    }

    RateLimitPolicy rest() {
        return new RateLimitPolicy(RateLimitPolicy.REST, restQuota, restWindow);
    }

    RateLimitPolicy callbacks() {
        return new RateLimitPolicy(RateLimitPolicy.CALLBACKS, callbackQuota, callbackWindow);
    }
}
