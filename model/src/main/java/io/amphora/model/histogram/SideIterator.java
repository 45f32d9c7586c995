package io.amphora.model.histogram;

/**
 * Walks the buckets of one side of a histogram in storage order (ascending index; the negative side thus walks
 * away from zero) or in reverse, without allocating. The source is either an immutable histogram's spans and counts
 * or a {@link BucketSide}. A forward walk may merge buckets into a lower-resolution {@code targetSchema} and may
 * skip the leading buckets whose absolute upper bound is at most a start value (exponential schemas only), which is
 * how Prometheus compares histograms of different schemas and zero thresholds. Reusable via the {@code reset}
 * methods; {@link #rewind()} restarts the same walk.
 */
final class SideIterator {
    private static final double[] NO_VALUES = new double[0];

    private Span[] spanObjects;
    private int[] spanOffsets;
    private int[] spanLengths;
    private int spanCount;
    private double[] counts;
    private double[] comps;
    private int bucketCount;
    private int schema;
    private int targetSchema;
    private boolean positive;
    private double[] customValues;
    private double startValue;
    private boolean reverse;

    private int spanIndex;
    private int positionInSpan;
    private int bucketIndex;
    private int nextIndex;
    private boolean startReached;

    private int index;
    private double count;
    private double comp;
    private int arrayIndex;

    /** Walks {@code spans}/{@code counts} forward in their own schema. */
    SideIterator reset(Span[] spans, double[] counts, int schema, boolean positive, double[] customValues) {
        this.spanObjects = spans;
        this.spanOffsets = null;
        this.spanLengths = null;
        this.spanCount = spans.length;
        this.counts = counts;
        this.comps = null;
        this.bucketCount = counts.length;
        return configure(schema, positive, customValues);
    }

    /** Walks {@code side} forward in its own schema; {@link #comp()} reports its compensation terms if asked to. */
    SideIterator reset(BucketSide side, boolean withComps, int schema, boolean positive, double[] customValues) {
        this.spanObjects = null;
        this.spanOffsets = side.offsets;
        this.spanLengths = side.lengths;
        this.spanCount = side.spanCount;
        this.counts = side.values;
        this.comps = withComps ? side.comps : null;
        this.bucketCount = side.bucketCount;
        return configure(schema, positive, customValues);
    }

    private SideIterator configure(int schema, boolean positive, double[] customValues) {
        this.schema = schema;
        this.targetSchema = schema;
        this.positive = positive;
        this.customValues = positive ? customValues : NO_VALUES;
        this.startValue = 0;
        this.reverse = false;
        return rewind();
    }

    /**
     * Merges buckets into {@code targetSchema} (≤ the source schema, both exponential or both custom) and skips
     * leading buckets whose absolute upper bound is ≤ {@code absoluteStartValue}.
     */
    SideIterator merging(int targetSchema, double absoluteStartValue) {
        if (targetSchema > schema || (targetSchema == Histogram.CUSTOM_BUCKETS_SCHEMA) != (schema == Histogram.CUSTOM_BUCKETS_SCHEMA)) {
            throw new IllegalArgumentException("cannot merge from schema " + schema + " to " + targetSchema);
        }
        this.targetSchema = targetSchema;
        this.startValue = absoluteStartValue;
        return rewind();
    }

    /** Walks from the last stored bucket to the first instead (own schema only). */
    SideIterator reversed() {
        this.reverse = true;
        return rewind();
    }

    SideIterator rewind() {
        startReached = startValue == 0;
        if (reverse) {
            spanIndex = spanCount - 1;
            positionInSpan = spanCount > 0 ? spanLength(spanIndex) - 1 : -1;
            bucketIndex = bucketCount - 1;
            int end = 0;
            for (int s = 0; s < spanCount; s++) {
                end += spanOffset(s) + spanLength(s);
            }
            nextIndex = end - 1;
        } else {
            spanIndex = 0;
            positionInSpan = 0;
            bucketIndex = 0;
            nextIndex = spanCount > 0 ? spanOffset(0) : 0;
        }
        return this;
    }

    private int spanOffset(int s) {
        return spanObjects != null ? spanObjects[s].offset() : spanOffsets[s];
    }

    private int spanLength(int s) {
        return spanObjects != null ? spanObjects[s].length() : spanLengths[s];
    }

    boolean next() {
        if (reverse) {
            return nextReverse();
        }
        while (true) {
            if (!advanceToBucket()) {
                return false;
            }
            if (targetSchema == schema) {
                index = nextIndex;
                count = counts[bucketIndex];
                comp = comps == null ? 0 : comps[bucketIndex];
                arrayIndex = bucketIndex;
                consume();
            } else {
                index = BucketBounds.targetIndex(nextIndex, schema, targetSchema);
                arrayIndex = bucketIndex;
                double merged = 0;
                merged += counts[bucketIndex];
                consume();
                while (advanceToBucket() && BucketBounds.targetIndex(nextIndex, schema, targetSchema) == index) {
                    merged += counts[bucketIndex];
                    consume();
                }
                count = merged;
                comp = 0;
            }
            if (!startReached && HistogramValidation.isExponentialSchema(targetSchema)
                    && BucketBounds.exponentialUpperBound(index, targetSchema) <= startValue) {
                continue;
            }
            startReached = true;
            return true;
        }
    }

    /** Moves to the next stored bucket (over exhausted and empty spans); false at the end. */
    private boolean advanceToBucket() {
        if (bucketIndex >= bucketCount || spanIndex >= spanCount) {
            return false;
        }
        while (positionInSpan >= spanLength(spanIndex)) {
            spanIndex++;
            positionInSpan = 0;
            if (spanIndex >= spanCount) {
                return false;
            }
            nextIndex += spanOffset(spanIndex);
        }
        return true;
    }

    private void consume() {
        nextIndex++;
        positionInSpan++;
        bucketIndex++;
    }

    private boolean nextReverse() {
        if (bucketIndex < 0 || spanIndex < 0) {
            return false;
        }
        while (positionInSpan < 0) {
            nextIndex -= spanOffset(spanIndex);
            spanIndex--;
            if (spanIndex < 0) {
                return false;
            }
            positionInSpan = spanLength(spanIndex) - 1;
        }
        index = nextIndex;
        count = counts[bucketIndex];
        comp = comps == null ? 0 : comps[bucketIndex];
        arrayIndex = bucketIndex;
        nextIndex--;
        positionInSpan--;
        bucketIndex--;
        return true;
    }

    /** The bucket index (in the target schema when merging). */
    int index() {
        return index;
    }

    /** The bucket's count (the sum of the merged buckets when merging). */
    double count() {
        return count;
    }

    /** The bucket's compensation term; zero when merging or when the source has none. */
    double comp() {
        return comp;
    }

    /** Position of the (first merged) bucket in the source's count array. */
    int arrayIndex() {
        return arrayIndex;
    }

    double lower() {
        return positive
                ? BucketBounds.upperBound(index - 1, targetSchema, customValues)
                : -BucketBounds.upperBound(index, targetSchema, customValues);
    }

    double upper() {
        return positive
                ? BucketBounds.upperBound(index, targetSchema, customValues)
                : -BucketBounds.upperBound(index - 1, targetSchema, customValues);
    }

    boolean lowerInclusive() {
        return targetSchema == Histogram.CUSTOM_BUCKETS_SCHEMA ? index == 0 : lower() < 0;
    }

    boolean upperInclusive() {
        return targetSchema == Histogram.CUSTOM_BUCKETS_SCHEMA || upper() > 0;
    }
}
