package io.billstream.usage.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.billstream.catalog.domain.Aggregation;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.usage.domain.EventCheck;
import io.billstream.usage.domain.EventOutcome;
import io.billstream.usage.domain.EventRejected;
import io.billstream.usage.domain.EventSource;
import io.billstream.usage.domain.IncomingEvent;
import io.billstream.usage.domain.MeteredEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recording usage: each event is checked on its own (a bad one never fails the others), then the
 * good ones are written. Every outcome returned as accepted or duplicate is committed.
 */
@Service
public class UsageIngestion {

    /** How long a request waits for its flush; longer means the database is in trouble. */
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final MeteringCatalog catalog;
    private final IngestionBatcher batcher;
    private final EventRecorder recorder;
    private final UsageProperties properties;

    UsageIngestion(MeteringCatalog catalog, IngestionBatcher batcher, EventRecorder recorder, UsageProperties properties) {
        this.catalog = catalog;
        this.batcher = batcher;
        this.recorder = recorder;
        this.properties = properties;
    }

    public int maxBatchEvents() {
        return properties.maxBatchEvents();
    }

    /** Records events sent over the API, through the group-commit writers. One outcome per event, in order. */
    public List<EventOutcome> record(List<IncomingEvent> events, EventSource source) {
        Checked checked = check(events);
        if (checked.valid().isEmpty()) {
            return checked.merge(List.of());
        }
        try {
            return checked.merge(batcher.submit(TenantContext.require(), source, checked.valid())
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new UsageNotRecordedException(interrupted);
        } catch (ExecutionException | TimeoutException failed) {
            throw new UsageNotRecordedException(failed);
        }
    }

    /**
     * Records events in the caller's transaction, for imports that commit their checkpoint with the
     * events they wrote.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<EventOutcome> recordInTransaction(List<IncomingEvent> events, String importId) {
        Checked checked = check(events);
        List<EventOutcome> written = checked.valid().isEmpty() ? List.of()
                : recorder.record(TenantContext.require(), checked.valid(), EventSource.IMPORT, importId);
        return checked.merge(written);
    }

    /**
     * The property that carries a quantity recorded with {@code POST /v1/usage} for this metric: its
     * field_name, when the metric adds, compares or weighs numbers. Counting metrics count events,
     * not quantities, and are refused.
     */
    public String quantityProperty(String metricCode) {
        BillableMetric metric = metric(metricCode);
        if (metric.aggregation() == Aggregation.COUNT || metric.aggregation() == Aggregation.UNIQUE_COUNT) {
            throw new EventRejected("parameter_invalid", "code", "the metric " + metricCode + " uses the "
                    + metric.aggregation().apiName() + " aggregation, which counts events rather than adding quantities; "
                    + "send events to /v1/events instead");
        }
        return metric.fieldName();
    }

    private Checked check(List<IncomingEvent> events) {
        EventOutcome[] outcomes = new EventOutcome[events.size()];
        List<MeteredEvent> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            IncomingEvent event = events.get(i);
            try {
                EventCheck.checkShape(event);
                valid.add(EventCheck.measure(event, metric(event.metricCode())));
            } catch (EventRejected rejected) {
                outcomes[i] = EventOutcome.rejected(event.transactionId(), rejected);
            }
        }
        return new Checked(outcomes, valid);
    }

    private BillableMetric metric(String code) {
        Optional<BillableMetric> metric = catalog.metric(code);
        if (metric.isEmpty()) {
            throw new EventRejected("metric_unknown", "code", "no billable metric has the code " + code);
        }
        if (metric.get().archivedAt() != null) {
            throw new EventRejected("metric_archived", "code", "the billable metric " + code + " is archived");
        }
        return metric.get();
    }

    /** The per-event outcomes of the checks, with gaps where the events went on to be written. */
    private record Checked(EventOutcome[] outcomes, List<MeteredEvent> valid) {

        List<EventOutcome> merge(List<EventOutcome> written) {
            int next = 0;
            List<EventOutcome> all = new ArrayList<>(outcomes.length);
            for (EventOutcome outcome : outcomes) {
                all.add(outcome != null ? outcome : written.get(next++));
            }
            return all;
        }
    }
}
