package io.billstream.platform.scheduling;

import java.util.List;

import com.github.kagkarlsson.scheduler.task.Task;

/**
 * Tasks a module runs on the persistent scheduler besides the recurring ticks: typically one-time
 * tasks whose instances the module schedules itself, through a {@code SchedulerClient} on
 * {@link BillingScheduler#TABLE}. Every scheduler instance knows them, so any server can run (and
 * after a crash, revive) an execution another one scheduled.
 */
public interface ContributedTasks {

    List<Task<?>> tasks();
}
