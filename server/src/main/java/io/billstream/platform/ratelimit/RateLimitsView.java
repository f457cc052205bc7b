package io.billstream.platform.ratelimit;

import java.time.Instant;

import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A tenant's effective rate limits as the API shows them.
 *
 * @param updatedAt when the operator last set the tenant's own limits; null if never
 */
@JacksonXmlRootElement(localName = "rate_limits")
public record RateLimitsView(String object, String tenantId, Limit ingestion, Limit rest, Instant updatedAt) {

    /**
     * @param source {@code tenant} when the operator set this tenant's own limit, else {@code installation}
     */
    public record Limit(long quota, long windowSeconds, String source) {

        static Limit of(RateLimitPolicy policy, boolean own) {
            return new Limit(policy.quota(), policy.windowSeconds(), own ? "tenant" : "installation");
        }
    }
}
