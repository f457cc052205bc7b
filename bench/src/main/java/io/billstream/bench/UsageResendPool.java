package io.billstream.bench;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Events the server has already acknowledged, kept to be sent again as a retrying client would.
 * Only acknowledged events go in, so a re-sent one must always come back as a duplicate.
 * A ring: the oldest are forgotten. Not thread-safe: one per client.
 */
final class UsageResendPool {

    private final UsageEvent[] ring;
    private int size;
    private int next;

    UsageResendPool(int capacity) {
        this.ring = new UsageEvent[capacity];
    }

    void remember(UsageEvent event) {
        ring[next] = event;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    boolean isEmpty() {
        return size == 0;
    }

    UsageEvent pick() {
        return ring[ThreadLocalRandom.current().nextInt(size)];
    }
}
