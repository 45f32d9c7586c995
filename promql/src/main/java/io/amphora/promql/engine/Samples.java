package io.amphora.promql.engine;

import io.amphora.model.histogram.FloatHistogram;

/** Prometheus's sample accounting and the stale marker. */
final class Samples {
    /** The bit pattern of Prometheus's staleness marker. */
    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    private Samples() {}

    static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    /**
     * What a histogram counts against the sample limit (Prometheus {@code HPoint.size}): its in-memory size
     * ({@link FloatHistogram#size()}) in 16-byte units.
     */
    static int histogramSize(FloatHistogram h) {
        return (h.size() + 8) / 16;
    }
}
