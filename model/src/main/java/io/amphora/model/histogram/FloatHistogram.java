package io.amphora.model.histogram;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A native histogram with float counts (Prometheus {@code histogram.FloatHistogram}): what PromQL computes with,
 * and what rates, sums and float-histogram remote writes produce. Immutable: the public constructor copies the
 * arrays, accessors return copies, and operations return new instances (which may share arrays, as none is ever
 * mutated). Thread-safe.
 *
 * <p>Bucket counts are absolute (not delta-encoded). Layout, schemas and custom buckets as in {@link Histogram}.
 * The constructor checks nothing beyond non-null arguments (see {@link HistogramValidation}).
 */
public final class FloatHistogram {
    public static final int CUSTOM_BUCKETS_SCHEMA = Histogram.CUSTOM_BUCKETS_SCHEMA;

    private static final Span[] NO_SPANS = new Span[0];
    private static final double[] NO_VALUES = new double[0];

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
        this(counterResetHint, schema, zeroThreshold, zeroCount, count, sum,
                requireNonNull(positiveSpans, "positiveSpans is null").clone(),
                requireNonNull(positiveBuckets, "positiveBuckets is null").clone(),
                requireNonNull(negativeSpans, "negativeSpans is null").clone(),
                requireNonNull(negativeBuckets, "negativeBuckets is null").clone(),
                requireNonNull(customValues, "customValues is null").clone(),
                true);
        for (Span span : this.positiveSpans) {
            requireNonNull(span, "positive span is null");
        }
        for (Span span : this.negativeSpans) {
            requireNonNull(span, "negative span is null");
        }
    }

    /** Takes the arrays as they are; {@code owned} only distinguishes this constructor. */
    private FloatHistogram(
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
            double[] customValues,
            boolean owned) {
        this.counterResetHint = requireNonNull(counterResetHint, "counterResetHint is null");
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.count = count;
        this.sum = sum;
        this.positiveSpans = positiveSpans;
        this.positiveBuckets = positiveBuckets;
        this.negativeSpans = negativeSpans;
        this.negativeBuckets = negativeBuckets;
        this.customValues = customValues;
    }

    /**
     * A histogram over arrays the caller hands over and never touches again (no defensive copies); arrays may be
     * shared between histograms because no histogram mutates them.
     */
    static FloatHistogram trusted(
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
        return new FloatHistogram(counterResetHint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans,
                positiveBuckets, negativeSpans, negativeBuckets, customValues, true);
    }

    /**
     * A histogram without observations and buckets, hint {@link CounterResetHint#UNKNOWN}: what PromQL's rate
     * starts from after a counter reset. {@code customValues} (copied) are for schema
     * {@value #CUSTOM_BUCKETS_SCHEMA}, otherwise empty.
     */
    public static FloatHistogram empty(int schema, double[] customValues) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, schema, 0, 0, 0, 0, NO_SPANS, NO_VALUES, NO_SPANS,
                NO_VALUES, requireNonNull(customValues, "customValues is null").clone(), true);
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
        return trusted(requireNonNull(hint, "hint is null"), schema, zeroThreshold, zeroCount, count, sum,
                positiveSpans, positiveBuckets, negativeSpans, negativeBuckets, customValues);
    }

    Span[] positiveSpanArray() {
        return positiveSpans;
    }

    Span[] negativeSpanArray() {
        return negativeSpans;
    }

    double[] positiveBucketArray() {
        return positiveBuckets;
    }

    double[] negativeBucketArray() {
        return negativeBuckets;
    }

    double[] customValueArray() {
        return customValues;
    }

    /**
     * This histogram plus {@code other} (Prometheus {@code FloatHistogram.Add}; PromQL's {@code +}): the result has
     * the smaller of both schemas (the other histogram's buckets are merged to it) and a zero bucket wide enough for
     * both zero buckets, grown until it does not cut through a populated bucket (buckets it swallows add to its
     * count). Custom-bucket histograms with different bounds are added over the bounds both share (every bucket goes
     * to the shared-bounds bucket containing it) and report {@link CombinedHistogram#customBoundsReconciled()}. The
     * counter reset hint: equal hints stay; gauge on either side gives gauge; unknown on either side gives unknown;
     * reset meeting not-reset gives unknown and reports {@link CombinedHistogram#counterResetCollision()}. The
     * result is not compacted: it may hold empty buckets and adjacent spans ({@link #compact(int)}).
     *
     * @throws IncompatibleHistogramsException if exactly one of the two uses custom buckets
     */
    public CombinedHistogram add(FloatHistogram other) {
        return combine(other, false);
    }

    /**
     * This histogram minus {@code other} (Prometheus {@code FloatHistogram.Sub}), with the layout, schema, zero
     * bucket and hint rules of {@link #add}. PromQL's binary {@code -} then marks the result as a gauge
     * ({@link #withCounterResetHint}); the incremental uses inside functions keep the hint as computed here.
     *
     * @throws IncompatibleHistogramsException if exactly one of the two uses custom buckets
     */
    public CombinedHistogram sub(FloatHistogram other) {
        return combine(other, true);
    }

    private CombinedHistogram combine(FloatHistogram other, boolean subtract) {
        requireNonNull(other, "other is null");
        WorkingHistogram working = new WorkingHistogram().load(this);
        int flags = working.combine(other, subtract, false);
        return new CombinedHistogram(working.toFloatHistogram(),
                (flags & WorkingHistogram.COUNTER_RESET_COLLISION) != 0,
                (flags & WorkingHistogram.CUSTOM_BOUNDS_RECONCILED) != 0);
    }

    /**
     * Every count, the zero count and the sum multiplied by {@code factor}, same layout (Prometheus {@code Mul}); a
     * negative factor makes the result a gauge.
     */
    public FloatHistogram mul(double factor) {
        double[] positive = positiveBuckets.clone();
        for (int i = 0; i < positive.length; i++) {
            positive[i] *= factor;
        }
        double[] negative = negativeBuckets.clone();
        for (int i = 0; i < negative.length; i++) {
            negative[i] *= factor;
        }
        CounterResetHint hint = factor < 0 ? CounterResetHint.GAUGE : counterResetHint;
        return trusted(hint, schema, zeroThreshold, zeroCount * factor, count * factor, sum * factor, positiveSpans,
                positive, negativeSpans, negative, customValues);
    }

    /**
     * Every count, the zero count and the sum divided by {@code divisor}, same layout (Prometheus {@code Div}); a
     * negative divisor makes the result a gauge. Division by zero divides count, zero count and sum (giving ±Inf
     * or NaN) and removes all buckets and spans.
     */
    public FloatHistogram div(double divisor) {
        if (divisor == 0) {
            return trusted(counterResetHint, schema, zeroThreshold, zeroCount / divisor, count / divisor,
                    sum / divisor, NO_SPANS, NO_VALUES, NO_SPANS, NO_VALUES, customValues);
        }
        double[] positive = positiveBuckets.clone();
        for (int i = 0; i < positive.length; i++) {
            positive[i] /= divisor;
        }
        double[] negative = negativeBuckets.clone();
        for (int i = 0; i < negative.length; i++) {
            negative[i] /= divisor;
        }
        CounterResetHint hint = divisor < 0 ? CounterResetHint.GAUGE : counterResetHint;
        return trusted(hint, schema, zeroThreshold, zeroCount / divisor, count / divisor, sum / divisor,
                positiveSpans, positive, negativeSpans, negative, customValues);
    }

    /** PromQL's unary minus: {@code mul(-1)}, a gauge. */
    public FloatHistogram negate() {
        return mul(-1);
    }

    /**
     * The same histogram without empty buckets (Prometheus {@code Compact}): populated buckets at most
     * {@code maxEmptyBuckets} indexes apart share one span (keeping the empty buckets between them), all others are
     * split; zero-length spans disappear. PromQL compacts with {@code 0} after arithmetic. Returns {@code this} when
     * nothing changes.
     */
    public FloatHistogram compact(int maxEmptyBuckets) {
        if (maxEmptyBuckets < 0) {
            throw new IllegalArgumentException("maxEmptyBuckets " + maxEmptyBuckets + " is negative");
        }
        if (isCompact(positiveSpans, positiveBuckets, maxEmptyBuckets)
                && isCompact(negativeSpans, negativeBuckets, maxEmptyBuckets)) {
            return this;
        }
        BucketSide side = new BucketSide();
        BucketSide out = new BucketSide();
        side.load(positiveSpans, positiveBuckets);
        side.compactInto(out, maxEmptyBuckets, false);
        Span[] positive = out.spans();
        double[] positiveCounts = out.valuesCopy();
        side.load(negativeSpans, negativeBuckets);
        side.compactInto(out, maxEmptyBuckets, false);
        return trusted(counterResetHint, schema, zeroThreshold, zeroCount, count, sum, positive, positiveCounts,
                out.spans(), out.valuesCopy(), customValues);
    }

    private static boolean isCompact(Span[] spans, double[] buckets, int maxEmptyBuckets) {
        for (double bucket : buckets) {
            if (bucket == 0) {
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
     * Whether a counter reset happened between {@code previous} and this histogram (Prometheus
     * {@code DetectReset}). The hints {@link CounterResetHint#COUNTER_RESET} and
     * {@link CounterResetHint#NOT_COUNTER_RESET} of this histogram decide at once; otherwise (also for gauges) a
     * reset is a smaller count or zero count, a populated bucket of {@code previous} that is missing or smaller here,
     * a higher schema, a smaller zero threshold, a larger zero threshold that cuts through a populated bucket of
     * {@code previous}, or a switch from exponential to custom buckets. A larger threshold merges the buckets of
     * {@code previous} inside it into its zero bucket, a lower schema merges its buckets to this schema. For custom
     * buckets with different bounds, the cumulative counts up to every bound both share are compared. The sum is
     * never compared.
     */
    public boolean detectReset(FloatHistogram previous) {
        return CounterResets.detectReset(this, requireNonNull(previous, "previous is null"));
    }

    /**
     * This histogram in the lower resolution {@code targetSchema} (Prometheus {@code ReduceResolution}): buckets are
     * merged into the target buckets containing them; the hint is kept.
     *
     * @throws IllegalArgumentException for custom buckets, a custom target schema, or a target not below the schema
     * @throws HistogramException if spans and buckets are inconsistent (e.g. a negative offset after the first span)
     */
    public FloatHistogram reduceResolution(int targetSchema) {
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
        return reduced(targetSchema, counterResetHint, customValues);
    }

    /**
     * A copy in {@code targetSchema} ≤ this schema (Prometheus {@code CopyToSchema}): {@code this} for the same
     * schema, otherwise the merged buckets with hint {@link CounterResetHint#UNKNOWN}, as Prometheus leaves it.
     *
     * @throws IllegalArgumentException for custom buckets, a custom target schema, or a higher target schema
     * @throws HistogramException if spans and buckets are inconsistent
     */
    public FloatHistogram copyToSchema(int targetSchema) {
        if (targetSchema == schema) {
            return this;
        }
        if (usesCustomBuckets()) {
            throw new IllegalArgumentException(
                    "cannot reduce resolution to " + targetSchema + " when there are custom buckets");
        }
        if (targetSchema == CUSTOM_BUCKETS_SCHEMA) {
            throw new IllegalArgumentException("cannot reduce resolution to custom buckets schema");
        }
        if (targetSchema > schema) {
            throw new IllegalArgumentException("cannot copy from schema " + schema + " to " + targetSchema);
        }
        return reduced(targetSchema, CounterResetHint.UNKNOWN, NO_VALUES);
    }

    private FloatHistogram reduced(int targetSchema, CounterResetHint hint, double[] custom) {
        BucketSide side = new BucketSide();
        BucketSide out = new BucketSide();
        side.load(positiveSpans, positiveBuckets);
        side.reduceInto(out, schema, targetSchema, false);
        Span[] positive = out.spans();
        double[] positiveCounts = out.valuesCopy();
        side.load(negativeSpans, negativeBuckets);
        side.reduceInto(out, schema, targetSchema, false);
        return trusted(hint, targetSchema, zeroThreshold, zeroCount, count, sum, positive, positiveCounts,
                out.spans(), out.valuesCopy(), custom);
    }

    /**
     * Prometheus's {@code Size()}: the bytes a Go {@code FloatHistogram} of this layout occupies (168 plus 8 per
     * span, bucket and custom bound). PromQL's sample statistics count a histogram point in a range as
     * {@code (size() + 8) / 16} samples and a histogram sample of an instant vector as {@code 1 + size() / 16}.
     */
    public int size() {
        return 168 + 8 * (positiveSpans.length + negativeSpans.length + positiveBuckets.length
                + negativeBuckets.length + customValues.length);
    }

    /** Whether the zero count, count, sum, a bucket or a custom bound is infinite (Prometheus {@code HasOverflow}). */
    public boolean hasOverflow() {
        if (Double.isInfinite(zeroCount) || Double.isInfinite(count) || Double.isInfinite(sum)) {
            return true;
        }
        for (double v : positiveBuckets) {
            if (Double.isInfinite(v)) {
                return true;
            }
        }
        for (double v : negativeBuckets) {
            if (Double.isInfinite(v)) {
                return true;
            }
        }
        for (double v : customValues) {
            if (Double.isInfinite(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * PromQL's {@code histogram </ cutoff}: keeps the observations below {@code cutoff} (Prometheus
     * {@code TrimBuckets(cutoff, true)}). A bucket containing the cutoff keeps the interpolated share below it
     * (exponentially in exponential buckets, linearly in custom buckets and the zero bucket; buckets with an infinite
     * bound are kept whole or dropped). If anything was trimmed, count and sum are re-estimated from the kept
     * buckets (sum from bucket midpoints) and the result is compacted; otherwise the histogram is returned as is.
     */
    public FloatHistogram trimUpper(double cutoff) {
        return Trim.trim(this, cutoff, true);
    }

    /** PromQL's {@code histogram >/ cutoff}: keeps the observations above {@code cutoff}; see {@link #trimUpper}. */
    public FloatHistogram trimLower(double cutoff) {
        return Trim.trim(this, cutoff, false);
    }

    /**
     * Prometheus's {@code FloatHistogram.Equals}, which PromQL's {@code ==} and {@code !=} between histograms use:
     * same schema, bit-identical count, sum, zero count and bucket counts, equal zero threshold, equal custom bounds
     * for custom buckets, and spans describing the same buckets (zero-length spans aside). The counter reset hint
     * is ignored. {@link #equals(Object)} instead compares every field exactly.
     */
    public boolean dataEquals(FloatHistogram other) {
        if (other == null) {
            return false;
        }
        if (schema != other.schema
                || Double.doubleToRawLongBits(count) != Double.doubleToRawLongBits(other.count)
                || Double.doubleToRawLongBits(sum) != Double.doubleToRawLongBits(other.sum)) {
            return false;
        }
        if (usesCustomBuckets() && !WorkingHistogram.sameBounds(customValues, other.customValues)) {
            return false;
        }
        if (zeroThreshold != other.zeroThreshold
                || Double.doubleToRawLongBits(zeroCount) != Double.doubleToRawLongBits(other.zeroCount)) {
            return false;
        }
        return HistogramComparison.spansMatch(negativeSpans, other.negativeSpans)
                && bitsEqual(negativeBuckets, other.negativeBuckets)
                && HistogramComparison.spansMatch(positiveSpans, other.positiveSpans)
                && bitsEqual(positiveBuckets, other.positiveBuckets);
    }

    private static boolean bitsEqual(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return false;
            }
        }
        return true;
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
