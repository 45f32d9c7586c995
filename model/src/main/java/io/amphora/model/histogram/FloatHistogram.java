package io.amphora.model.histogram;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A native histogram with float counts (Prometheus {@code histogram.FloatHistogram}): what PromQL computes with,
 * and what rates, sums and float-histogram remote writes produce. Immutable: arrays are copied in and never
 * exposed; operations return new instances.
 *
 * <p>Bucket counts are absolute (not delta-encoded). Layout, schemas and custom buckets as in {@link Histogram}.
 * The constructor checks nothing beyond non-null arguments (see {@link HistogramValidation}).
 */
public final class FloatHistogram {
    public static final int CUSTOM_BUCKETS_SCHEMA = Histogram.CUSTOM_BUCKETS_SCHEMA;

    private final CounterResetHint counterResetHint;
    private final int schema;
    private final double zeroThreshold;
    private final double zeroCount;
    private final double count;
    private final double sum;
    private final Span[] positiveSpans;
    private final Span[] negativeSpans;
    private final double[] positiveBuckets;
    private final double[] negativeBuckets;
    private final double[] customValues;

    public FloatHistogram(
            CounterResetHint counterResetHint,
            int schema,
            double zeroThreshold,
            double zeroCount,
            double count,
            double sum,
            Span[] positiveSpans,
            double[] positiveBuckets,
            Span[] negativeSpans,
            double[] negativeBuckets,
            double[] customValues) {
        this.counterResetHint = requireNonNull(counterResetHint, "counterResetHint is null");
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.count = count;
        this.sum = sum;
        this.positiveSpans = requireNonNull(positiveSpans, "positiveSpans is null").clone();
        this.positiveBuckets = requireNonNull(positiveBuckets, "positiveBuckets is null").clone();
        this.negativeSpans = requireNonNull(negativeSpans, "negativeSpans is null").clone();
        this.negativeBuckets = requireNonNull(negativeBuckets, "negativeBuckets is null").clone();
        this.customValues = requireNonNull(customValues, "customValues is null").clone();
        for (Span span : this.positiveSpans) {
            requireNonNull(span, "positive span is null");
        }
        for (Span span : this.negativeSpans) {
            requireNonNull(span, "negative span is null");
        }
    }

    public CounterResetHint counterResetHint() {
        return counterResetHint;
    }

    public int schema() {
        return schema;
    }

    public boolean usesCustomBuckets() {
        return schema == CUSTOM_BUCKETS_SCHEMA;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public double zeroCount() {
        return zeroCount;
    }

    public double count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public List<Span> positiveSpans() {
        return List.of(positiveSpans);
    }

    public List<Span> negativeSpans() {
        return List.of(negativeSpans);
    }

    public int positiveSpanCount() {
        return positiveSpans.length;
    }

    public Span positiveSpan(int i) {
        return positiveSpans[i];
    }

    public int negativeSpanCount() {
        return negativeSpans.length;
    }

    public Span negativeSpan(int i) {
        return negativeSpans[i];
    }

    /** Absolute positive bucket counts (a copy). */
    public double[] positiveBuckets() {
        return positiveBuckets.clone();
    }

    /** Absolute negative bucket counts (a copy). */
    public double[] negativeBuckets() {
        return negativeBuckets.clone();
    }

    public int positiveBucketCount() {
        return positiveBuckets.length;
    }

    public double positiveBucket(int i) {
        return positiveBuckets[i];
    }

    public int negativeBucketCount() {
        return negativeBuckets.length;
    }

    public double negativeBucket(int i) {
        return negativeBuckets[i];
    }

    /** Custom bucket upper bounds (a copy); empty unless {@link #usesCustomBuckets()}. */
    public double[] customValues() {
        return customValues.clone();
    }

    public int customValueCount() {
        return customValues.length;
    }

    public double customValue(int i) {
        return customValues[i];
    }

    /** The same histogram with another counter reset hint. */
    public FloatHistogram withCounterResetHint(CounterResetHint hint) {
        return new FloatHistogram(hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, positiveBuckets,
                negativeSpans, negativeBuckets, customValues);
    }

    /**
     * Field-by-field equality of the exact layout (Prometheus {@code FloatHistogram.Equals}): floats compare by bits
     * so NaN sums (stale markers) are equal; two histograms describing the same distribution with different span
     * layouts are not equal here.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof FloatHistogram that
                && counterResetHint == that.counterResetHint
                && schema == that.schema
                && Double.doubleToLongBits(zeroThreshold) == Double.doubleToLongBits(that.zeroThreshold)
                && Double.doubleToLongBits(zeroCount) == Double.doubleToLongBits(that.zeroCount)
                && Double.doubleToLongBits(count) == Double.doubleToLongBits(that.count)
                && Double.doubleToLongBits(sum) == Double.doubleToLongBits(that.sum)
                && Arrays.equals(positiveSpans, that.positiveSpans)
                && Arrays.equals(negativeSpans, that.negativeSpans)
                && Arrays.equals(positiveBuckets, that.positiveBuckets)
                && Arrays.equals(negativeBuckets, that.negativeBuckets)
                && Arrays.equals(customValues, that.customValues);
    }

    @Override
    public int hashCode() {
        int h = schema;
        h = 31 * h + Double.hashCode(count);
        h = 31 * h + Double.hashCode(sum);
        h = 31 * h + Arrays.hashCode(positiveBuckets);
        return 31 * h + Arrays.hashCode(negativeBuckets);
    }

    @Override
    public String toString() {
        return "FloatHistogram{hint=" + counterResetHint + ", schema=" + schema + ", count=" + count + ", sum=" + sum
                + ", zeroThreshold=" + zeroThreshold + ", zeroCount=" + zeroCount
                + ", positiveSpans=" + Arrays.toString(positiveSpans) + ", positiveBuckets="
                + Arrays.toString(positiveBuckets) + ", negativeSpans=" + Arrays.toString(negativeSpans)
                + ", negativeBuckets=" + Arrays.toString(negativeBuckets)
                + (customValues.length == 0 ? "" : ", customValues=" + Arrays.toString(customValues)) + "}";
    }
}
