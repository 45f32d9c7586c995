package io.amphora.promql.functions;

import io.amphora.promql.ast.GoFormat;

/**
 * The float kernels of PromQL's range-vector functions ({@code rate(x[5m])}, {@code avg_over_time(x[5m])}, …),
 * computed exactly as Prometheus 3 computes them.
 *
 * <p>Conventions shared by every method:
 * <ul>
 *   <li>A series is read once into parallel arrays: {@code t} (timestamps in ms, strictly increasing), {@code v}
 *       (values) and, where a kernel uses them, {@code st} (start timestamps in ms, 0 = unknown; pass null when the
 *       engine does not use start timestamps, which is always the case for subquery input). A window is the index
 *       range {@code [from, to)} of the samples the selector returned for one step: for a plain range selector the
 *       samples with {@code rangeStart < t <= rangeEnd}. Stale markers are never in a window.</li>
 *   <li>{@code rangeStart}/{@code rangeEnd} are Prometheus's {@code enh.Ts - (range + offset)} and
 *       {@code enh.Ts - offset} (the window is left-open, right-closed); the selector's range is
 *       {@code rangeEnd - rangeStart} milliseconds.</li>
 *   <li>Kernels that return a {@code double} have a documented precondition under which Prometheus emits a point;
 *       the engine checks it (and handles windows that also hold histograms) before calling. Kernels whose "no
 *       point" condition depends on the values write a {@link RangeResult} instead.</li>
 *   <li>Nothing is allocated; scratch arrays, where needed, come from the caller.</li>
 * </ul>
 */
public final class RangeFunctions {
    private RangeFunctions() {}

    // ---------------------------------------------------------------------------------------------------------
    // rate, increase, delta

    /**
     * {@code rate(x[r])}: {@link #extrapolatedRate} as a per-second counter rate.
     */
    public static void rate(long[] t, double[] v, long[] st, int from, int to, long rangeStart, long rangeEnd,
            RangeResult result) {
        extrapolatedRate(t, v, st, from, to, rangeStart, rangeEnd, true, true, result);
    }

    /** {@code increase(x[r])}: {@link #extrapolatedRate} as a counter increase over the range. */
    public static void increase(long[] t, double[] v, long[] st, int from, int to, long rangeStart, long rangeEnd,
            RangeResult result) {
        extrapolatedRate(t, v, st, from, to, rangeStart, rangeEnd, true, false, result);
    }

    /** {@code delta(x[r])}: {@link #extrapolatedRate} of a gauge (no resets, no start timestamps). */
    public static void delta(long[] t, double[] v, int from, int to, long rangeStart, long rangeEnd,
            RangeResult result) {
        extrapolatedRate(t, v, null, from, to, rangeStart, rangeEnd, false, false, result);
    }

    /**
     * Prometheus's {@code extrapolatedRate} over a float-only window of a plain (neither anchored nor smoothed)
     * range selector: the difference between the last and the first sample — for counters plus every value a reset
     * dropped — extrapolated towards the range edges.
     *
     * <p>A counter reset is a value lower than its predecessor or, with start timestamps, a start timestamp that
     * {@link #isStartTimestampReset says so}. Each edge is extrapolated all the way when the first/last sample is
     * within 1.1 average sample intervals of it, and by half an average interval otherwise; a counter is never
     * extrapolated below zero on the left. When the first sample's start timestamp lies inside the range, a
     * counter is instead assumed to have been 0 at that start timestamp (no left extrapolation), which also
     * gives a point for a single sample. {@code rate} divides by the range in seconds.
     *
     * <p>No point when the window is empty, or holds one sample without such a start timestamp.
     * Annotates {@link FunctionAnnotation#START_TIME_OVERLAP} (counters with start timestamps only).
     *
     * @param st start timestamps parallel to {@code t}, or null; ignored unless {@code isCounter}
     */
    public static void extrapolatedRate(long[] t, double[] v, long[] st, int from, int to, long rangeStart,
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
        double resultValue = v[last] - v[from];
        if (sts != null) {
            boolean overlapDetected = false;
            for (int i = from + 1; i < to; i++) {
                if (!overlapDetected && startTimeOverlaps(sts[i - 1], t[i - 1], sts[i])) {
                    result.annotate(FunctionAnnotation.START_TIME_OVERLAP);
                    overlapDetected = true;
                }
                if (v[i] < v[i - 1] || isStartTimestampReset(sts[i - 1], t[i - 1], sts[i], t[i])) {
                    resultValue += v[i - 1];
                }
            }
        } else if (isCounter) {
            for (int i = from + 1; i < to; i++) {
                if (v[i] < v[i - 1]) {
                    resultValue += v[i - 1];
                }
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
            resultValue += v[from];
        } else if (n == 1) {
            return;
        } else {
            if (durationToStart >= extrapolationThreshold) {
                durationToStart = averageDurationBetweenSamples / 2;
            }
            if (isCounter) {
                double durationToZero = durationToStart;
                if (resultValue > 0 && v[from] >= 0) {
                    durationToZero = sampledInterval * (v[from] / resultValue);
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
            factor /= rangeSeconds(rangeEnd - rangeStart);
        }
        result.setFloat(resultValue * factor);
    }

    /**
     * {@code rate}/{@code increase}/{@code delta} over an {@code anchored} or {@code smoothed} range selector
     * (Prometheus's {@code extendedRate}). No extrapolation: the result is the value at the range end minus the value
     * at the range start, plus (for counters) every value a reset dropped in between.
     *
     * <p>The window must be what Prometheus selects for these modifiers: for {@code anchored}, the samples with
     * {@code rangeStart − lookback < t <= rangeEnd}; for {@code smoothed}, those with
     * {@code rangeStart − lookback < t <= rangeEnd + lookback}. Anchored takes the last sample at or before the
     * range start (else the first sample) and the last sample of the window. Smoothed interpolates linearly at both
     * edges between the samples around them (a counter that reset between them is taken to restart from 0),
     * and takes the first sample at or after the range end as the right neighbour.
     *
     * <p>No point when the window is empty, when no sample is after {@code rangeStart} (anchored) or when the
     * samples used all lie after {@code rangeEnd} (smoothed). No annotations.
     */
    public static void extendedRate(long[] t, double[] v, int from, int to, long rangeStart, long rangeEnd,
            boolean smoothed, boolean isCounter, boolean isRate, RangeResult result) {
        result.reset();
        if (to <= from) {
            return;
        }
        int last = to - 1;
        int first = Math.max(from, firstIndexAfter(t, from, last, rangeStart) - 1);
        if (smoothed) {
            last = firstIndexAtOrAfter(t, from, last, rangeEnd);
        }
        if (t[last] <= rangeStart) {
            return;
        }
        if (smoothed && t[first] > rangeEnd) {
            return;
        }
        double left = smoothed && t[first] < rangeStart
                ? interpolate(t[first], v[first], t[first + 1], v[first + 1], rangeStart, isCounter)
                : v[first];
        double right = smoothed && last > from && t[last] > rangeEnd
                ? interpolate(t[last - 1], v[last - 1], t[last], v[last], rangeEnd, isCounter)
                : v[last];
        double resultValue = right - left;
        if (isCounter) {
            if (t[first] <= rangeStart) {
                first++;
            }
            if (t[last] >= rangeEnd) {
                last--;
            }
            double correction = 0;
            double prev = left;
            for (int i = first; i <= last; i++) {
                if (v[i] < prev) {
                    correction += prev;
                }
                prev = v[i];
            }
            if (right < prev) {
                correction += prev;
            }
            resultValue += correction;
        }
        if (isRate) {
            resultValue /= rangeSeconds(rangeEnd - rangeStart);
        }
        result.setFloat(resultValue);
    }

    /**
     * The value at {@code t} on the straight line through {@code (t1, v1)} and {@code (t2, v2)} ({@code t1 < t2}).
     * For a counter that reset between the two ({@code v2 < v1}) the line starts from 0 at {@code t1}. Used by
     * {@code smoothed} selectors, also for instant vectors (where Prometheus passes {@code isCounter = false}).
     */
    public static double interpolate(long t1, double v1, long t2, double v2, long t, boolean isCounter) {
        double y1 = v1;
        if (isCounter && v2 < v1) {
            y1 = 0;
        }
        return y1 + (v2 - y1) * (double) (t - t1) / (double) (t2 - t1);
    }

    /**
     * Prometheus's reading of start timestamps: whether the sample at {@code curT} with start timestamp
     * {@code curSt} began a new counter after the previous sample ({@code prevT}, {@code prevSt}). A start
     * timestamp of 0 is unknown; one at or after its own sample is ignored; one after the previous sample is a
     * reset; one equal to the previous sample is a reset (a delta sample) only if the previous sample had a known,
     * valid start timestamp different from its own timestamp.
     */
    public static boolean isStartTimestampReset(long prevSt, long prevT, long curSt, long curT) {
        if (curSt == 0 || curSt >= curT) {
            return false;
        }
        if (curSt < prevT) {
            return false;
        }
        if (curSt > prevT) {
            return true;
        }
        if (prevSt > prevT) {
            return false;
        }
        return prevSt != 0 && prevSt != prevT;
    }

    /**
     * Whether a start timestamp overlaps the previous sample ({@code curSt} set, before {@code prevT}, and not
     * the previous sample's own start timestamp): Prometheus's {@code NewStartTimeOverlapWarning} condition.
     */
    public static boolean startTimeOverlaps(long prevSt, long prevT, long curSt) {
        return curSt != 0 && curSt < prevT && curSt != prevSt;
    }

    /**
     * A range in milliseconds as Go's {@code time.Duration.Seconds()} returns it (whole seconds plus the fraction
     * computed separately), which is how {@code rate} divides.
     */
    public static double rangeSeconds(long rangeMillis) {
        long seconds = rangeMillis / 1000;
        long nanos = (rangeMillis % 1000) * 1_000_000L;
        return (double) seconds + (double) nanos / 1e9;
    }

    // ---------------------------------------------------------------------------------------------------------
    // irate, idelta

    /**
     * {@code irate(x[r])}: the per-second rate between the last two samples of the window; after a counter reset
     * (a lower value, or a {@link #isStartTimestampReset start timestamp reset}) the last value itself is the
     * increase. No point with fewer than two samples. For windows that also hold histograms, see
     * {@link HistogramRangeFunctions#instantValue}.
     *
     * @param st start timestamps parallel to {@code t}, or null
     */
    public static void irate(long[] t, double[] v, long[] st, int from, int to, RangeResult result) {
        instantValue(t, v, st, from, to, true, result);
    }

    /** {@code idelta(x[r])}: the difference between the last two samples. No point with fewer than two samples. */
    public static void idelta(long[] t, double[] v, int from, int to, RangeResult result) {
        instantValue(t, v, null, from, to, false, result);
    }

    private static void instantValue(long[] t, double[] v, long[] st, int from, int to, boolean isRate,
            RangeResult result) {
        result.reset();
        if (to - from < 2) {
            return;
        }
        int i0 = to - 2;
        int i1 = to - 1;
        long interval = t[i1] - t[i0];
        if (interval == 0) {
            return;
        }
        double value = v[i1];
        boolean reset = isRate && (v[i1] < v[i0]
                || st != null && isStartTimestampReset(st[i0], t[i0], st[i1], t[i1]));
        if (!reset) {
            value = v[i1] - v[i0];
        }
        if (isRate) {
            value /= (double) interval / 1000;
        }
        result.setFloat(value);
    }

    // ---------------------------------------------------------------------------------------------------------
    // resets, changes

    /**
     * {@code resets(x[r])} over a float-only window: how many times a value is lower than its predecessor or (with
     * start timestamps) {@link #isStartTimestampReset starts a new counter}. Precondition: at least one sample
     * (Prometheus emits 0 for one). For {@code anchored}, start the window at {@link #anchoredFirstIndex}.
     *
     * @param st start timestamps parallel to {@code t}, or null
     */
    public static double resets(long[] t, double[] v, long[] st, int from, int to) {
        int resets = 0;
        for (int i = from + 1; i < to; i++) {
            if (v[i] < v[i - 1] || st != null && isStartTimestampReset(st[i - 1], t[i - 1], st[i], t[i])) {
                resets++;
            }
        }
        return resets;
    }

    /**
     * {@code changes(x[r])} over a float-only window: how many times a value differs from its predecessor (two
     * NaNs are not a change). Precondition: at least one sample. For {@code anchored}, start the window at
     * {@link #anchoredFirstIndex}.
     */
    public static double changes(double[] v, int from, int to) {
        int changes = 0;
        for (int i = from + 1; i < to; i++) {
            double cur = v[i];
            double prev = v[i - 1];
            if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                changes++;
            }
        }
        return changes;
    }

    /**
     * Where {@code changes}/{@code resets} over an {@code anchored} float-only window start: the last sample at or
     * before {@code rangeStart} (the anchor), or the window's first sample when there is none. Returns −1 when no
     * sample lies after {@code rangeStart}: Prometheus emits no point then.
     */
    public static int anchoredFirstIndex(long[] t, int from, int to, long rangeStart) {
        int firstAfter = firstIndexAfter(t, from, to, rangeStart);
        if (firstAfter >= to) {
            return -1;
        }
        return Math.max(from, firstAfter - 1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // *_over_time

    /**
     * {@code sum_over_time}: the compensated sum, or the plain running sum when it ended infinite.
     * Precondition: at least one sample.
     */
    public static double sumOverTime(double[] v, int from, int to) {
        double sum = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            double inc = v[i];
            double newSum = sum + inc;
            c = KahanSum.compensation(inc, sum, c, newSum);
            sum = newSum;
        }
        if (Double.isInfinite(sum)) {
            return sum;
        }
        return sum + c;
    }

    /**
     * {@code avg_over_time}: the arithmetic of {@link Aggregations.Mean} (compensated direct mean, incremental mean
     * once the sum would overflow) over the window in time order. Precondition: at least one sample.
     */
    public static double avgOverTime(double[] v, int from, int to) {
        double sum = v[from];
        double count = 1;
        double mean = 0;
        double c = 0;
        boolean incremental = false;
        for (int i = from + 1; i < to; i++) {
            double f = v[i];
            count = i - from + 1;
            if (!incremental) {
                double newSum = sum + f;
                double newC = KahanSum.compensation(f, sum, c, newSum);
                if (!Double.isInfinite(newSum)) {
                    sum = newSum;
                    c = newC;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }
            double q = (count - 1) / count;
            double base = q * mean;
            double baseC = q * c;
            double inc = f / count;
            double newMean = base + inc;
            c = KahanSum.compensation(inc, base, baseC, newMean);
            mean = newMean;
        }
        if (incremental) {
            return mean + c;
        }
        return sum / count + c / count;
    }

    /**
     * {@code min_over_time}: the smallest value; a NaN is replaced by any later value, so the result is NaN only
     * when every value is. Precondition: at least one sample.
     */
    public static double minOverTime(double[] v, int from, int to) {
        double min = v[from];
        for (int i = from; i < to; i++) {
            if (v[i] < min || Double.isNaN(min)) {
                min = v[i];
            }
        }
        return min;
    }

    /** {@code max_over_time}: the largest value, with {@link #minOverTime}'s NaN rule. Precondition: one sample. */
    public static double maxOverTime(double[] v, int from, int to) {
        double max = v[from];
        for (int i = from; i < to; i++) {
            if (v[i] > max || Double.isNaN(max)) {
                max = v[i];
            }
        }
        return max;
    }

    /**
     * {@code ts_of_min_over_time}: the timestamp in seconds of the <em>last</em> sample holding the minimum
     * (NaN rules of {@link #minOverTime}). Precondition: at least one sample.
     */
    public static double tsOfMinOverTime(long[] t, double[] v, int from, int to) {
        double min = v[from];
        long ts = t[from];
        for (int i = from; i < to; i++) {
            if (v[i] <= min || Double.isNaN(min)) {
                min = v[i];
                ts = t[i];
            }
        }
        return timestampSeconds(ts);
    }

    /** {@code ts_of_max_over_time}: as {@link #tsOfMinOverTime}, for the last sample holding the maximum. */
    public static double tsOfMaxOverTime(long[] t, double[] v, int from, int to) {
        double max = v[from];
        long ts = t[from];
        for (int i = from; i < to; i++) {
            if (v[i] >= max || Double.isNaN(max)) {
                max = v[i];
                ts = t[i];
            }
        }
        return timestampSeconds(ts);
    }

    /**
     * {@code ts_of_first_over_time} of a float-only window: the earliest timestamp in seconds. Precondition: at
     * least one sample.
     */
    public static double tsOfFirstOverTime(long[] t, int from, int to) {
        return tsOfFirstOverTime(t, from, to, t, 0, 0);
    }

    /**
     * {@code ts_of_first_over_time} of a window with floats {@code [floatFrom, floatTo)} and histograms
     * {@code [histogramFrom, histogramTo)}: the earlier of the first float and the first histogram, in seconds.
     * Precondition: at least one sample of either kind.
     */
    public static double tsOfFirstOverTime(long[] floatT, int floatFrom, int floatTo, long[] histogramT,
            int histogramFrom, int histogramTo) {
        long first = Long.MAX_VALUE;
        if (floatTo > floatFrom) {
            first = floatT[floatFrom];
        }
        if (histogramTo > histogramFrom) {
            first = Math.min(first, histogramT[histogramFrom]);
        }
        return timestampSeconds(first);
    }

    /**
     * {@code ts_of_last_over_time} of a float-only window: the latest timestamp in seconds — but never below 0,
     * because Prometheus compares with a missing histogram's timestamp of 0 (so a window entirely before 1970
     * gives 0). Precondition: at least one sample.
     */
    public static double tsOfLastOverTime(long[] t, int from, int to) {
        return tsOfLastOverTime(t, from, to, t, 0, 0);
    }

    /**
     * {@code ts_of_last_over_time} of a window with floats and histograms: the later of the last float and the
     * last histogram in seconds, where a kind without samples counts as timestamp 0 (Prometheus's quirk, visible
     * only before 1970). Precondition: at least one sample of either kind.
     */
    public static double tsOfLastOverTime(long[] floatT, int floatFrom, int floatTo, long[] histogramT,
            int histogramFrom, int histogramTo) {
        long lastFloat = floatTo > floatFrom ? floatT[floatTo - 1] : 0;
        long lastHistogram = histogramTo > histogramFrom ? histogramT[histogramTo - 1] : 0;
        return timestampSeconds(Math.max(lastFloat, lastHistogram));
    }

    /** A millisecond timestamp in seconds, as Prometheus returns timestamps ({@code float64(t) / 1000}). */
    public static double timestampSeconds(long millis) {
        return (double) millis / 1000;
    }

    /** {@code first_over_time} of a float-only window. Precondition: at least one sample. */
    public static double firstOverTime(double[] v, int from, int to) {
        return v[from];
    }

    /** {@code last_over_time} of a float-only window. Precondition: at least one sample. */
    public static double lastOverTime(double[] v, int from, int to) {
        return v[to - 1];
    }

    /**
     * {@code count_over_time}: floats and histograms both count. Precondition: at least one sample of either kind.
     */
    public static double countOverTime(int floatCount, int histogramCount) {
        return floatCount + histogramCount;
    }

    /** {@code present_over_time}: 1 for every series with at least one sample (the precondition). */
    public static double presentOverTime() {
        return 1;
    }

    /**
     * {@code stdvar_over_time}: the population variance by Welford's method with compensated mean and sum of
     * squares. Precondition: at least one float (histograms are ignored with
     * {@code NewHistogramIgnoredInMixedRangeInfo}, which the engine reports).
     */
    public static double stdvarOverTime(double[] v, int from, int to) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = from; i < to; i++) {
            double f = v[i];
            count++;
            double delta = f - (mean + cMean);
            double inc = delta / count;
            double newMean = mean + inc;
            cMean = KahanSum.compensation(inc, mean, cMean, newMean);
            mean = newMean;
            double incAux = delta * (f - (mean + cMean));
            double newAux = aux + incAux;
            cAux = KahanSum.compensation(incAux, aux, cAux, newAux);
            aux = newAux;
        }
        return (aux + cAux) / count;
    }

    /** {@code stddev_over_time}: the square root of {@link #stdvarOverTime}. Precondition: at least one float. */
    public static double stddevOverTime(double[] v, int from, int to) {
        return Math.sqrt(stdvarOverTime(v, from, to));
    }

    /**
     * {@code quantile_over_time(q, x[r])}: {@link Aggregations#quantile} of the window's values (NaN, −Inf, +Inf
     * for a NaN, negative or above-1 {@code q}; the engine reports {@code NewInvalidQuantileWarning} when
     * {@link Aggregations#isValidQuantile} is false). Precondition: at least one float.
     *
     * @param scratch at least {@code to - from} long; overwritten
     */
    public static double quantileOverTime(double q, double[] v, int from, int to, double[] scratch) {
        int n = to - from;
        System.arraycopy(v, from, scratch, 0, n);
        return Aggregations.quantile(q, scratch, n);
    }

    /**
     * {@code mad_over_time}: the median absolute deviation from the median; NaN when any value is NaN.
     * Precondition: at least one float.
     *
     * @param scratch at least {@code to - from} long; overwritten
     */
    public static double madOverTime(double[] v, int from, int to, double[] scratch) {
        int n = to - from;
        for (int i = 0; i < n; i++) {
            double f = v[from + i];
            if (Double.isNaN(f)) {
                return Double.NaN;
            }
            scratch[i] = f;
        }
        double median = Aggregations.quantile(0.5, scratch, n);
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(scratch[i] - median);
        }
        return Aggregations.quantile(0.5, scratch, n);
    }

    // ---------------------------------------------------------------------------------------------------------
    // deriv, predict_linear, double_exponential_smoothing

    /**
     * {@code deriv(x[r])}: the per-second slope of the least-squares line through the window (compensated sums,
     * times measured from the first sample). 0 for constant values, NaN for a constant ±Inf.
     * Precondition: at least two floats.
     */
    public static double deriv(long[] t, double[] v, int from, int to) {
        return linearRegression(t, v, from, to, t[from], false, 0);
    }

    /**
     * {@code predict_linear(x[r], s)}: the least-squares line through the window evaluated {@code seconds} after
     * {@code evalTimestamp} (Prometheus's {@code enh.Ts}: the step's evaluation time, before offset and {@code @}).
     * For constant values, that value; NaN for a constant ±Inf. Precondition: at least two floats.
     */
    public static double predictLinear(long[] t, double[] v, int from, int to, double seconds, long evalTimestamp) {
        return linearRegression(t, v, from, to, evalTimestamp, true, seconds);
    }

    /**
     * Least squares over the window with x in seconds relative to {@code interceptTime}: the slope, or with
     * {@code predict} the line's value {@code seconds} after {@code interceptTime} ({@code slope·seconds +
     * intercept}, so that a constant series predicted at ±Inf seconds is NaN, as in Prometheus).
     */
    private static double linearRegression(long[] t, double[] v, int from, int to, long interceptTime,
            boolean predict, double seconds) {
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        double initY = v[from];
        boolean constY = true;
        for (int i = from; i < to; i++) {
            double y = v[i];
            if (constY && i > from && y != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (double) (t[i] - interceptTime) / 1e3;
            double s = sumX + x;
            cX = KahanSum.compensation(x, sumX, cX, s);
            sumX = s;
            s = sumY + y;
            cY = KahanSum.compensation(y, sumY, cY, s);
            sumY = s;
            double xy = x * y;
            s = sumXY + xy;
            cXY = KahanSum.compensation(xy, sumXY, cXY, s);
            sumXY = s;
            double x2 = x * x;
            s = sumX2 + x2;
            cX2 = KahanSum.compensation(x2, sumX2, cX2, s);
            sumX2 = s;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return Double.NaN;
            }
            return predict ? 0 * seconds + initY : 0;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        if (!predict) {
            return slope;
        }
        double intercept = sumY / n - slope * sumX / n;
        return slope * seconds + intercept;
    }

    /**
     * {@code double_exponential_smoothing(x[r], sf, tf)} (Holt's linear method): the smoothed value at the last
     * sample. Preconditions: at least two floats, and {@link #smoothingFactorError}/{@link #trendFactorError} both
     * null (otherwise the query fails with that message).
     */
    public static double doubleExponentialSmoothing(double[] v, int from, int to, double sf, double tf) {
        double s0 = 0;
        double s1 = v[from];
        double b = v[from + 1] - v[from];
        int n = to - from;
        for (int i = 1; i < n; i++) {
            double x = sf * v[from + i];
            if (i > 1) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s1;
    }

    /**
     * The query error Prometheus raises for a smoothing factor outside (0, 1), or null when {@code sf} is accepted
     * (NaN is accepted, as in Prometheus).
     */
    public static String smoothingFactorError(double sf) {
        if (sf <= 0 || sf >= 1) {
            return "invalid smoothing factor. Expected: 0 < sf < 1, got: " + GoFormat.formatFixed(sf, 6);
        }
        return null;
    }

    /** As {@link #smoothingFactorError}, for the trend factor. */
    public static String trendFactorError(double tf) {
        if (tf <= 0 || tf >= 1) {
            return "invalid trend factor. Expected: 0 < tf < 1, got: " + GoFormat.formatFixed(tf, 6);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * The first index in {@code [from, to)} whose timestamp is after {@code bound}, or {@code to}; {@code t} ascends.
     */
    public static int firstIndexAfter(long[] t, int from, int to, long bound) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] > bound) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The first index in {@code [from, to)} whose timestamp is at or after {@code bound}, or {@code to}; {@code t}
     * ascends.
     */
    public static int firstIndexAtOrAfter(long[] t, int from, int to, long bound) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] >= bound) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
