package io.amphora.model.histogram;

import static java.util.Objects.requireNonNull;

/**
 * A running sum of float histograms with Kahan compensation, as PromQL's {@code sum} aggregation and
 * {@code sum_over_time} compute it (Prometheus {@code FloatHistogram.KahanAdd}, finished by adding the
 * compensation). The result has the smallest schema and a zero bucket covering all inputs' zero buckets; see
 * {@link FloatHistogram#add} for the layout and hint rules.
 *
 * <p>Reusable and allocation-free once its buffers have grown: call {@link #reset(FloatHistogram)} with the first
 * histogram of every group, then {@link #add(FloatHistogram)} the others. Not thread-safe.
 */
public final class HistogramKahanSum {
    private final WorkingHistogram sum = new WorkingHistogram();
    private final WorkingHistogram result = new WorkingHistogram();
    private boolean started;
    private boolean counterResetSeen;
    private boolean notCounterResetSeen;
    private boolean customBoundsReconciled;

    /** Starts a new sum whose first term is {@code first}. */
    public HistogramKahanSum reset(FloatHistogram first) {
        sum.load(requireNonNull(first, "first is null"));
        started = true;
        counterResetSeen = false;
        notCounterResetSeen = false;
        customBoundsReconciled = false;
        track(first.counterResetHint());
        return this;
    }

    /**
     * Adds {@code h} to the sum.
     *
     * @return whether custom bounds had to be reconciled for this term
     * @throws IncompatibleHistogramsException if {@code h} mixes exponential and custom buckets with the sum; the sum
     *     is unchanged then
     * @throws IllegalStateException before {@link #reset}
     */
    public boolean add(FloatHistogram h) {
        requireNonNull(h, "h is null");
        checkStarted();
        int flags = sum.combine(h, false, true);
        track(h.counterResetHint());
        boolean reconciled = (flags & WorkingHistogram.CUSTOM_BOUNDS_RECONCILED) != 0;
        customBoundsReconciled |= reconciled;
        return reconciled;
    }

    /**
     * The sum (with the compensation added, as Prometheus finishes it), not compacted: PromQL's {@code sum}
     * compacts it with {@code compact(0)}, {@code sum_over_time} returns it as is. May be called repeatedly.
     */
    public FloatHistogram result() {
        checkStarted();
        result.copyFrom(sum);
        result.foldCompensation();
        return result.toFloatHistogram();
    }

    /** Whether one of the summed histograms was marked as counter reset and another as not. */
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
