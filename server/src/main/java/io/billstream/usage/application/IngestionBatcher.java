package io.billstream.usage.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.usage.domain.EventOutcome;
import io.billstream.usage.domain.EventSource;
import io.billstream.usage.domain.MeteredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for usage events. Requests hand their checked events to a few writer threads and
 * wait; each writer takes everything queued (up to {@code flush-events}), writes it per tenant in
 * one transaction, and completes the requests once it has committed. Under load a thousand
 * single-event requests cost a few transactions instead of a thousand, and nothing is acknowledged
 * before it is durable. If a shared flush fails, each request's events are retried on their own so
 * that one request can never fail another.
 */
@Component
class IngestionBatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestionBatcher.class);

    record Submission(String tenantId, EventSource source, List<MeteredEvent> events, CompletableFuture<List<EventOutcome>> done) {
    }

    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    private final EventRecorder recorder;
    private final TransactionTemplate transactions;
    private final int writers;
    private final int flushEvents;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    IngestionBatcher(EventRecorder recorder, TransactionTemplate transactions, UsageProperties properties) {
        this.recorder = recorder;
        this.transactions = transactions;
        this.writers = properties.writers();
        this.flushEvents = properties.flushEvents();
    }

    CompletableFuture<List<EventOutcome>> submit(String tenantId, EventSource source, List<MeteredEvent> events) {
        CompletableFuture<List<EventOutcome>> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("Usage ingestion is stopping"));
            return done;
        }
        queue.add(new Submission(tenantId, source, events, done));
        return done;
    }

    private void writeLoop() {
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Submission> flush = new ArrayList<>();
                flush.add(first);
                int size = first.events().size();
                Submission next;
                while (size < flushEvents && (next = queue.poll()) != null) {
                    flush.add(next);
                    size += next.events().size();
                }
                write(flush);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Submission> flush) {
        Map<List<Object>, List<Submission>> groups = new LinkedHashMap<>();
        for (Submission submission : flush) {
            groups.computeIfAbsent(List.of(submission.tenantId(), submission.source()), key -> new ArrayList<>()).add(submission);
        }
        for (List<Submission> group : groups.values()) {
            try {
                writeTogether(group);
            } catch (RuntimeException failed) {
                if (group.size() == 1) {
                    fail(group.getFirst(), failed);
                    continue;
                }
                log.warn("A shared flush of {} usage requests failed; writing them one by one", group.size(), failed);
                for (Submission submission : group) {
                    try {
                        writeTogether(List.of(submission));
                    } catch (RuntimeException alone) {
                        fail(submission, alone);
                    }
                }
            }
        }
    }

    private void writeTogether(List<Submission> group) {
        Submission first = group.getFirst();
        List<MeteredEvent> events = new ArrayList<>();
        group.forEach(submission -> events.addAll(submission.events()));
        List<EventOutcome> outcomes = TenantContext.callAs(first.tenantId(),
                () -> transactions.execute(status -> recorder.record(first.tenantId(), events, first.source(), null)));
        int offset = 0;
        for (Submission submission : group) {
            int size = submission.events().size();
            submission.done().complete(outcomes.subList(offset, offset + size));
            offset += size;
        }
    }

    private static void fail(Submission submission, RuntimeException cause) {
        log.error("Writing {} usage events failed; none of them was acknowledged", submission.events().size(), cause);
        submission.done().completeExceptionally(cause);
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            Thread thread = Thread.ofPlatform().name("usage-writer-" + i).daemon(false).start(this::writeLoop);
            threads.add(thread);
        }
    }

    /**
     * Stops taking new events, writes those already queued, then returns. A submission that slipped
     * in after the writers left is refused rather than left waiting: it was never acknowledged.
     */
    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
        Submission late;
        while ((late = queue.poll()) != null) {
            late.done().completeExceptionally(new IllegalStateException("Usage ingestion stopped"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops after the web server's graceful shutdown (no request still waiting on a flush) and before the database.
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
