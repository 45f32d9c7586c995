package io.amphora.promql.functions;

import io.amphora.model.histogram.CombinedHistogram;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.HistogramKahanSum;
import io.amphora.model.histogram.HistogramMean;
import io.amphora.model.histogram.IncompatibleHistogramsException;

/**
 * The native-histogram kernels of PromQL's range-vector functions, computed as Prometheus 3 computes them, and the
 * kernels of {@code irate}/{@code idelta}/{@code resets}/{@code changes} over windows that mix floats and
 * histograms.
 *
 * <p>Conventions are those of {@link RangeFunctions}: parallel arrays ({@code t}, {@code h} and optionally
 * {@code st}), windows {@code [from, to)}, {@code rangeStart}/{@code rangeEnd} as Prometheus's
 * {@code enh.Ts - (range + offset)} and {@code enh.Ts - offset}. Histogram arithmetic is
 * {@link FloatHistogram}'s (immutable values, so nothing is copied defensively); every result histogram is a new
 * instance. Results and annotation conditions go to a {@link RangeResult}.
 *
 * <p>Windows holding both floats and histograms: {@code rate}, {@code increase}, {@code delta},
 * {@code sum_over_time} and {@code avg_over_time} give no point and {@link FunctionAnnotation#MIXED_FLOATS_HISTOGRAMS}
 * — the engine detects that from the two counts and does not call these kernels; {@link #instantValue},
 * {@link #resets} and {@link #changes} take both kinds.
 */
public final class HistogramRangeFunctions {
    private static final int NONE = -1;

    private HistogramRangeFunctions() {}

    // ---------------------------------------------------------------------------------------------------------
    // rate, increase, delta

    /** {@code rate(x[r])} over a histogram-only window: {@link #extrapolatedRate} as a per-second rate. */
    public static void rate(long[] t, FloatHistogram[] h, long[] st, int from, int to, long rangeStart,
            long rangeEnd, RangeResult result) {
        extrapolatedRate(t, h, st, from, to, rangeStart, rangeEnd, true, true, result);
    }

    /** {@code increase(x[r])} over a histogram-only window. */
    public static void increase(long[] t, FloatHistogram[] h, long[] st, int from, int to, long rangeStart,
            long rangeEnd, RangeResult result) {
        extrapolatedRate(t, h, st, from, to, rangeStart, rangeEnd, true, false, result);
    }

    /** {@code delta(x[r])} over a histogram-only window. */
    public static void delta(long[] t, FloatHistogram[] h, int from, int to, long rangeStart, long rangeEnd,
            RangeResult result) {
        extrapolatedRate(t, h, null, from, to, rangeStart, rangeEnd, false, false, result);
    }

    /**
     * Prometheus's {@code extrapolatedRate} for native histograms (plain range selectors): the last histogram minus
     * the first, reduced to the smallest schema in the window; for counters, every histogram a reset dropped
     * (detected by {@link FloatHistogram#detectReset} or by start timestamps) is added back, and a reset between the
     * first and the second histogram drops the first. The difference is then extrapolated exactly like the float
     * result ({@link RangeFunctions#extrapolatedRate}), with the histogram count standing in for the value in the
     * zero-point cut-off. The result is a compacted gauge histogram, except when a single histogram is turned into
     * an increase by its start timestamp (then it is that histogram, scaled).
     *
     * <p>No point for an empty window, a single histogram without a usable start timestamp, or incompatible
     * histograms. Annotations: {@link FunctionAnnotation#NATIVE_HISTOGRAM_NOT_COUNTER} (a counter function over a
     * gauge histogram), {@link FunctionAnnotation#NATIVE_HISTOGRAM_NOT_GAUGE} ({@code delta} over a counter),
     * {@link FunctionAnnotation#MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS} (no point; replaces the others, as in
     * Prometheus), {@link FunctionAnnotation#MISMATCHED_CUSTOM_BUCKETS_SUB}/{@code _ADD},
     * {@link FunctionAnnotation#START_TIME_OVERLAP}.
     *
     * @param st start timestamps parallel to {@code t}, or null; ignored unless {@code isCounter}
     */
    public static void extrapolatedRate(long[] t, FloatHistogram[] h, long[] st, int from, int to, long rangeStart,
            long rangeEnd, boolean isCounter, boolean isRate, RangeResult result) {
        result.reset();
        int n = to - from;
        if (n <= 0) {
            return;
        }
        long[] sts = isCounter ? st : null;
        int last = to - 1;
        long firstT = t[from];
        long lastT = t[last];
        FloatHistogram resultHistogram = null;
        if (n > 1) {
            resultHistogram = histogramRate(t, h, sts, from, to, isCounter, result);
            if (resultHistogram == null) {
                return;
            }
        }

        double durationToStart = (double) (firstT - rangeStart) / 1000;
        double durationToEnd = (double) (rangeEnd - lastT) / 1000;
        double sampledInterval = (double) (lastT - firstT) / 1000;
        double averageDurationBetweenSamples = n > 1 ? sampledInterval / (n - 1) : 0;
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;

        if (sts != null && sts[from] != 0 && sts[from] > rangeStart && sts[from] < firstT) {
            durationToStart = 0;
            sampledInterval = (double) (lastT - sts[from]) / 1000;
            if (resultHistogram == null) {
                resultHistogram = h[from];
            } else {
                resultHistogram = add(resultHistogram, h[from], result);
                if (resultHistogram == null) {
                    return;
                }
            }
        } else if (n == 1) {
            return;
        } else {
            if (durationToStart >= extrapolationThreshold) {
                durationToStart = averageDurationBetweenSamples / 2;
            }
            if (isCounter) {
                double durationToZero = durationToStart;
                if (resultHistogram.count() > 0 && h[from].count() >= 0) {
                    durationToZero = sampledInterval * (h[from].count() / resultHistogram.count());
                }
                if (durationToZero < durationToStart) {
                    durationToStart = durationToZero;
                }
            }
        }
        if (durationToEnd >= extrapolationThreshold) {
            durationToEnd = averageDurationBetweenSamples / 2;
        }
        double factor = 1.0;
        if (sampledInterval != 0) {
            factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        }
        if (isRate) {
            factor /= RangeFunctions.rangeSeconds(rangeEnd - rangeStart);
        }
        result.setHistogram(resultHistogram.mul(factor));
    }

    /**
     * The unextrapolated increase of {@code h[from..to)} (at least two histograms), or null with the annotation
     * set when the histograms cannot be combined. Prometheus's {@code histogramRate}.
     */
    private static FloatHistogram histogramRate(long[] t, FloatHistogram[] h, long[] sts, int from, int to,
            boolean isCounter, RangeResult result) {
        int lastIndex = to - 1;
        FloatHistogram prev = h[from];
        FloatHistogram last = h[lastIndex];
        boolean usingCustomBuckets = prev.usesCustomBuckets();
        if (isCounter && (isGauge(prev) || isGauge(last))) {
            result.annotate(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_COUNTER);
        }
        if (isCounter) {
            FloatHistogram second = h[from + 1];
            boolean reset = sts != null && RangeFunctions.isStartTimestampReset(sts[from], t[from], sts[from + 1],
                    t[from + 1]);
            if (reset || second.detectReset(prev)) {
                // A reset right after the first histogram: its layout does not matter, start from nothing.
                prev = FloatHistogram.empty(second.schema(), second.customValues());
                usingCustomBuckets = second.usesCustomBuckets();
            }
        }
        if (last.usesCustomBuckets() != usingCustomBuckets) {
            return mixedSchemas(result);
        }
        int minSchema = Math.min(last.schema(), prev.schema());
        for (int i = from + 1; i < lastIndex; i++) {
            if (!isCounter) {
                continue;
            }
            FloatHistogram curr = h[i];
            if (isGauge(curr)) {
                result.annotate(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_COUNTER);
            }
            if (curr.schema() < minSchema) {
                minSchema = curr.schema();
            }
            if (curr.usesCustomBuckets() != usingCustomBuckets) {
                return mixedSchemas(result);
            }
        }

        FloatHistogram increase;
        try {
            CombinedHistogram difference = last.copyToSchema(minSchema).sub(prev);
            if (difference.customBoundsReconciled()) {
                result.annotate(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_SUB);
            }
            increase = difference.histogram();
        } catch (IncompatibleHistogramsException e) {
            return mixedSchemas(result);
        }

        if (isCounter) {
            boolean overlapDetected = false;
            for (int i = from + 1; i < to; i++) {
                if (sts != null && !overlapDetected && RangeFunctions.startTimeOverlaps(sts[i - 1], t[i - 1], sts[i])) {
                    result.annotate(FunctionAnnotation.START_TIME_OVERLAP);
                    overlapDetected = true;
                }
                FloatHistogram curr = h[i];
                boolean reset = sts != null
                        && RangeFunctions.isStartTimestampReset(sts[i - 1], t[i - 1], sts[i], t[i]);
                if (reset || curr.detectReset(prev)) {
                    try {
                        CombinedHistogram corrected = increase.add(prev);
                        if (corrected.customBoundsReconciled()) {
                            result.annotate(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_ADD);
                        }
                        increase = corrected.histogram();
                    } catch (IncompatibleHistogramsException e) {
                        return mixedSchemas(result);
                    }
                }
                prev = curr;
            }
        } else if (!isGauge(h[from]) || !isGauge(last)) {
            result.annotate(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_GAUGE);
        }
        return increase.withCounterResetHint(CounterResetHint.GAUGE).compact(0);
    }

    /** Prometheus replaces the annotations collected so far with this one warning. */
    private static FloatHistogram mixedSchemas(RangeResult result) {
        result.clearAnnotations();
        result.annotate(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS);
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // anchored and smoothed

    /**
     * {@code rate}/{@code increase}/{@code delta} of native histograms over an {@code anchored} or {@code smoothed}
     * range selector (Prometheus's {@code extendedHistogramRate}); the window and the choice of edge samples are as
     * in {@link RangeFunctions#extendedRate}. Smoothed edges are interpolated with {@link #interpolate}. For counters,
     * every histogram a reset dropped between the edges is added back (a reset already spanned by the left
     * interpolation is not counted twice). The result is a compacted gauge histogram.
     *
     * <p>No point for an empty window, when no sample is in the range, or when histograms cannot be combined.
     * Annotations: {@link FunctionAnnotation#MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS} (no point),
     * {@link FunctionAnnotation#NATIVE_HISTOGRAM_NOT_COUNTER} (a gauge histogram in a counter function),
     * {@link FunctionAnnotation#NATIVE_HISTOGRAM_NOT_GAUGE} ({@code delta} with non-gauge edges),
     * {@link FunctionAnnotation#MISMATCHED_CUSTOM_BUCKETS_SUB}/{@code _ADD}.
     */
    public static void extendedRate(long[] t, FloatHistogram[] h, int from, int to, long rangeStart, long rangeEnd,
            boolean smoothed, boolean isCounter, boolean isRate, RangeResult result) {
        result.reset();
        if (to <= from) {
            return;
        }
        int last = to - 1;
        int first = Math.max(from, RangeFunctions.firstIndexAfter(t, from, last, rangeStart) - 1);
        if (smoothed) {
            last = RangeFunctions.firstIndexAtOrAfter(t, from, last, rangeEnd);
        }
        if (t[last] <= rangeStart) {
            return;
        }
        if (smoothed && t[first] > rangeEnd) {
            return;
        }
        boolean usingCustomBuckets = h[first].usesCustomBuckets();
        for (int i = first; i <= last; i++) {
            if (h[i].usesCustomBuckets() != usingCustomBuckets) {
                result.annotate(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS);
                return;
            }
            if (isCounter && isGauge(h[i])) {
                result.annotate(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_COUNTER);
            }
        }
        FloatHistogram left = h[first];
        if (smoothed && t[first] < rangeStart) {
            left = interpolateOrNull(h[first], t[first], h[first + 1], t[first + 1], rangeStart, isCounter, result);
            if (left == null) {
                return;
            }
        }
        FloatHistogram right = h[last];
        if (smoothed && last > from && t[last] > rangeEnd) {
            right = interpolateOrNull(h[last - 1], t[last - 1], h[last], t[last], rangeEnd, isCounter, result);
            if (right == null) {
                return;
            }
        }
        if (!isCounter && (!isGauge(left) || !isGauge(right))) {
            result.annotate(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_GAUGE);
        }
        FloatHistogram increase = subtract(right, left, result);
        if (increase == null) {
            return;
        }
        if (isCounter) {
            int correctionFirst = first + 1;
            FloatHistogram prev = left;
            if (smoothed && t[first] < rangeStart && h[first + 1].detectReset(h[first])) {
                // The left interpolation already spans this reset.
                prev = h[first + 1];
                correctionFirst++;
            }
            int correctionLast = last - 1;
            if (correctionFirst <= correctionLast + 1) {
                FloatHistogram correction = null;
                for (int i = correctionFirst; i <= correctionLast; i++) {
                    if (h[i].detectReset(prev)) {
                        correction = correction == null ? prev : add(correction, prev, result);
                        if (correction == null) {
                            return;
                        }
                    }
                    prev = h[i];
                }
                if (right.detectReset(prev)) {
                    correction = correction == null ? prev : add(correction, prev, result);
                    if (correction == null) {
                        return;
                    }
                }
                if (correction != null) {
                    increase = add(increase, correction, result);
                    if (increase == null) {
                        return;
                    }
                }
            }
        }
        if (isRate) {
            increase = increase.div(RangeFunctions.rangeSeconds(rangeEnd - rangeStart));
        }
        result.setHistogram(increase.withCounterResetHint(CounterResetHint.GAUGE).compact(0));
    }

    /**
     * The histogram at {@code t} on the straight line from {@code (t1, h1)} to {@code (t2, h2)}
     * ({@code t1 <= t <= t2}): {@code h1 + (h2 − h1)·(t − t1)/(t2 − t1)}, or for a counter that reset between them
     * ({@code h2.detectReset(h1)}) {@code h2·(t − t1)/(t2 − t1)}; exactly {@code h1}/{@code h2} at the ends. Used by
     * {@code smoothed} selectors (for instant vectors Prometheus treats the pair as a counter unless both are
     * gauges).
     *
     * <p>Sets {@code result} to the histogram, or to no point with
     * {@link FunctionAnnotation#MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS} when one uses custom buckets and the other does
     * not; may annotate {@link FunctionAnnotation#MISMATCHED_CUSTOM_BUCKETS_SUB}/{@code _ADD}. Does not reset
     * {@code result}'s annotations, so that a caller can collect them over a whole series.
     */
    public static void interpolate(FloatHistogram h1, long t1, FloatHistogram h2, long t2, long t, boolean isCounter,
            RangeResult result) {
        FloatHistogram value = interpolateOrNull(h1, t1, h2, t2, t, isCounter, result);
        if (value == null) {
            result.noPoint();
        } else {
            result.setHistogram(value);
        }
    }

    private static FloatHistogram interpolateOrNull(FloatHistogram h1, long t1, FloatHistogram h2, long t2, long t,
            boolean isCounter, RangeResult result) {
        if (t == t1) {
            return h1;
        }
        if (t == t2) {
            return h2;
        }
        double fraction = (double) (t - t1) / (double) (t2 - t1);
        if (isCounter && h2.detectReset(h1)) {
            return h2.mul(fraction);
        }
        FloatHistogram difference = subtract(h2, h1, result);
        if (difference == null) {
            return null;
        }
        return add(difference.mul(fraction), h1, result);
    }

    // ---------------------------------------------------------------------------------------------------------
    // sum_over_time, avg_over_time

    /**
     * {@code sum_over_time} over a histogram-only window: the Kahan-compensated sum in time order
     * ({@link HistogramKahanSum}), not compacted. Precondition: at least one histogram.
     *
     * <p>Histograms mixing exponential and custom buckets give no point and only
     * {@link FunctionAnnotation#MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS}. Otherwise annotates
     * {@link FunctionAnnotation#HISTOGRAM_COUNTER_RESET_COLLISION_AGG} when both the counter-reset and the
     * not-counter-reset hint occur, and {@link FunctionAnnotation#MISMATCHED_CUSTOM_BUCKETS_AGG} when custom bounds
     * were reconciled.
     *
     * @param sum the caller's reusable accumulator (its state is replaced)
     */
    public static void sumOverTime(FloatHistogram[] h, int from, int to, HistogramKahanSum sum, RangeResult result) {
        result.reset();
        sum.reset(h[from]);
        try {
            for (int i = from + 1; i < to; i++) {
                sum.add(h[i]);
            }
        } catch (IncompatibleHistogramsException e) {
            result.annotate(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS);
            return;
        }
        if (sum.counterResetCollisionSeen()) {
            result.annotate(FunctionAnnotation.HISTOGRAM_COUNTER_RESET_COLLISION_AGG);
        }
        if (sum.customBoundsReconciled()) {
            result.annotate(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_AGG);
        }
        result.setHistogram(sum.result());
    }

    /**
     * {@code avg_over_time} over a histogram-only window: the compensated mean in time order, switching to an
     * incremental mean when the sum would overflow ({@link HistogramMean}), not compacted. Precondition: at least
     * one histogram. Annotations and the no-point case as in {@link #sumOverTime}.
     *
     * @param mean the caller's reusable accumulator (its state is replaced)
     */
    public static void avgOverTime(FloatHistogram[] h, int from, int to, HistogramMean mean, RangeResult result) {
        result.reset();
        mean.reset(h[from]);
        try {
            for (int i = from + 1; i < to; i++) {
                mean.add(h[i]);
            }
        } catch (IncompatibleHistogramsException e) {
            result.annotate(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS);
            return;
        }
        if (mean.counterResetCollisionSeen()) {
            result.annotate(FunctionAnnotation.HISTOGRAM_COUNTER_RESET_COLLISION_AGG);
        }
        if (mean.customBoundsReconciled()) {
            result.annotate(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_AGG);
        }
        result.setHistogram(mean.result());
    }

    // ---------------------------------------------------------------------------------------------------------
    // irate, idelta

    /**
     * {@code irate} ({@code isRate}) or {@code idelta} over a window of floats {@code [floatFrom, floatTo)} and
     * histograms {@code [histogramFrom, histogramTo)} of one series: Prometheus's {@code instantValue} on the last
     * two samples of either kind.
     *
     * <p>Two floats: as {@link RangeFunctions#irate}/{@link RangeFunctions#idelta}. Two histograms: the later minus
     * the earlier (for {@code irate} after a reset the later itself), a compacted gauge, divided by the interval in
     * seconds for {@code irate}; annotates {@link FunctionAnnotation#NATIVE_HISTOGRAM_NOT_COUNTER} ({@code irate}
     * with a gauge) or {@link FunctionAnnotation#NATIVE_HISTOGRAM_NOT_GAUGE} ({@code idelta} with a non-gauge).
     * A float and a histogram: no point, {@link FunctionAnnotation#MIXED_FLOATS_HISTOGRAMS}. No point with fewer
     * than two samples or for incompatible histograms ({@link FunctionAnnotation#MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS}).
     *
     * @param floatSt start timestamps parallel to {@code floatT}, or null
     * @param histogramSt start timestamps parallel to {@code histogramT}, or null
     */
    public static void instantValue(long[] floatT, double[] floatV, long[] floatSt, int floatFrom, int floatTo,
            long[] histogramT, FloatHistogram[] h, long[] histogramSt, int histogramFrom, int histogramTo,
            boolean isRate, RangeResult result) {
        result.reset();
        if ((floatTo - floatFrom) + (histogramTo - histogramFrom) < 2) {
            return;
        }
        // The two latest samples: slot 0 the earlier, slot 1 the later; an index >= 0 is a float, a
        // histogram index i is stored as -(i + 2).
        int count = 0;
        int slot0 = NONE;
        int slot1 = NONE;
        for (int i = Math.max(floatFrom, floatTo - 2); i < floatTo; i++) {
            if (count == 0) {
                slot0 = i;
            } else {
                slot1 = i;
            }
            count++;
        }
        for (int i = Math.max(histogramFrom, histogramTo - 2); i < histogramTo; i++) {
            int ref = -(i + 2);
            long ts = histogramT[i];
            if (count == 0) {
                slot0 = ref;
                count = 1;
            } else if (count == 1) {
                if (ts < time(slot0, floatT, histogramT)) {
                    slot1 = slot0;
                    slot0 = ref;
                } else {
                    slot1 = ref;
                }
                count = 2;
            } else if (ts < time(slot0, floatT, histogramT)) {
                continue;
            } else if (ts > time(slot1, floatT, histogramT)) {
                slot0 = slot1;
                slot1 = ref;
            } else {
                slot0 = ref;
            }
        }
        long t0 = time(slot0, floatT, histogramT);
        long t1 = time(slot1, floatT, histogramT);
        long interval = t1 - t0;
        if (interval == 0) {
            return;
        }
        boolean float0 = slot0 >= 0;
        boolean float1 = slot1 >= 0;
        if (float0 && float1) {
            long st0 = floatSt == null ? 0 : floatSt[slot0];
            long st1 = floatSt == null ? 0 : floatSt[slot1];
            double v0 = floatV[slot0];
            double v1 = floatV[slot1];
            double value = v1;
            if (!isRate || !(v1 < v0 || RangeFunctions.isStartTimestampReset(st0, t0, st1, t1))) {
                value = v1 - v0;
            }
            if (isRate) {
                value /= (double) interval / 1000;
            }
            result.setFloat(value);
            return;
        }
        if (float0 || float1) {
            result.annotate(FunctionAnnotation.MIXED_FLOATS_HISTOGRAMS);
            return;
        }
        int i0 = -slot0 - 2;
        int i1 = -slot1 - 2;
        FloatHistogram h0 = h[i0];
        FloatHistogram h1 = h[i1];
        if (isRate && (isGauge(h1) || isGauge(h0))) {
            result.annotate(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_COUNTER);
        }
        if (!isRate && (!isGauge(h1) || !isGauge(h0))) {
            result.annotate(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_GAUGE);
        }
        FloatHistogram value = h1;
        long st0 = histogramSt == null ? 0 : histogramSt[i0];
        long st1 = histogramSt == null ? 0 : histogramSt[i1];
        if (!isRate || (!RangeFunctions.isStartTimestampReset(st0, t0, st1, t1) && !h1.detectReset(h0))) {
            try {
                CombinedHistogram difference = h1.sub(h0);
                if (difference.customBoundsReconciled()) {
                    result.annotate(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_SUB);
                }
                value = difference.histogram();
            } catch (IncompatibleHistogramsException e) {
                result.annotate(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS);
                return;
            }
        }
        value = value.withCounterResetHint(CounterResetHint.GAUGE).compact(0);
        if (isRate) {
            value = value.div((double) interval / 1000);
        }
        result.setHistogram(value);
    }

    private static long time(int ref, long[] floatT, long[] histogramT) {
        return ref >= 0 ? floatT[ref] : histogramT[-ref - 2];
    }

    // ---------------------------------------------------------------------------------------------------------
    // resets, changes

    /**
     * {@code resets(x[r])} over a window of floats and histograms, visited in time order: a float lower than the
     * float before it, a histogram for which {@link FloatHistogram#detectReset} says so, a start timestamp that
     * {@link RangeFunctions#isStartTimestampReset starts a new counter} (same kinds), and every switch between a
     * float and a histogram count as one reset each.
     *
     * <p>With {@code anchored}, the window starts at the last sample (of either kind) at or before
     * {@code rangeStart}; no point when no sample is after {@code rangeStart}. Otherwise {@code rangeStart} is
     * ignored and there is a point for every non-empty window.
     *
     * @param floatSt start timestamps parallel to {@code floatT}, or null
     * @param histogramSt start timestamps parallel to {@code histogramT}, or null
     */
    public static void resets(long[] floatT, double[] floatV, long[] floatSt, int floatFrom, int floatTo,
            long[] histogramT, FloatHistogram[] h, long[] histogramSt, int histogramFrom, int histogramTo,
            boolean anchored, long rangeStart, RangeResult result) {
        countTransitions(floatT, floatV, floatSt, floatFrom, floatTo, histogramT, h, histogramSt, histogramFrom,
                histogramTo, anchored, rangeStart, true, result);
    }

    /**
     * {@code changes(x[r])} over a window of floats and histograms, visited in time order: a float different from
     * the float before it (two NaNs are equal), a histogram whose data differs from the one before it
     * ({@link FloatHistogram#dataEquals}), and every switch between a float and a histogram count as one change
     * each. Anchoring as in {@link #resets}.
     */
    public static void changes(long[] floatT, double[] floatV, int floatFrom, int floatTo, long[] histogramT,
            FloatHistogram[] h, int histogramFrom, int histogramTo, boolean anchored, long rangeStart,
            RangeResult result) {
        countTransitions(floatT, floatV, null, floatFrom, floatTo, histogramT, h, null, histogramFrom, histogramTo,
                anchored, rangeStart, false, result);
    }

    private static void countTransitions(long[] floatT, double[] floatV, long[] floatSt, int floatFrom,
            int floatTo, long[] histogramT, FloatHistogram[] h, long[] histogramSt, int histogramFrom,
            int histogramTo, boolean anchored, long rangeStart, boolean resets, RangeResult result) {
        result.reset();
        if (floatTo <= floatFrom && histogramTo <= histogramFrom) {
            return;
        }
        int iFloat = floatFrom;
        int iHistogram = histogramFrom;
        if (anchored) {
            int lastFloatAtOrBefore = RangeFunctions.firstIndexAfter(floatT, floatFrom, floatTo, rangeStart) - 1;
            int lastHistogramAtOrBefore =
                    RangeFunctions.firstIndexAfter(histogramT, histogramFrom, histogramTo, rangeStart) - 1;
            if (lastFloatAtOrBefore + 1 >= floatTo && lastHistogramAtOrBefore + 1 >= histogramTo) {
                return;
            }
            boolean floatAnchor = lastFloatAtOrBefore >= floatFrom;
            boolean histogramAnchor = lastHistogramAtOrBefore >= histogramFrom;
            if (floatAnchor || histogramAnchor) {
                if (!histogramAnchor
                        || floatAnchor && floatT[lastFloatAtOrBefore] >= histogramT[lastHistogramAtOrBefore]) {
                    iFloat = lastFloatAtOrBefore;
                    iHistogram = lastHistogramAtOrBefore + 1;
                } else {
                    iFloat = lastFloatAtOrBefore + 1;
                    iHistogram = lastHistogramAtOrBefore;
                }
            }
        }
        int transitions = 0;
        boolean first = true;
        boolean prevIsFloat = false;
        double prevF = 0;
        FloatHistogram prevH = null;
        long prevT = 0;
        long prevSt = 0;
        while (iFloat < floatTo || iHistogram < histogramTo) {
            boolean isFloat = iHistogram >= histogramTo
                    || iFloat < floatTo && floatT[iFloat] < histogramT[iHistogram];
            double curF = 0;
            FloatHistogram curH = null;
            long curT;
            long curSt;
            if (isFloat) {
                curF = floatV[iFloat];
                curT = floatT[iFloat];
                curSt = floatSt == null ? 0 : floatSt[iFloat];
                iFloat++;
            } else {
                curH = h[iHistogram];
                curT = histogramT[iHistogram];
                curSt = histogramSt == null ? 0 : histogramSt[iHistogram];
                iHistogram++;
            }
            if (!first) {
                if (prevIsFloat && isFloat) {
                    if (resets) {
                        if (curF < prevF || RangeFunctions.isStartTimestampReset(prevSt, prevT, curSt, curT)) {
                            transitions++;
                        }
                    } else if (curF != prevF && !(Double.isNaN(curF) && Double.isNaN(prevF))) {
                        transitions++;
                    }
                } else if (prevIsFloat != isFloat) {
                    transitions++;
                } else if (resets) {
                    if (RangeFunctions.isStartTimestampReset(prevSt, prevT, curSt, curT) || curH.detectReset(prevH)) {
                        transitions++;
                    }
                } else if (!curH.dataEquals(prevH)) {
                    transitions++;
                }
            }
            first = false;
            prevIsFloat = isFloat;
            prevF = curF;
            prevH = curH;
            prevT = curT;
            prevSt = curSt;
        }
        result.setFloat(transitions);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static boolean isGauge(FloatHistogram h) {
        return h.counterResetHint() == CounterResetHint.GAUGE;
    }

    /** {@code a + b}, or null with the annotation set when the two cannot be combined. */
    private static FloatHistogram add(FloatHistogram a, FloatHistogram b, RangeResult result) {
        try {
            CombinedHistogram sum = a.add(b);
            if (sum.customBoundsReconciled()) {
                result.annotate(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_ADD);
            }
            return sum.histogram();
        } catch (IncompatibleHistogramsException e) {
            result.annotate(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS);
            return null;
        }
    }

    /** {@code a − b}, or null with the annotation set when the two cannot be combined. */
    private static FloatHistogram subtract(FloatHistogram a, FloatHistogram b, RangeResult result) {
        try {
            CombinedHistogram difference = a.sub(b);
            if (difference.customBoundsReconciled()) {
                result.annotate(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_SUB);
            }
            return difference.histogram();
        } catch (IncompatibleHistogramsException e) {
            result.annotate(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS);
            return null;
        }
    }
}
