package io.billstream.platform.ratelimit;

import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;

/**
 * One quota policy: a token bucket of {@code quota} requests, refilled greedily at {@code quota} per
 * {@code window}.
 *
 * @param name {@code ingestion}, {@code rest} or {@code callbacks}: the policy's name in the headers
 */
record RateLimitPolicy(String name, long quota, Duration window) {

    static final String INGESTION = "ingestion";
    static final String REST = "rest";
    static final String CALLBACKS = "callbacks";

    RateLimitPolicy {
        if (quota < 1) {
            throw new IllegalArgumentException("A rate limit's quota must be at least 1, not " + quota);
        }
        if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("A rate limit's window is a whole number of seconds, not " + window);
        }
    }

    long windowSeconds() {
        return window.toSeconds();
    }

    /** {@code "rest";q=100;w=1}: an item of {@code RateLimit-Policy}. */
    String policyItem() {
        return "\"" + name + "\";q=" + quota + ";w=" + windowSeconds();
    }

    /**
     * Where this policy's bucket lives for {@code holder}. The quota and window are part of the key,
     * so a changed limit starts a fresh, full bucket instead of reinterpreting the old state.
     */
    String bucketKey(String holder) {
        return holder + ":" + name + ":" + quota + "/" + windowSeconds() + "s";
    }

    BucketConfiguration bucket() {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(quota).refillGreedy(quota, window))
                .build();
    }
}
