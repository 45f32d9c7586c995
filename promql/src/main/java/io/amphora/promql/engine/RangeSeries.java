package io.amphora.promql.engine;

import java.util.Arrays;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;

import static java.util.Objects.requireNonNull;

/**
 * One series of a matrix result: float points and histogram points, each in increasing timestamp order (a
 * timestamp appears in at most one of the two). Arrays are taken over, not copied: the engine hands them out once
 * and nobody modifies them afterwards.
 */
public record RangeSeries(
        Labels labels,
        long[] floatTimestamps,
        double[] floatValues,
        long[] histogramTimestamps,
        FloatHistogram[] histograms) {
    public RangeSeries {
        requireNonNull(labels, "labels is null");
        requireNonNull(floatTimestamps, "floatTimestamps is null");
        requireNonNull(floatValues, "floatValues is null");
        requireNonNull(histogramTimestamps, "histogramTimestamps is null");
        requireNonNull(histograms, "histograms is null");
        if (floatTimestamps.length != floatValues.length) {
            throw new IllegalArgumentException(
                    floatTimestamps.length + " float timestamps but " + floatValues.length + " values");
        }
        if (histogramTimestamps.length != histograms.length) {
            throw new IllegalArgumentException(
                    histogramTimestamps.length + " histogram timestamps but " + histograms.length + " histograms");
        }
    }

    public int pointCount() {
        return floatTimestamps.length + histogramTimestamps.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RangeSeries that
                && labels.equals(that.labels)
                && Arrays.equals(floatTimestamps, that.floatTimestamps)
                && Arrays.equals(floatValues, that.floatValues)
                && Arrays.equals(histogramTimestamps, that.histogramTimestamps)
                && Arrays.equals(histograms, that.histograms);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.hashCode(floatTimestamps);
    }

    @Override
    public String toString() {
        return labels + " floats@" + Arrays.toString(floatTimestamps) + "=" + Arrays.toString(floatValues)
                + (histograms.length == 0 ? "" : " histograms@" + Arrays.toString(histogramTimestamps));
    }
}
