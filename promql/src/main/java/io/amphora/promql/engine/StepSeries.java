package io.amphora.promql.engine;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;

/**
 * One series of an instant-vector value over all steps of its grid: dense per-step arrays instead of points, so
 * operators work series by series with plain loops. {@code present[s]} tells whether step {@code s} has a point; it
 * is a histogram point when {@code histograms != null && histograms[s] != null}, a float point otherwise. The
 * histogram array is only allocated for series that have histogram points.
 *
 * <p>Ownership: a value is consumed by exactly one parent node, which may modify or hand on its arrays; arrays may
 * be shared between series of one value only where both are never modified afterwards (set operators hand on the
 * values of their inputs). Not thread-safe.
 */
final class StepSeries {
    Labels labels;
    /** The metric name (and {@code __type__}/{@code __unit__}) is to be dropped when evaluation ends. */
    boolean dropName;
    final double[] values;
    final boolean[] present;
    FloatHistogram[] histograms;

    StepSeries(Labels labels, boolean dropName, int steps) {
        this(labels, dropName, new double[steps], new boolean[steps], null);
    }

    StepSeries(Labels labels, boolean dropName, double[] values, boolean[] present, FloatHistogram[] histograms) {
        this.labels = labels;
        this.dropName = dropName;
        this.values = values;
        this.present = present;
        this.histograms = histograms;
    }

    int steps() {
        return present.length;
    }

    boolean isFloat(int step) {
        return present[step] && (histograms == null || histograms[step] == null);
    }

    boolean isHistogram(int step) {
        return present[step] && histograms != null && histograms[step] != null;
    }

    FloatHistogram histogram(int step) {
        return histograms == null ? null : histograms[step];
    }

    void setFloat(int step, double value) {
        present[step] = true;
        values[step] = value;
        if (histograms != null) {
            histograms[step] = null;
        }
    }

    void setHistogram(int step, FloatHistogram histogram) {
        if (histograms == null) {
            histograms = new FloatHistogram[present.length];
        }
        present[step] = true;
        histograms[step] = histogram;
    }

    void clear(int step) {
        present[step] = false;
        if (histograms != null) {
            histograms[step] = null;
        }
    }

    boolean hasHistograms() {
        if (histograms == null) {
            return false;
        }
        for (FloatHistogram h : histograms) {
            if (h != null) {
                return true;
            }
        }
        return false;
    }

    int pointCount() {
        int n = 0;
        for (boolean p : present) {
            if (p) {
                n++;
            }
        }
        return n;
    }

    boolean isEmpty() {
        for (boolean p : present) {
            if (p) {
                return false;
            }
        }
        return true;
    }

    /** Samples held, as Prometheus counts them for its sample limit: 1 per float, a histogram by its size. */
    long sampleCount() {
        long n = 0;
        for (int s = 0; s < present.length; s++) {
            if (present[s]) {
                n += histograms != null && histograms[s] != null ? Samples.histogramSize(histograms[s]) : 1;
            }
        }
        return n;
    }
}
