package io.billstream.webhook.delivery.application;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/**
 * Wakes this instance's idle workers when it has just made deliveries due (fan-out, a retry
 * request), so they need not wait for their next poll. Other instances find the work by polling.
 */
@Component
class WakeUp {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private long generation;

    void signal() {
        lock.lock();
        try {
            generation++;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@link #signal} or {@code timeout}, whichever comes first. */
    void await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long seen = generation;
            long nanos = timeout.toNanos();
            while (generation == seen && nanos > 0) {
                nanos = signalled.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

}
