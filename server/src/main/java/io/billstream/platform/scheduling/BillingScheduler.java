package io.billstream.platform.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.billstream.platform.clock.TestClockAdvancing;
import io.billstream.platform.idempotency.IdempotencyFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The persistent, cluster-safe scheduler (db-scheduler on the {@code scheduled_tasks} table).
 *
 * <p>Each recurring task is one row; whichever instance picks it runs it, so two instances never run
 * the same tick, and a task overdue because every server was down runs as soon as one starts (the
 * catch-up). The due instants themselves live in the business rows ({@code next_action_at}), so a
 * tick finds everything due however long the gap was.
 */
@Component
public class BillingScheduler implements SmartLifecycle {

    /** The scheduler's table, for modules that schedule their own task instances. */
    public static final String TABLE = "scheduled_tasks";
    static final String TIME_DRIVEN_WORK = "time-driven-work";
    static final String TEST_CLOCK_ADVANCES = "test-clock-advances";
    static final String IDEMPOTENCY_PURGE = "idempotency-key-purge";
    private static final Logger log = LoggerFactory.getLogger(BillingScheduler.class);

    private final DataSource dataSource;
    private final SchedulerProperties properties;
    private final List<TimeDrivenWork> work;
    private final TestClockAdvancing testClocks;
    private final IdempotencyFilter idempotency;
    private final List<ContributedTasks> contributed;
    private final Clock clock;
    private volatile Scheduler scheduler;

    BillingScheduler(DataSource dataSource, SchedulerProperties properties, List<TimeDrivenWork> work,
                     TestClockAdvancing testClocks, IdempotencyFilter idempotency, List<ContributedTasks> contributed, Clock clock) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.work = work;
        this.testClocks = testClocks;
        this.idempotency = idempotency;
        this.contributed = contributed;
        this.clock = clock;
    }

    /** One pass over the real-time work due now. */
    public void runDueWork() {
        for (TimeDrivenWork module : work) {
            module.runDue(clock.instant());
        }
    }

    /** The task definitions, shared by this instance's scheduler and any other built on the same table. */
    public List<RecurringTask<Void>> tasks() {
        RecurringTask<Void> timeDriven = Tasks.recurring(TIME_DRIVEN_WORK, FixedDelay.of(properties.tick()))
                .execute((instance, context) -> runDueWork());
        // A separate task, so that a long test-clock advance never holds up real customers' renewals.
        RecurringTask<Void> clocks = Tasks.recurring(TEST_CLOCK_ADVANCES, FixedDelay.of(properties.tick()))
                .execute((instance, context) -> testClocks.completeAdvancingClocks());
        RecurringTask<Void> purge = Tasks.recurring(IDEMPOTENCY_PURGE, FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> idempotency.purgeExpired());
        return List.of(timeDriven, clocks, purge);
    }

    /** A scheduler on this database with these tasks; {@code name} identifies the instance in the table. */
    public Scheduler build(String name) {
        // Recurring tasks are registered as start tasks: each is scheduled once, if not yet in the table.
        List<Task<?>> known = contributed.stream().<Task<?>>flatMap(module -> module.tasks().stream()).toList();
        return Scheduler.create(dataSource, known)
                .startTasks(tasks())
                .schedulerName(name == null ? new SchedulerName.Hostname() : new SchedulerName.Fixed(name))
                .tableName(TABLE)
                .pollingInterval(properties.tick())
                .heartbeatInterval(Duration.ofSeconds(30))
                .threads(properties.threads())
                .shutdownMaxWait(Duration.ofSeconds(15))
                .build();
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            log.info("Scheduler disabled on this instance (billstream.scheduler.enabled=false)");
            return;
        }
        scheduler = build(properties.instanceName());
        scheduler.start();
    }

    @Override
    public void stop() {
        Scheduler running = scheduler;
        if (running != null) {
            running.stop();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        // Stops before the web server's graceful shutdown ends and long before the database goes.
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
