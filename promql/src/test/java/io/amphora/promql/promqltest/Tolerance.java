package io.amphora.promql.promqltest;

import io.amphora.model.StaleMarker;
import io.amphora.model.histogram.HistogramComparison;

/**
 * How the harness compares two floats: equal within a relative tolerance of {@value #EPSILON}, with NaN equal to NaN
 * and a staleness marker equal only to another staleness marker (Prometheus's {@code almost.Equal} with the
 * harness's epsilon, which the model implements as {@link HistogramComparison#almostEqual(double, double, double)}).
 */
final class Tolerance {
    /** The harness's relative error allowed for sample values. */
    static final double EPSILON = 1e-6;

    private Tolerance() {}

    /**
     * Whether {@code a} and {@code b} differ by less than {@value #EPSILON} times the sum of their magnitudes. When
     * either is zero (or both are tiny) the difference must be below {@value #EPSILON} times the smallest normal
     * double, so in effect they must be equal. Infinities equal only the same infinity.
     */
    static boolean almostEqual(double a, double b) {
        return HistogramComparison.almostEqual(a, b, EPSILON);
    }

    static boolean isStaleMarker(double value) {
        return StaleMarker.is(value);
    }

    /** A float as the test files write it: {@code stale}, {@code NaN}, {@code Inf}, or the shortest exact form. */
    static String format(double value) {
        return isStaleMarker(value) ? "stale" : HistogramDescription.formatNumber(value);
    }
}
