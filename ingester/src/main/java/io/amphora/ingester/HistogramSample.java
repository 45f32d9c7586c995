package io.amphora.ingester;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

/**
 * One native histogram sample of a push: exactly one of {@code histogram} (integer counts) and
 * {@code floatHistogram} is set.
 */
public record HistogramSample(long timestamp, Histogram histogram, FloatHistogram floatHistogram) {
    public HistogramSample {
        if ((histogram == null) == (floatHistogram == null)) {
            throw new IllegalArgumentException("exactly one of histogram and floatHistogram must be set");
        }
    }

    public static HistogramSample of(long timestamp, Histogram histogram) {
        return new HistogramSample(timestamp, histogram, null);
    }

    public static HistogramSample of(long timestamp, FloatHistogram histogram) {
        return new HistogramSample(timestamp, null, histogram);
    }
}
