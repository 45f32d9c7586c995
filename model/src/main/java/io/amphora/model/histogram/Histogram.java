package io.amphora.model.histogram;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A native histogram with integer counts, as instrumented clients and remote write produce it (Prometheus
 * {@code histogram.Histogram}). Immutable: arrays are copied in and never exposed.
 *
 * <p>Bucket counts are delta-encoded across all spans of one side: the first element is the first bucket's count,
 * every further element the difference to the previous bucket. Exponential schemas are {@code -4..8}; schema
 * {@value #CUSTOM_BUCKETS_SCHEMA} means custom bucket bounds ({@link #customValues()} are the upper bounds,
 * ascending; the bucket after the last bound is {@code +Inf}; there are no negative or zero buckets).
 *
 * <p>The constructor checks nothing beyond non-null arguments, so that a decoder can represent what a client sent
 * and report every rule it breaks with {@link HistogramValidation}.
 */
public final class Histogram {
    public static final int CUSTOM_BUCKETS_SCHEMA = -53;

    private static final Span[] NO_SPANS = new Span[0];
    private static final double[] NO_DOUBLES = new double[0];

    private final CounterResetHint counterResetHint;
    private final int schema;
    private final double zeroThreshold;
    private final long zeroCount;
    private final long count;
    private final double sum;
    private final Span[] positiveSpans;
    private final Span[] negativeSpans;
    private final long[] positiveBuckets;
    private final long[] negativeBuckets;
    private final double[] customValues;

    public Histogram(
            CounterResetHint counterResetHint,
            int schema,
            double zeroThreshold,
            long zeroCount,
            long count,
            double sum,
            Span[] positiveSpans,
            long[] positiveBuckets,
            Span[] negativeSpans,
            long[] negativeBuckets,
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

    /** The zero bucket's count; an unsigned 64-bit value in the wire formats, kept as Java's signed long. */
    public long zeroCount() {
        return zeroCount;
    }

    /** The total number of observations; unsigned 64-bit on the wire. */
    public long count() {
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

    /** Delta-encoded positive bucket counts (a copy). */
    public long[] positiveBuckets() {
        return positiveBuckets.clone();
    }

    /** Delta-encoded negative bucket counts (a copy). */
    public long[] negativeBuckets() {
        return negativeBuckets.clone();
    }

    public int positiveBucketCount() {
        return positiveBuckets.length;
    }

    /** The {@code i}-th delta of the positive side. */
    public long positiveBucketDelta(int i) {
        return positiveBuckets[i];
    }

    public int negativeBucketCount() {
        return negativeBuckets.length;
    }

    /** The {@code i}-th delta of the negative side. */
    public long negativeBucketDelta(int i) {
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

    /**
     * The same histogram with absolute float counts (Prometheus {@code ToFloat}): counts convert as unsigned 64-bit
     * values, bucket counts are accumulated from the deltas in floating point as Prometheus does; a custom-bucket
     * histogram keeps no zero bucket and no negative side, an exponential one no custom values.
     */
    public FloatHistogram toFloat() {
        boolean custom = usesCustomBuckets();
        return FloatHistogram.trusted(
                counterResetHint,
                schema,
                custom ? 0 : zeroThreshold,
                custom ? 0 : unsignedToDouble(zeroCount),
                unsignedToDouble(count),
                sum,
                positiveSpans.clone(),
                absolute(positiveBuckets),
                custom ? NO_SPANS : negativeSpans.clone(),
                custom ? NO_DOUBLES : absolute(negativeBuckets),
                custom ? customValues.clone() : NO_DOUBLES);
    }

    /** The same histogram with another counter reset hint. */
    public Histogram withCounterResetHint(CounterResetHint hint) {
        return new Histogram(hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, positiveBuckets,
                negativeSpans, negativeBuckets, customValues);
    }

    /**
     * The same histogram without empty buckets (Prometheus {@code Histogram.Compact}; see
     * {@link FloatHistogram#compact(int)}), deltas re-encoded. Returns {@code this} when nothing changes.
     */
    public Histogram compact(int maxEmptyBuckets) {
        if (maxEmptyBuckets < 0) {
            throw new IllegalArgumentException("maxEmptyBuckets " + maxEmptyBuckets + " is negative");
        }
        if (isCompact(positiveSpans, positiveBuckets, maxEmptyBuckets)
                && isCompact(negativeSpans, negativeBuckets, maxEmptyBuckets)) {
            return this;
        }
        LongSide positive = LongSide.compact(positiveSpans, positiveBuckets, maxEmptyBuckets);
        LongSide negative = LongSide.compact(negativeSpans, negativeBuckets, maxEmptyBuckets);
        return new Histogram(counterResetHint, schema, zeroThreshold, zeroCount, count, sum, positive.spans(),
                positive.deltas(), negative.spans(), negative.deltas(), customValues);
    }

    private static boolean isCompact(Span[] spans, long[] deltas, int maxEmptyBuckets) {
        long current = 0;
        for (long delta : deltas) {
            current += delta;
            if (current == 0) {
                return false;
            }
        }
        for (int i = 0; i < spans.length; i++) {
            if (spans[i].length() == 0 || (i > 0 && spans[i].offset() <= maxEmptyBuckets)) {
                return false;
            }
        }
        return true;
    }

    /**
     * This histogram in the lower resolution {@code targetSchema} (Prometheus {@code Histogram.ReduceResolution}),
     * which remote write applies to schemas 9..52 before validating.
     *
     * @throws IllegalArgumentException for custom buckets, a custom target schema, or a target not below the schema
     * @throws HistogramException if spans and buckets are inconsistent (e.g. a negative offset after the first span)
     */
    public Histogram reduceResolution(int targetSchema) {
        if (usesCustomBuckets()) {
            throw new IllegalArgumentException("cannot reduce resolution when there are custom buckets");
        }
        if (targetSchema == CUSTOM_BUCKETS_SCHEMA) {
            throw new IllegalArgumentException("cannot reduce resolution to custom buckets schema");
        }
        if (targetSchema >= schema) {
            throw new IllegalArgumentException(
                    "cannot reduce resolution from schema " + schema + " to " + targetSchema);
        }
        LongSide positive = LongSide.reduce(positiveSpans, positiveBuckets, schema, targetSchema);
        LongSide negative = LongSide.reduce(negativeSpans, negativeBuckets, schema, targetSchema);
        return new Histogram(counterResetHint, targetSchema, zeroThreshold, zeroCount, count, sum, positive.spans(),
                positive.deltas(), negative.spans(), negative.deltas(), customValues);
    }

    Span[] positiveSpanArray() {
        return positiveSpans;
    }

    Span[] negativeSpanArray() {
        return negativeSpans;
    }

    long[] positiveDeltaArray() {
        return positiveBuckets;
    }

    long[] negativeDeltaArray() {
        return negativeBuckets;
    }

    double[] customValueArray() {
        return customValues;
    }

    /** {@code value} read as an unsigned 64-bit integer, rounded to the nearest double as Go converts uint64. */
    static double unsignedToDouble(long value) {
        if (value >= 0) {
            return value;
        }
        return ((double) ((value >>> 1) | (value & 1))) * 2.0;
    }

    private static double[] absolute(long[] deltas) {
        double[] counts = new double[deltas.length];
        double current = 0;
        for (int i = 0; i < deltas.length; i++) {
            current += (double) deltas[i];
            counts[i] = current;
        }
        return counts;
    }

    /**
     * Field-by-field equality, the way Prometheus's {@code Histogram.Equals} compares: sums compare by bits (so two
     * NaN sums, such as stale markers, are equal), and the counter reset hint takes part.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Histogram that
                && counterResetHint == that.counterResetHint
                && schema == that.schema
                && Double.doubleToLongBits(zeroThreshold) == Double.doubleToLongBits(that.zeroThreshold)
                && zeroCount == that.zeroCount
                && count == that.count
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
        h = 31 * h + Long.hashCode(count);
        h = 31 * h + Double.hashCode(sum);
        h = 31 * h + Arrays.hashCode(positiveBuckets);
        return 31 * h + Arrays.hashCode(negativeBuckets);
    }

    @Override
    public String toString() {
        return "Histogram{hint=" + counterResetHint + ", schema=" + schema + ", count=" + Long.toUnsignedString(count)
                + ", sum=" + sum + ", zeroThreshold=" + zeroThreshold + ", zeroCount=" + Long.toUnsignedString(zeroCount)
                + ", positiveSpans=" + Arrays.toString(positiveSpans) + ", positiveBuckets="
                + Arrays.toString(positiveBuckets) + ", negativeSpans=" + Arrays.toString(negativeSpans)
                + ", negativeBuckets=" + Arrays.toString(negativeBuckets)
                + (customValues.length == 0 ? "" : ", customValues=" + Arrays.toString(customValues)) + "}";
    }
}
