package io.amphora.bench.promql;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits until a process has stopped working: after a remote-write load, Prometheus compacts its head into blocks and
 * merges blocks, and a query timed meanwhile would share the cores with that work.
 */
final class PrometheusIdleWait {
    /** A process counts as idle when it used under this share of one core... */
    static final double IDLE_CPU_SHARE = 0.05;
    /** ...over this many consecutive windows... */
    static final int IDLE_WINDOWS = 2;
    /** ...of this length. */
    static final Duration WINDOW = Duration.ofSeconds(2);

    private PrometheusIdleWait() {}

    /**
     * Blocks until process {@code pid} has been idle for {@link #IDLE_WINDOWS} windows in a row, or {@code max} has
     * passed, judging by its CPU time as the OS reports it.
     *
     * @return how long the process had been idle, or {@link Duration#ZERO} when it never was before {@code max} or
     *     its CPU time cannot be read
     */
    static Duration await(long pid, Duration max) throws InterruptedException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return Duration.ZERO;
        }
        long deadline = System.nanoTime() + max.toNanos();
        Optional<Duration> previous = process.get().info().totalCpuDuration();
        int quiet = 0;
        while (previous.isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(WINDOW);
            Optional<Duration> now = process.get().info().totalCpuDuration();
            if (now.isEmpty()) {
                return Duration.ZERO;
            }
            long used = now.get().minus(previous.get()).toNanos();
            previous = now;
            quiet = used < WINDOW.toNanos() * IDLE_CPU_SHARE ? quiet + 1 : 0;
            if (quiet == IDLE_WINDOWS) {
                return WINDOW.multipliedBy(IDLE_WINDOWS);
            }
        }
        return Duration.ZERO;
    }
}
