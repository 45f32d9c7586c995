package io.amphora.model.histogram;

import io.amphora.model.StaleMarker;
import static java.util.Objects.requireNonNull;

/**
 * Approximate comparison of histograms the way Prometheus's PromQL test harness compares an expected with an
 * actual result: both are compacted with {@code compact(0)}, then schema, zero threshold and custom bounds must be
 * equal, spans must describe the same buckets, and count, sum, zero count and every bucket count must agree within a
 * relative tolerance ({@link #almostEqual(double, double, double)}). The counter reset hint is compared only when
 * asked, as the harness does only when the expected value states one.
 */
public final class HistogramComparison {
    /** The relative tolerance of Prometheus's PromQL tests. */
    public static final double DEFAULT_EPSILON = 1e-6;
    private static final double MIN_NORMAL = Double.MIN_NORMAL;

    private HistogramComparison() {}

    /**
     * Whether {@code actual} matches {@code expected} as described above.
     *
     * @param compareCounterResetHint whether the counter reset hints must be equal too
     */
    public static boolean almostEqual(FloatHistogram expected, FloatHistogram actual, double epsilon,
            boolean compareCounterResetHint) {
        requireNonNull(expected, "expected is null");
        requireNonNull(actual, "actual is null");
        FloatHistogram e = expected.compact(0);
        FloatHistogram a = actual.compact(0);
        if (e.schema() != a.schema()
                || !almostEqual(e.count(), a.count(), epsilon)
                || !almostEqual(e.sum(), a.sum(), epsilon)) {
            return false;
        }
        if (e.usesCustomBuckets() && !WorkingHistogram.sameBounds(e.customValueArray(), a.customValueArray())) {
            return false;
        }
        if (e.zeroThreshold() != a.zeroThreshold() || !almostEqual(e.zeroCount(), a.zeroCount(), epsilon)) {
            return false;
        }
        if (!spansMatch(e.negativeSpanArray(), a.negativeSpanArray())
                || !almostEqual(e.negativeBucketArray(), a.negativeBucketArray(), epsilon)
                || !spansMatch(e.positiveSpanArray(), a.positiveSpanArray())
                || !almostEqual(e.positiveBucketArray(), a.positiveBucketArray(), epsilon)) {
            return false;
        }
        return !compareCounterResetHint || e.counterResetHint() == a.counterResetHint();
    }

    /**
     * Prometheus's {@code almost.Equal}: true if both are the stale marker, both are (other) NaNs, they are equal, or
     * they differ by less than {@code epsilon} times the sum of their magnitudes (near zero: times the smallest
     * normal double).
     */
    public static boolean almostEqual(double a, double b, double epsilon) {
        boolean aStale = StaleMarker.is(a);
        boolean bStale = StaleMarker.is(b);
        if (aStale || bStale) {
            return aStale && bStale;
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
            return diff < epsilon * MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }

    private static boolean almostEqual(double[] a, double[] b, double epsilon) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!almostEqual(a[i], b[i], epsilon)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether two span lists describe the same bucket positions, treating zero-length spans as gaps (Prometheus's
     * {@code spansMatch}).
     */
    static boolean spansMatch(Span[] a, Span[] b) {
        if (a.length == 0 && b.length == 0) {
            return true;
        }
        int i = 0;
        int j = 0;
        while (true) {
            if (i >= a.length) {
                return allEmpty(b, j);
            }
            if (j >= b.length) {
                return allEmpty(a, i);
            }
            long aOffset = a[i].offset();
            long aLength = a[i].length();
            i++;
            if (aLength == 0) {
                while (i < a.length && a[i].length() == 0) {
                    aOffset += a[i].offset();
                    i++;
                }
                if (i < a.length) {
                    aOffset += a[i].offset();
                    aLength = a[i].length();
                    i++;
                }
            }
            long bOffset = b[j].offset();
            long bLength = b[j].length();
            j++;
            if (bLength == 0) {
                while (j < b.length && b[j].length() == 0) {
                    bOffset += b[j].offset();
                    j++;
                }
                if (j < b.length) {
                    bOffset += b[j].offset();
                    bLength = b[j].length();
                    j++;
                }
            }
            if (aLength == 0 && bLength == 0) {
                return true;
            }
            if (aOffset != bOffset || aLength != bLength) {
                return false;
            }
        }
    }

    private static boolean allEmpty(Span[] spans, int from) {
        for (int k = from; k < spans.length; k++) {
            if (spans[k].length() > 0) {
                return false;
            }
        }
        return true;
    }
}
