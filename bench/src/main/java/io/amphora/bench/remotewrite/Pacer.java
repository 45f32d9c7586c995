package io.amphora.bench.remotewrite;

import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Holds a sender to a target rate over the whole run: the samples released so far, divided by the rate, give the
 * earliest time the next batch may go, counted from the first call. A sender that fell behind (slow answers) is not
 * held back, and does not burst later beyond catching up to the schedule. Not thread-safe: one thread releases
 * batches.
 */
final class Pacer {
    /** Waits for a number of nanoseconds; {@link Thread#sleep} in production, a fake clock's advance in tests. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double samplesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long startNanos;
    private long released;
    private boolean started;

    /** {@code samplesPerSecond} 0 never waits. */
    Pacer(double samplesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(samplesPerSecond >= 0) || Double.isInfinite(samplesPerSecond)) {
            throw new IllegalArgumentException("samplesPerSecond must be 0 or positive: " + samplesPerSecond);
        }
        this.samplesPerSecond = samplesPerSecond;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    /** Waits until a batch of {@code samples} may go, and counts it as released. */
    void awaitTurn(int samples) throws InterruptedException {
        if (samplesPerSecond == 0) {
            return;
        }
        if (!started) {
            started = true;
            startNanos = nanoTime.getAsLong();
        }
        long due = startNanos + (long) (released / samplesPerSecond * 1e9);
        long wait = due - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
        released += samples;
    }
}
