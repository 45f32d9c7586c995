package io.amphora.model.histogram;

import static java.util.Objects.requireNonNull;

/**
 * The mean of float histograms, as PromQL's {@code avg} aggregation and {@code avg_over_time} compute it: a
 * Kahan-compensated sum divided by the number of histograms at the end, switching to an incremental mean
 * ({@code mean·(n−1)/n + h/n}, still compensated) as soon as the running sum would overflow to infinity.
 *
 * <p>Reusable and allocation-free once its buffers have grown, except for the incremental path, which divides each
 * new histogram into a fresh copy as Prometheus does. Call {@link #reset(FloatHistogram)} with the first histogram,
 * then {@link #add(FloatHistogram)} the others. Not thread-safe.
 */
public final class HistogramMean {
    private WorkingHistogram sum = new WorkingHistogram();
    private WorkingHistogram trial = new WorkingHistogram();
    private final WorkingHistogram mean = new WorkingHistogram();
    private final WorkingHistogram result = new WorkingHistogram();
    private double n;
    private boolean incremental;
    private boolean started;
    private boolean counterResetSeen;
    private boolean notCounterResetSeen;
    private boolean customBoundsReconciled;

    /** Starts a new mean whose first histogram is {@code first}. */
    public HistogramMean reset(FloatHistogram first) {
        sum.load(requireNonNull(first, "first is null"));
        n = 1;
        incremental = false;
        started = true;
        counterResetSeen = false;
        notCounterResetSeen = false;
        customBoundsReconciled = false;
        track(first.counterResetHint());
        return this;
    }

    /**
     * Adds {@code h}.
     *
     * @return whether custom bounds had to be reconciled for this histogram
     * @throws IncompatibleHistogramsException if {@code h} mixes exponential and custom buckets with the others;
     *     the mean is unusable afterwards (PromQL drops the group) until {@link #reset}
     * @throws IllegalStateException before {@link #reset}
     */
    public boolean add(FloatHistogram h) {
        requireNonNull(h, "h is null");
        checkStarted();
        track(h.counterResetHint());
        n++;
        int flags;
        if (!incremental) {
            trial.copyFrom(sum);
            flags = trial.combine(h, false, true);
            if (!trial.hasOverflow()) {
                WorkingHistogram previous = sum;
                sum = trial;
                trial = previous;
                return reconciled(flags);
            }
            incremental = true;
            mean.copyFrom(sum);
            mean.div(n - 1);
            if (mean.compensated) {
                mean.divCompensation(n - 1);
            }
        }
        double q = (n - 1) / n;
        if (mean.compensated) {
            mean.mulCompensation(q);
        }
        mean.mul(q);
        flags = mean.combine(h.div(n), false, true);
        return reconciled(flags);
    }

    private boolean reconciled(int flags) {
        boolean reconciled = (flags & WorkingHistogram.CUSTOM_BOUNDS_RECONCILED) != 0;
        customBoundsReconciled |= reconciled;
        return reconciled;
    }

    /** The mean, not compacted: PromQL's {@code avg} compacts it with {@code compact(0)}. May be called repeatedly. */
    public FloatHistogram result() {
        checkStarted();
        if (incremental) {
            result.copyFrom(mean);
        } else {
            result.copyFrom(sum);
            result.div(n);
            if (result.compensated) {
                result.divCompensation(n);
            }
        }
        result.foldCompensation();
        return result.toFloatHistogram();
    }

    /** The number of histograms averaged. */
    public long count() {
        return (long) n;
    }

    /** Whether one of the histograms was marked as counter reset and another as not. */
    public boolean counterResetCollisionSeen() {
        return counterResetSeen && notCounterResetSeen;
    }

    /** Whether custom-bucket histograms with different bounds were reconciled since {@link #reset}. */
    public boolean customBoundsReconciled() {
        return customBoundsReconciled;
    }

    private void track(CounterResetHint hint) {
        if (hint == CounterResetHint.COUNTER_RESET) {
            counterResetSeen = true;
        } else if (hint == CounterResetHint.NOT_COUNTER_RESET) {
            notCounterResetSeen = true;
        }
    }

    private void checkStarted() {
        if (!started) {
            throw new IllegalStateException("reset(first) has not been called");
        }
    }
}
