package io.amphora.controlplane;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A {@link TaskScheduler} that runs nothing by itself: tasks wait, due at the clock's time plus their delay, until a
 * test calls {@link #runDue()}. Deterministic; thread-safe.
 */
public final class TestingScheduler implements TaskScheduler {
    private final InstantSource clock;
    private final List<Scheduled> pending = new ArrayList<>();
    private long sequence;

    public TestingScheduler(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        requireNonNull(delay, "delay is null");
        requireNonNull(task, "task is null");
        pending.add(new Scheduled(clock.instant().plus(delay), sequence++, task, delay));
    }

    /**
     * Runs every task that is due, in due order (then in scheduling order), including tasks they schedule that are
     * due already.
     *
     * @return how many tasks ran
     */
    public int runDue() {
        int ran = 0;
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = pending.stream()
                        .filter(task -> !task.dueAt().isAfter(clock.instant()))
                        .min(Comparator.comparing(Scheduled::dueAt).thenComparingLong(Scheduled::sequence))
                        .orElse(null);
                if (next == null) {
                    return ran;
                }
                pending.remove(next);
            }
            next.task().run();
            ran++;
        }
    }

    /** The delays of the tasks not yet run, in scheduling order. */
    public synchronized List<Duration> pendingDelays() {
        return pending.stream().sorted(Comparator.comparingLong(Scheduled::sequence)).map(Scheduled::delay).toList();
    }

    private record Scheduled(Instant dueAt, long sequence, Runnable task, Duration delay) {}
}
