package io.amphora.promql.engine;

import io.amphora.model.histogram.FloatHistogram;

/** Prometheus's sample accounting. */
final class Samples {
    private Samples() {}

    /**
     * What a histogram counts against the sample limit (Prometheus {@code HPoint.size}): its in-memory size
     * ({@link FloatHistogram#size()}) in 16-byte units.
     */
    static int histogramSize(FloatHistogram h) {
        return (h.size() + 8) / 16;
    }
}
