package io.amphora.promql.engine;

import io.amphora.model.histogram.CombinedHistogram;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.HistogramKahanSum;
import io.amphora.model.histogram.HistogramMean;
import io.amphora.model.histogram.IncompatibleHistogramsException;

/**
 * The native-histogram operations the engine composes from the model's {@link FloatHistogram} (which is immutable:
 * every operation returns a new one), with Prometheus's error cases turned into flags for annotations.
 */
final class HistogramMath {
    /** A flag of {@link Summation#add}/{@link Average#add}: exponential and custom buckets met; the group is void. */
    static final int INCOMPATIBLE = 1;
    /** A flag of {@link Summation#add}/{@link Average#add}: custom bucket bounds were reconciled. */
    static final int RECONCILED = 2;

    private HistogramMath() {}

    /** The result of adding or subtracting two histograms; {@code histogram} is null when they are incompatible. */
    record Combined(FloatHistogram histogram, boolean incompatible, boolean counterResetCollision,
            boolean boundsReconciled) {}

    static FloatHistogram asGauge(FloatHistogram h) {
        return h.counterResetHint() == CounterResetHint.GAUGE ? h : h.withCounterResetHint(CounterResetHint.GAUGE);
    }

    static FloatHistogram negate(FloatHistogram h) {
        return h.negate();
    }

    static FloatHistogram multiply(FloatHistogram h, double factor) {
        return h.mul(factor);
    }

    static FloatHistogram divide(FloatHistogram h, double divisor) {
        return h.div(divisor);
    }

    static FloatHistogram compact(FloatHistogram h) {
        return h.compact(0);
    }

    static FloatHistogram trimBuckets(FloatHistogram h, double bound, boolean upper) {
        return upper ? h.trimUpper(bound) : h.trimLower(bound);
    }

    static Combined add(FloatHistogram a, FloatHistogram b) {
        try {
            CombinedHistogram c = a.add(b);
            return new Combined(c.histogram(), false, c.counterResetCollision(), c.customBoundsReconciled());
        } catch (IncompatibleHistogramsException e) {
            return new Combined(null, true, false, false);
        }
    }

    static Combined subtract(FloatHistogram a, FloatHistogram b) {
        try {
            CombinedHistogram c = a.sub(b);
            return new Combined(c.histogram(), false, c.counterResetCollision(), c.customBoundsReconciled());
        } catch (IncompatibleHistogramsException e) {
            return new Combined(null, true, false, false);
        }
    }

    /** PromQL's {@code ==} between histograms (Prometheus {@code FloatHistogram.Equals}). */
    static boolean equal(FloatHistogram a, FloatHistogram b) {
        return a.dataEquals(b);
    }

    /** The compensated histogram sum of {@code sum}, started with the first, added in input order; reused. */
    static final class Summation {
        private final HistogramKahanSum sum = new HistogramKahanSum();

        void start(FloatHistogram first) {
            sum.reset(first);
        }

        int add(FloatHistogram h) {
            try {
                return sum.add(h) ? RECONCILED : 0;
            } catch (IncompatibleHistogramsException e) {
                return INCOMPATIBLE;
            }
        }

        FloatHistogram result() {
            return sum.result().compact(0);
        }
    }

    /**
     * The histogram mean of {@code avg}: a compensated sum divided by the count while it does not overflow, then
     * Prometheus's incremental mean. Reused per group.
     */
    static final class Average {
        private final HistogramMean mean = new HistogramMean();

        void start(FloatHistogram first) {
            mean.reset(first);
        }

        int add(FloatHistogram h) {
            try {
                return mean.add(h) ? RECONCILED : 0;
            } catch (IncompatibleHistogramsException e) {
                return INCOMPATIBLE;
            }
        }

        FloatHistogram result() {
            return mean.result().compact(0);
        }
    }

    /** Prometheus's {@code FloatHistogram.String()}, the {@code count_values} label of a histogram. */
    static String format(FloatHistogram h) {
        return HistogramText.format(h);
    }
}
