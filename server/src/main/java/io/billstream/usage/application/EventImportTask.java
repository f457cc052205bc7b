package io.billstream.usage.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.billstream.platform.scheduling.BillingScheduler;
import io.billstream.platform.scheduling.ContributedTasks;
import io.billstream.platform.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Each import is one execution of this task on the persistent scheduler, its instance ID naming the
 * tenant and the import. Whichever server picks it runs it; its heartbeats tell the others when that
 * server died, and one of them revives it, to resume from the import's checkpoint. A run hands its
 * thread back after a time slice (or when its scheduler stops) and is rescheduled at once, so a
 * large import never holds up renewals.
 */
@Component
class EventImportTask implements ContributedTasks {

    static final String NAME = "event-import";
    private static final Logger log = LoggerFactory.getLogger(EventImportTask.class);

    private final EventImportProcessing processing;
    private final EventImportProperties properties;
    private final Clock clock;
    private final CustomTask<Void> task;
    private final SchedulerClient client;

    EventImportTask(DataSource dataSource, EventImportProcessing processing, EventImportProperties properties, Clock clock) {
        this.processing = processing;
        this.properties = properties;
        this.clock = clock;
        this.task = Tasks.custom(NAME, Void.class)
                .onFailure(this::retryOrGiveUp)
                .onDeadExecutionRevive()
                .execute(this::run);
        // Its own client, so that a server with the scheduler disabled still queues the imports it receives.
        this.client = SchedulerClient.Builder.create(dataSource, task).tableName(BillingScheduler.TABLE).build();
    }

    @Override
    public List<Task<?>> tasks() {
        return List.of(task);
    }

    /** Makes sure the import is looked at by {@code at}, whatever becomes of the server receiving it. */
    void watch(String tenantId, String importId, Instant at) {
        client.scheduleIfNotExists(task.instance(instanceId(tenantId, importId)), at);
    }

    /** Asks for the import to be processed now. If this fails, the watch runs it later. */
    void runNow(String tenantId, String importId) {
        try {
            client.reschedule(task.instanceId(instanceId(tenantId, importId)), clock.instant());
        } catch (RuntimeException e) {
            log.warn("Could not bring import {} forward; it runs when its watch is due", importId, e);
        }
    }

    private CompletionHandler<Void> run(TaskInstance<Void> instance, ExecutionContext context) {
        Target target = Target.of(instance.getId());
        Instant sliceEnd = clock.instant().plus(properties.slice());
        Instant next = TenantContext.callAs(target.tenantId(), () -> processing.process(target.importId(),
                () -> context.getSchedulerState().isShuttingDown() || !clock.instant().isBefore(sliceEnd)));
        if (next == null) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        return (complete, operations) -> operations.reschedule(complete, next);
    }

    /** Backs off exponentially; after {@code maxAttempts} failed runs in a row the import is failed. */
    private void retryOrGiveUp(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        int failures = complete.getExecution().consecutiveFailures + 1;
        Target target = Target.of(complete.getExecution().taskInstance.getId());
        if (failures >= properties.maxAttempts()) {
            try {
                TenantContext.runAs(target.tenantId(), () -> processing.giveUp(target.importId(), failures));
                log.error("Import {} failed {} times in a row and was given up", target.importId(), failures,
                        complete.getCause().orElse(null));
                operations.remove();
                return;
            } catch (RuntimeException e) {
                log.error("Could not give up import {}; trying again later", target.importId(), e);
            }
        }
        Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(failures - 1, 20));
        if (delay.compareTo(properties.maxRetryDelay()) > 0) {
            delay = properties.maxRetryDelay();
        }
        log.warn("Import {} run failed ({} in a row); retrying in {}", target.importId(), failures, delay,
                complete.getCause().orElse(null));
        operations.reschedule(complete, complete.getTimeDone().plus(delay));
    }

    private static String instanceId(String tenantId, String importId) {
        return tenantId + "/" + importId;
    }

    private record Target(String tenantId, String importId) {

        static Target of(String instanceId) {
            int slash = instanceId.lastIndexOf('/');
            return new Target(instanceId.substring(0, slash), instanceId.substring(slash + 1));
        }
    }
}
