package io.amphora.promql.engine;

import io.amphora.model.StaleMarker;
import java.util.Arrays;
import java.util.List;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;

/**
 * A growable buffer of one series' raw points (floats and histograms apart), reused from series to series, and
 * conversions of raw points. Not thread-safe.
 *
 * <p>Start timestamps are read only when asked for ({@code use-start-timestamps}): {@link #floatStartTimes} and
 * {@link #histogramStartTimes} are then parallel to the times, but only valid while {@link #hasStartTimes} is true;
 * a series whose samples all have an unknown start timestamp (0) leaves it false, so kernels get null and take
 * their path without start timestamps. Without the option the arrays are never allocated.
 */
final class RawPoints {
    long[] floatTimes = new long[64];
    double[] floatValues = new double[64];
    int floatCount;
    long[] histogramTimes = new long[0];
    FloatHistogram[] histograms = new FloatHistogram[0];
    int histogramCount;
    long[] floatStartTimes;
    long[] histogramStartTimes;
    /** Whether the last {@link #read} with start timestamps saw a known (non-zero) one. */
    boolean hasStartTimes;

    void clear() {
        hasStartTimes = false;
        floatCount = 0;
        if (histogramCount > 0) {
            Arrays.fill(histograms, 0, histogramCount, null);
        }
        histogramCount = 0;
    }

    /**
     * Reads every sample of {@code it} with {@code mint <= t <= maxt}, leaving out stale markers (range selectors
     * never see them). Clears the buffer first.
     */
    void read(SampleIterator it, long mint, long maxt) {
        read(it, mint, maxt, false);
    }

    /**
     * As {@link #read(SampleIterator, long, long)}; with {@code startTimestamps} also reads each kept sample's start
     * timestamp (see the class comment).
     */
    void read(SampleIterator it, long mint, long maxt, boolean startTimestamps) {
        clear();
        ValueType type = it.seek(mint);
        while (type != ValueType.NONE) {
            long t = it.atT();
            if (t > maxt) {
                break;
            }
            if (type == ValueType.FLOAT) {
                double v = it.atValue();
                if (!StaleMarker.is(v)) {
                    if (startTimestamps) {
                        addFloatStartTime(it.atStartTimestamp());
                    }
                    addFloat(t, v);
                }
            } else {
                FloatHistogram h = it.atFloatHistogram();
                if (!StaleMarker.is(h.sum())) {
                    if (startTimestamps) {
                        addHistogramStartTime(it.atStartTimestamp());
                    }
                    addHistogram(t, h);
                }
            }
            type = it.next();
        }
    }

    /** Start timestamp of the float about to be added at index {@link #floatCount}. */
    private void addFloatStartTime(long st) {
        if (floatStartTimes == null || floatStartTimes.length <= floatCount) {
            floatStartTimes = floatStartTimes == null ? new long[Math.max(floatTimes.length, floatCount + 1)]
                    : Arrays.copyOf(floatStartTimes, Math.max(floatTimes.length, floatCount * 2));
        }
        floatStartTimes[floatCount] = st;
        hasStartTimes |= st != 0;
    }

    /** Start timestamp of the histogram about to be added at index {@link #histogramCount}. */
    private void addHistogramStartTime(long st) {
        if (histogramStartTimes == null || histogramStartTimes.length <= histogramCount) {
            histogramStartTimes = histogramStartTimes == null
                    ? new long[Math.max(Math.max(8, histogramTimes.length), histogramCount + 1)]
                    : Arrays.copyOf(histogramStartTimes, Math.max(8, histogramCount * 2));
        }
        histogramStartTimes[histogramCount] = st;
        hasStartTimes |= st != 0;
    }

    void addFloat(long t, double v) {
        if (floatCount == floatTimes.length) {
            floatTimes = Arrays.copyOf(floatTimes, floatCount * 2);
            floatValues = Arrays.copyOf(floatValues, floatCount * 2);
        }
        floatTimes[floatCount] = t;
        floatValues[floatCount++] = v;
    }

    void addHistogram(long t, FloatHistogram h) {
        if (histogramCount == histogramTimes.length) {
            int size = Math.max(8, histogramCount * 2);
            histogramTimes = Arrays.copyOf(histogramTimes, size);
            histograms = Arrays.copyOf(histograms, size);
        }
        histogramTimes[histogramCount] = t;
        histograms[histogramCount++] = h;
    }

    /** A copy of the buffer's points as a series of its own. */
    EvalValue.RawSeries toSeries(Labels labels, boolean dropName) {
        return new EvalValue.RawSeries(labels, dropName, Arrays.copyOf(floatTimes, floatCount),
                Arrays.copyOf(floatValues, floatCount), floatCount, Arrays.copyOf(histogramTimes, histogramCount),
                Arrays.copyOf(histograms, histogramCount), histogramCount);
    }

    /** The points of a step series as raw points at the grid's timestamps. */
    static EvalValue.RawSeries fromSteps(StepSeries s, StepGrid grid) {
        int floats = 0;
        int hists = 0;
        for (int i = 0; i < s.present.length; i++) {
            if (s.present[i]) {
                if (s.isHistogram(i)) {
                    hists++;
                } else {
                    floats++;
                }
            }
        }
        long[] ft = new long[floats];
        double[] fv = new double[floats];
        long[] ht = new long[hists];
        FloatHistogram[] hv = new FloatHistogram[hists];
        int f = 0;
        int h = 0;
        for (int i = 0; i < s.present.length; i++) {
            if (!s.present[i]) {
                continue;
            }
            if (s.isHistogram(i)) {
                ht[h] = grid.time(i);
                hv[h++] = s.histograms[i];
            } else {
                ft[f] = grid.time(i);
                fv[f++] = s.values[i];
            }
        }
        return new EvalValue.RawSeries(s.labels, s.dropName, ft, fv, floats, ht, hv, hists);
    }

    static RangeSeries toRangeSeries(EvalValue.RawSeries s) {
        return new RangeSeries(s.labels, Arrays.copyOf(s.floatTimes, s.floatCount),
                Arrays.copyOf(s.floatValues, s.floatCount), Arrays.copyOf(s.histogramTimes, s.histogramCount),
                Arrays.copyOf(s.histograms, s.histogramCount));
    }

    /**
     * One series of all points of {@code group} (equal labels after late name removal), in time order; fails like
     * Prometheus when two of them have a point at the same time.
     */
    static EvalValue.RawSeries merge(Labels labels, List<EvalValue.RawSeries> group) {
        RawPoints all = new RawPoints();
        int floats = 0;
        int hists = 0;
        for (EvalValue.RawSeries s : group) {
            floats += s.floatCount;
            hists += s.histogramCount;
        }
        long[][] fp = new long[floats][];
        int k = 0;
        for (int g = 0; g < group.size(); g++) {
            for (int i = 0; i < group.get(g).floatCount; i++) {
                fp[k++] = new long[] {group.get(g).floatTimes[i], g, i};
            }
        }
        Arrays.sort(fp, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < fp.length; i++) {
            if (i > 0 && fp[i][0] == fp[i - 1][0]) {
                throw new QueryException(QueryErrorType.EXECUTION, OutputSeries.DUPLICATE_LABELSET);
            }
            all.addFloat(fp[i][0], group.get((int) fp[i][1]).floatValues[(int) fp[i][2]]);
        }
        long[][] hp = new long[hists][];
        k = 0;
        for (int g = 0; g < group.size(); g++) {
            for (int i = 0; i < group.get(g).histogramCount; i++) {
                hp[k++] = new long[] {group.get(g).histogramTimes[i], g, i};
            }
        }
        Arrays.sort(hp, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < hp.length; i++) {
            if (i > 0 && hp[i][0] == hp[i - 1][0]) {
                throw new QueryException(QueryErrorType.EXECUTION, OutputSeries.DUPLICATE_LABELSET);
            }
            all.addHistogram(hp[i][0], group.get((int) hp[i][1]).histograms[(int) hp[i][2]]);
        }
        return all.toSeries(labels, false);
    }
}
