package io.amphora.model.histogram;

import static java.util.Objects.requireNonNull;

/**
 * A reusable, allocation-free walk over the buckets of a {@link FloatHistogram} with primitive accessors, in the
 * orders Prometheus's bucket iterators use:
 *
 * <ul>
 *   <li>{@link #all}: every bucket in ascending order of bounds: negative buckets from the most negative, then the
 *       zero bucket (only if its count is positive), then positive buckets;
 *   <li>{@link #allDescending}: the same in descending order;
 *   <li>{@link #positive}: positive buckets in ascending order;
 *   <li>{@link #negative}: negative buckets from zero downwards.
 * </ul>
 *
 * Every stored bucket is visited, also those with a count of zero. In the {@code all} orders, a bucket bound that
 * lies inside the zero bucket is moved to the zero threshold. Bounds follow {@link BucketBounds}; custom-bucket
 * histograms have no negative side and bucket {@code 0} starts at −Inf.
 *
 * <p>Typical use: {@code BucketCursor c = new BucketCursor(); for (c.all(h); c.next(); ) { ... c.upper() ... }}.
 * Not thread-safe; the histogram must not be replaced while walking (it is immutable, so reuse is safe).
 */
public final class BucketCursor {
    private static final double[] NO_VALUES = new double[0];

    private final SideIterator first = new SideIterator();
    private final SideIterator second = new SideIterator();
    private FloatHistogram histogram;
    private boolean clampToZeroBucket;
    /** 0: first side, 1: zero bucket, 2: second side, 3: done. */
    private int phase = 3;
    private boolean hasFirst;
    private boolean hasSecond;
    private boolean firstIsPositive;
    private boolean secondIsPositive;

    private double lower;
    private double upper;
    private double count;
    private int index;
    private boolean lowerInclusive;
    private boolean upperInclusive;
    private boolean zeroBucket;
    private boolean positiveBucket;

    /** Walks all buckets in ascending order of bounds. */
    public BucketCursor all(FloatHistogram h) {
        start(h);
        firstIsPositive = false;
        secondIsPositive = true;
        first.reset(h.negativeSpanArray(), h.negativeBucketArray(), h.schema(), false, NO_VALUES).reversed();
        second.reset(h.positiveSpanArray(), h.positiveBucketArray(), h.schema(), true, h.customValueArray());
        hasFirst = true;
        hasSecond = true;
        clampToZeroBucket = true;
        phase = 0;
        return this;
    }

    /** Walks all buckets in descending order of bounds. */
    public BucketCursor allDescending(FloatHistogram h) {
        start(h);
        firstIsPositive = true;
        secondIsPositive = false;
        first.reset(h.positiveSpanArray(), h.positiveBucketArray(), h.schema(), true, h.customValueArray())
                .reversed();
        second.reset(h.negativeSpanArray(), h.negativeBucketArray(), h.schema(), false, NO_VALUES);
        hasFirst = true;
        hasSecond = true;
        clampToZeroBucket = true;
        phase = 0;
        return this;
    }

    /** Walks the positive buckets in ascending order. */
    public BucketCursor positive(FloatHistogram h) {
        start(h);
        secondIsPositive = true;
        second.reset(h.positiveSpanArray(), h.positiveBucketArray(), h.schema(), true, h.customValueArray());
        hasFirst = false;
        hasSecond = true;
        clampToZeroBucket = false;
        phase = 2;
        return this;
    }

    /** Walks the negative buckets from zero downwards. */
    public BucketCursor negative(FloatHistogram h) {
        start(h);
        secondIsPositive = false;
        second.reset(h.negativeSpanArray(), h.negativeBucketArray(), h.schema(), false, NO_VALUES);
        hasFirst = false;
        hasSecond = true;
        clampToZeroBucket = false;
        phase = 2;
        return this;
    }

    private void start(FloatHistogram h) {
        histogram = requireNonNull(h, "h is null");
    }

    /** Moves to the next bucket; false when there is none (the accessors then keep the last bucket). */
    public boolean next() {
        while (true) {
            switch (phase) {
                case 0:
                    if (hasFirst && first.next()) {
                        load(first, firstIsPositive);
                        return true;
                    }
                    phase = 1;
                    break;
                case 1:
                    phase = 2;
                    if (histogram.zeroCount() > 0) {
                        double threshold = histogram.zeroThreshold();
                        lower = -threshold;
                        upper = threshold;
                        lowerInclusive = true;
                        upperInclusive = true;
                        count = histogram.zeroCount();
                        index = 0;
                        zeroBucket = true;
                        positiveBucket = false;
                        return true;
                    }
                    break;
                case 2:
                    if (hasSecond && second.next()) {
                        load(second, secondIsPositive);
                        return true;
                    }
                    phase = 3;
                    return false;
                default:
                    return false;
            }
        }
    }

    private void load(SideIterator it, boolean positive) {
        lower = it.lower();
        upper = it.upper();
        lowerInclusive = it.lowerInclusive();
        upperInclusive = it.upperInclusive();
        count = it.count();
        index = it.index();
        zeroBucket = false;
        positiveBucket = positive;
        if (clampToZeroBucket) {
            double threshold = histogram.zeroThreshold();
            if (upper < 0 && upper > -threshold) {
                upper = -threshold;
            } else if (lower > 0 && lower < threshold) {
                lower = threshold;
            }
        }
    }

    /** The lower bound of the current bucket. */
    public double lower() {
        return lower;
    }

    /** The upper bound of the current bucket. */
    public double upper() {
        return upper;
    }

    /** Whether observations equal to {@link #lower()} belong to the current bucket. */
    public boolean lowerInclusive() {
        return lowerInclusive;
    }

    /** Whether observations equal to {@link #upper()} belong to the current bucket. */
    public boolean upperInclusive() {
        return upperInclusive;
    }

    /** The count of the current bucket. */
    public double count() {
        return count;
    }

    /** The bucket index within its side and schema; 0 for the zero bucket. */
    public int index() {
        return index;
    }

    public boolean isZeroBucket() {
        return zeroBucket;
    }

    /** Whether the current bucket belongs to the positive side (false for negative and zero buckets). */
    public boolean isPositive() {
        return positiveBucket;
    }
}
