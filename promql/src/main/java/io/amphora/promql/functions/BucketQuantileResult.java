package io.amphora.promql.functions;

/**
 * What {@link ClassicHistograms#bucketQuantile} found besides the quantile: whether the bucket counts had to be
 * made monotonic, and where. When {@link #forcedMonotonicity()} is true the engine reports Prometheus's
 * {@code NewHistogramQuantileForcedMonotonicityInfo(metricName, pos, ts, minBucket, maxBucket, maxDiff)}
 * ("input to histogram_quantile needed to be fixed for monotonicity …") with the values below.
 *
 * <p>Reusable: every call overwrites all fields. Not thread-safe.
 */
public final class BucketQuantileResult {
    private double quantile;
    private boolean forcedMonotonicity;
    private boolean fixedPrecision;
    private double minBucket;
    private double maxBucket;
    private double maxDiff;

    /** A result with nothing found yet. */
    public BucketQuantileResult() {
        reset();
    }

    /** The φ-quantile; the same value the call returned. */
    public double quantile() {
        return quantile;
    }

    /** Whether some bucket count was lower than a lower bucket's and was raised to it. */
    public boolean forcedMonotonicity() {
        return forcedMonotonicity;
    }

    /**
     * Whether counts that differed from the previous bucket's only by a relative 1e-12 (floating point noise) were
     * set equal to it. Prometheus does not report this.
     */
    public boolean fixedPrecision() {
        return fixedPrecision;
    }

    /** The lowest upper bound whose count was raised; +Inf when none was. */
    public double minBucket() {
        return minBucket;
    }

    /** The highest upper bound whose count was raised; −Inf when none was. */
    public double maxBucket() {
        return maxBucket;
    }

    /** The largest amount a count was raised by; 0 when none was. */
    public double maxDiff() {
        return maxDiff;
    }

    void reset() {
        quantile = Double.NaN;
        forcedMonotonicity = false;
        fixedPrecision = false;
        minBucket = Double.POSITIVE_INFINITY;
        maxBucket = Double.NEGATIVE_INFINITY;
        maxDiff = 0;
    }

    void setQuantile(double quantile) {
        this.quantile = quantile;
    }

    void markForced(double upperBound, double diff) {
        forcedMonotonicity = true;
        if (upperBound < minBucket) {
            minBucket = upperBound;
        }
        if (upperBound > maxBucket) {
            maxBucket = upperBound;
        }
        if (diff > maxDiff) {
            maxDiff = diff;
        }
    }

    void markFixedPrecision() {
        fixedPrecision = true;
    }

    @Override
    public String toString() {
        return "BucketQuantileResult{quantile=" + quantile + ", forcedMonotonicity=" + forcedMonotonicity
                + ", fixedPrecision=" + fixedPrecision + ", minBucket=" + minBucket + ", maxBucket=" + maxBucket
                + ", maxDiff=" + maxDiff + "}";
    }
}
