package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.List;

import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.functions.FunctionAnnotation;
import io.amphora.promql.functions.HistogramRangeFunctions;
import io.amphora.promql.functions.RangeFunctions;
import io.amphora.promql.functions.RangeResult;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.Series;

/**
 * Prometheus 3's experimental {@code smoothed} and {@code anchored} selectors where the engine itself (not a
 * function) handles them: smoothed instant selectors, which interpolate between the samples around each step, and
 * anchored/smoothed range selectors returned as a query's result, whose points are extended to the range edges.
 */
final class Smoothing {
    private Smoothing() {}

    /**
     * A smoothed instant selector: at each step the value at {@code t = step time - offset}, taken exactly, or
     * interpolated linearly between the samples before and after it, or the last sample before it when there is
     * none after; nothing before the first sample. Only samples within the lookback delta on either side count.
     */
    static EvalValue.VectorValue smoothedSelector(Evaluator ev, Plan.Selector s) {
        long lookback = ev.query.lookbackDelta;
        StepGrid grid = ev.grid;
        long firstRef = s.at() != null ? s.at() - s.offset() : grid.start() - s.offset();
        long lastRef = s.at() != null ? s.at() - s.offset() : grid.lastTime() - s.offset();
        List<Series> storage = ev.select(s, firstRef - lookback, lastRef + lookback, 0, "");
        RawPoints raw = new RawPoints();
        HistogramStatsIterator stats = new HistogramStatsIterator();
        List<StepSeries> out = new ArrayList<>();
        SampleIterator reuse = null;
        int steps = ev.steps();
        for (Series series : storage) {
            ev.query.checkpoint();
            SampleIterator it = series.iterator(reuse);
            reuse = it;
            raw.read(ev.query.reader(s, it, stats), firstRef - lookback, lastRef + lookback);
            String metricName = series.labels().metricName();
            StepSeries result = new StepSeries(series.labels(), false, steps);
            for (int i = 0; i < steps; i++) {
                long ref = s.at() != null ? firstRef : grid.time(i) - s.offset();
                smoothStep(ev, raw, ref, lookback, result, i, metricName, s);
            }
            if (!result.isEmpty()) {
                ev.query.tracker.hold(result.sampleCount());
                out.add(result);
            }
        }
        return new EvalValue.VectorValue(out);
    }

    private static void smoothStep(Evaluator ev, RawPoints raw, long ref, long lookback, StepSeries result, int step,
            String metricName, Plan.Selector s) {
        int f0 = RangeFunctions.firstIndexAfter(raw.floatTimes, 0, raw.floatCount, ref - lookback);
        int f1 = RangeFunctions.firstIndexAfter(raw.floatTimes, f0, raw.floatCount, ref + lookback);
        int h0 = RangeFunctions.firstIndexAfter(raw.histogramTimes, 0, raw.histogramCount, ref - lookback);
        int h1 = RangeFunctions.firstIndexAfter(raw.histogramTimes, h0, raw.histogramCount, ref + lookback);
        boolean floats = f1 > f0;
        boolean hists = h1 > h0;
        if (!floats && !hists) {
            return;
        }
        if (floats && hists) {
            ev.query.annotations.warn("encountered a mix of histograms and floats for metric name "
                    + GoFloats.quote(metricName), s.position());
            return;
        }
        if (hists) {
            int i = RangeFunctions.firstIndexAtOrAfter(raw.histogramTimes, h0, h1, ref);
            if (i < h1 && raw.histogramTimes[i] == ref) {
                result.setHistogram(step, raw.histograms[i]);
            } else if (i > h0 && i < h1) {
                FloatHistogram prev = raw.histograms[i - 1];
                FloatHistogram next = raw.histograms[i];
                if (prev.usesCustomBuckets() != next.usesCustomBuckets()) {
                    ev.query.annotations.warn(mixedSchemas(metricName), s.position());
                    return;
                }
                boolean counter = prev.counterResetHint() != CounterResetHint.GAUGE
                        || next.counterResetHint() != CounterResetHint.GAUGE;
                RangeResult interpolated = new RangeResult();
                HistogramRangeFunctions.interpolate(prev, raw.histogramTimes[i - 1], next, raw.histogramTimes[i],
                        ref, counter, interpolated);
                if (interpolated.has(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_SUB)) {
                    ev.query.annotations.info("mismatched custom buckets were reconciled during subtraction",
                            s.position());
                }
                if (interpolated.has(FunctionAnnotation.MISMATCHED_CUSTOM_BUCKETS_ADD)) {
                    ev.query.annotations.info("mismatched custom buckets were reconciled during addition",
                            s.position());
                }
                if (!interpolated.present()) {
                    ev.query.annotations.warn(mixedSchemas(metricName), s.position());
                    return;
                }
                result.setHistogram(step, interpolated.histogram());
            } else if (i > h0) {
                result.setHistogram(step, raw.histograms[i - 1].withCounterResetHint(CounterResetHint.UNKNOWN));
            }
            return;
        }
        int i = RangeFunctions.firstIndexAtOrAfter(raw.floatTimes, f0, f1, ref);
        if (i < f1 && raw.floatTimes[i] == ref) {
            result.setFloat(step, raw.floatValues[i]);
        } else if (i > f0 && i < f1) {
            result.setFloat(step, RangeFunctions.interpolate(raw.floatTimes[i - 1], raw.floatValues[i - 1],
                    raw.floatTimes[i], raw.floatValues[i], ref, false));
        } else if (i > f0) {
            result.setFloat(step, raw.floatValues[i - 1]);
        }
    }

    static String mixedSchemas(String metricName) {
        return "vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                + GoFloats.quote(metricName);
    }

    /**
     * Prometheus's {@code extendFloats} for a range selector result: the window's points with a point added at
     * each edge ({@code mint}, {@code maxt}): the last sample at or before {@code mint} (anchored) or the value
     * interpolated there (smoothed), and likewise at the end. Empty when no sample is after {@code mint}.
     */
    static void extendFloats(RawPoints raw, long mint, long maxt, boolean smoothed) {
        int n = raw.floatCount;
        if (n == 0) {
            return;
        }
        long[] t = raw.floatTimes;
        double[] v = raw.floatValues;
        int last = n - 1;
        int first = Math.max(0, RangeFunctions.firstIndexAfter(t, 0, last, mint) - 1);
        if (smoothed) {
            last = RangeFunctions.firstIndexAtOrAfter(t, 0, last, maxt);
        }
        if (t[last] <= mint) {
            raw.clear();
            return;
        }
        double left = smoothed && t[first] < mint
                ? RangeFunctions.interpolate(t[first], v[first], t[first + 1], v[first + 1], mint, false)
                : v[first];
        double right = smoothed && last > 0 && t[last] > maxt
                ? RangeFunctions.interpolate(t[last - 1], v[last - 1], t[last], v[last], maxt, false)
                : v[last];
        if (t[first] <= mint) {
            first++;
        }
        if (t[last] >= maxt) {
            last--;
        }
        int count = Math.max(last - first + 1, 0);
        long[] nt = new long[count + 2];
        double[] nv = new double[count + 2];
        nt[0] = mint;
        nv[0] = left;
        if (count > 0) {
            System.arraycopy(t, first, nt, 1, count);
            System.arraycopy(v, first, nv, 1, count);
        }
        nt[count + 1] = maxt;
        nv[count + 1] = right;
        raw.floatTimes = nt;
        raw.floatValues = nv;
        raw.floatCount = count + 2;
    }
}
