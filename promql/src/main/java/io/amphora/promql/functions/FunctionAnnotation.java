package io.amphora.promql.functions;

/**
 * The annotation conditions a kernel detects while computing, named after the Prometheus annotation constructor
 * the engine must report for it ({@code annotations.NewXxx}). Kernels only flag the condition; the engine adds the
 * metric name, the position of the argument and Prometheus's text.
 *
 * <p>Each constant is one bit of {@link RangeResult#annotationBits()}, so reading them allocates nothing.
 */
public enum FunctionAnnotation {
    /** {@code NewStartTimeOverlapWarning}: a sample's start timestamp overlaps the previous sample (once per series). */
    START_TIME_OVERLAP(true),
    /** {@code NewMixedFloatsHistogramsWarning}: the window holds both floats and histograms; no point. */
    MIXED_FLOATS_HISTOGRAMS(true),
    /** {@code NewMixedExponentialCustomHistogramsWarning}: exponential and custom-bucket histograms mixed; no point. */
    MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS(true),
    /** {@code NewNativeHistogramNotCounterWarning}: a counter function met a histogram with the gauge hint. */
    NATIVE_HISTOGRAM_NOT_COUNTER(true),
    /** {@code NewNativeHistogramNotGaugeWarning}: a gauge function met a histogram without the gauge hint. */
    NATIVE_HISTOGRAM_NOT_GAUGE(true),
    /**
     * {@code NewHistogramCounterResetCollisionWarning(pos, HistogramAgg)}: histograms summed or averaged over time
     * carried both the counter-reset and the not-counter-reset hint.
     */
    HISTOGRAM_COUNTER_RESET_COLLISION_AGG(true),
    /** {@code NewMismatchedCustomBucketsHistogramsInfo(pos, HistogramAdd)}: custom bounds were reconciled in an add. */
    MISMATCHED_CUSTOM_BUCKETS_ADD(false),
    /** {@code NewMismatchedCustomBucketsHistogramsInfo(pos, HistogramSub)}: custom bounds were reconciled in a sub. */
    MISMATCHED_CUSTOM_BUCKETS_SUB(false),
    /** {@code NewMismatchedCustomBucketsHistogramsInfo(pos, HistogramAgg)}: reconciled while aggregating over time. */
    MISMATCHED_CUSTOM_BUCKETS_AGG(false);

    private final boolean warning;

    FunctionAnnotation(boolean warning) {
        this.warning = warning;
    }

    /** True for a warning, false for an info annotation. */
    public boolean isWarning() {
        return warning;
    }

    /** This constant's bit in {@link RangeResult#annotationBits()}. */
    public int bit() {
        return 1 << ordinal();
    }
}
