package io.billstream.platform.ratelimit;

/**
 * The outcome of taking one request from a bucket.
 *
 * @param remaining         requests left in the bucket now
 * @param resetSeconds      until the bucket is full again (the {@code t} of {@code RateLimit})
 * @param retryAfterSeconds until the next request would be allowed; 0 when this one was
 */
record RateLimitDecision(RateLimitPolicy policy, boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {

    /** {@code "rest";r=42;t=1}: the {@code RateLimit} field. */
    String rateLimitField() {
        return "\"" + policy.name() + "\";r=" + remaining + ";t=" + resetSeconds;
    }
}
