package io.amphora.controlplane;

import java.time.Duration;

/**
 * Runs the control plane's background work (status transitions, deletion and its retries) later, on another thread.
 * A {@link java.util.concurrent.ScheduledExecutorService} in production; tests run the tasks when they choose.
 */
@FunctionalInterface
public interface TaskScheduler {
    /** Runs {@code task} once, {@code delay} from now or later. Tasks are independent; their order is not defined. */
    void schedule(Duration delay, Runnable task);
}
