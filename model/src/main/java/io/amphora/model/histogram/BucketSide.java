package io.amphora.model.histogram;

import java.util.Arrays;

/**
 * One side (positive or negative) of a float histogram under construction: spans as parallel offset/length arrays
 * and absolute bucket counts, plus a parallel array of Kahan compensation terms that only the compensated code
 * paths read or write. Mutable, growable and reusable so that accumulators allocate nothing once warm; not
 * thread-safe.
 *
 * <p>Layout operations reproduce Prometheus's resulting span layouts exactly: the layout is part of a histogram's
 * identity for sample statistics and chunk encoding, not only its distribution.
 */
final class BucketSide {
    private static final int[] NO_INTS = new int[0];
    private static final double[] NO_DOUBLES = new double[0];

    int[] offsets = NO_INTS;
    int[] lengths = NO_INTS;
    int spanCount;
    double[] values = NO_DOUBLES;
    double[] comps = NO_DOUBLES;
    int bucketCount;

    void clear() {
        spanCount = 0;
        bucketCount = 0;
    }

    void ensureSpans(int n) {
        if (offsets.length < n) {
            int capacity = Math.max(n, offsets.length * 2);
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
    }

    void ensureBuckets(int n) {
        if (values.length < n) {
            int capacity = Math.max(n, values.length * 2);
            values = Arrays.copyOf(values, capacity);
            comps = Arrays.copyOf(comps, capacity);
        }
    }

    /** Copies a layout and its counts; compensation terms become zero. */
    void load(Span[] spans, double[] counts) {
        ensureSpans(spans.length);
        for (int i = 0; i < spans.length; i++) {
            offsets[i] = spans[i].offset();
            lengths[i] = spans[i].length();
        }
        spanCount = spans.length;
        ensureBuckets(counts.length);
        System.arraycopy(counts, 0, values, 0, counts.length);
        Arrays.fill(comps, 0, counts.length, 0.0);
        bucketCount = counts.length;
    }

    void copyFrom(BucketSide other) {
        ensureSpans(other.spanCount);
        System.arraycopy(other.offsets, 0, offsets, 0, other.spanCount);
        System.arraycopy(other.lengths, 0, lengths, 0, other.spanCount);
        spanCount = other.spanCount;
        ensureBuckets(other.bucketCount);
        System.arraycopy(other.values, 0, values, 0, other.bucketCount);
        System.arraycopy(other.comps, 0, comps, 0, other.bucketCount);
        bucketCount = other.bucketCount;
    }

    void zeroCompensation() {
        Arrays.fill(comps, 0, bucketCount, 0.0);
    }

    /** Exchanges all contents with {@code other} (both keep their arrays for reuse). */
    void swap(BucketSide other) {
        int[] o = offsets;
        offsets = other.offsets;
        other.offsets = o;
        int[] l = lengths;
        lengths = other.lengths;
        other.lengths = l;
        int s = spanCount;
        spanCount = other.spanCount;
        other.spanCount = s;
        double[] v = values;
        values = other.values;
        other.values = v;
        double[] c = comps;
        comps = other.comps;
        other.comps = c;
        int b = bucketCount;
        bucketCount = other.bucketCount;
        other.bucketCount = b;
    }

    /** Starts a new, still empty span {@code offset} indexes after the end of the previous one. */
    void openSpan(int offset) {
        ensureSpans(spanCount + 1);
        offsets[spanCount] = offset;
        lengths[spanCount] = 0;
        spanCount++;
    }

    /** Appends a bucket to the last span. */
    void append(double value, double comp) {
        ensureBuckets(bucketCount + 1);
        values[bucketCount] = value;
        comps[bucketCount] = comp;
        bucketCount++;
        lengths[spanCount - 1]++;
    }

    Span[] spans() {
        Span[] spans = new Span[spanCount];
        for (int i = 0; i < spanCount; i++) {
            spans[i] = new Span(offsets[i], lengths[i]);
        }
        return spans;
    }

    double[] valuesCopy() {
        return Arrays.copyOf(values, bucketCount);
    }

    double[] compsCopy() {
        return Arrays.copyOf(comps, bucketCount);
    }

    /**
     * Writes into {@code out} this side with empty buckets removed: buckets are kept in maximal groups whose
     * neighbouring populated buckets are at most {@code maxEmptyBuckets} indexes apart, so each group becomes one
     * span (Prometheus's {@code Compact}). A bucket is empty when its count is zero and, if {@code withComps}, its
     * compensation term is zero too. Empty buckets kept inside a group keep their stored values where they were
     * stored inside one span, and are zero where the group bridges a gap between spans.
     */
    void compactInto(BucketSide out, int maxEmptyBuckets, boolean withComps) {
        out.clear();
        int bucket = 0;
        int position = 0;
        long lastKept = Long.MIN_VALUE;
        int lastKeptSpan = -1;
        int lastKeptBucket = -1;
        int logicalSpan = 0;
        for (int s = 0; s < spanCount && bucket < bucketCount; s++) {
            if (s > 0 && offsets[s] != 0) {
                logicalSpan++;
            }
            position += offsets[s];
            for (int j = 0; j < lengths[s] && bucket < bucketCount; j++, position++, bucket++) {
                if (values[bucket] == 0 && (!withComps || comps[bucket] == 0)) {
                    continue;
                }
                long gap = lastKept == Long.MIN_VALUE ? Long.MAX_VALUE : position - lastKept - 1;
                if (gap <= maxEmptyBuckets) {
                    if (lastKeptSpan == logicalSpan) {
                        for (int k = lastKeptBucket + 1; k < bucket; k++) {
                            out.append(values[k], comps[k]);
                        }
                    } else {
                        for (long k = 0; k < gap; k++) {
                            out.append(0, 0);
                        }
                    }
                } else {
                    out.openSpan(lastKept == Long.MIN_VALUE ? position : (int) gap);
                }
                out.append(values[bucket], comps[bucket]);
                lastKept = position;
                lastKeptSpan = logicalSpan;
                lastKeptBucket = bucket;
            }
        }
    }

    /**
     * Writes into {@code out} this side merged into the lower resolution {@code targetSchema}: every bucket goes to
     * the target bucket containing it, target buckets are contiguous runs of spans (Prometheus's
     * {@code reduceResolution}). With {@code kahan}, merged counts are added with compensation (value, then the
     * source's compensation term), otherwise plainly.
     *
     * @throws HistogramException if a span after the first has a negative offset or spans and buckets disagree
     */
    void reduceInto(BucketSide out, int originSchema, int targetSchema, boolean kahan) {
        out.clear();
        int index = 0;
        int bucket = 0;
        int lastTarget = 0;
        for (int s = 0; s < spanCount; s++) {
            if (s > 0 && offsets[s] < 0) {
                throw new HistogramException(HistogramError.SPAN_NEGATIVE_OFFSET, "span number " + (s + 1)
                        + " with offset " + offsets[s] + ": " + HistogramError.SPAN_NEGATIVE_OFFSET.text());
            }
            index += offsets[s];
            for (int j = 0; j < lengths[s]; j++, index++, bucket++) {
                if (bucket >= bucketCount) {
                    throw new HistogramException(HistogramError.SPANS_BUCKETS_MISMATCH, "have " + bucketCount
                            + " buckets but spans need more: " + HistogramError.SPANS_BUCKETS_MISMATCH.text());
                }
                int target = BucketBounds.targetIndex(index, originSchema, targetSchema);
                double value = values[bucket];
                double comp = comps[bucket];
                if (out.spanCount == 0) {
                    out.openSpan(target);
                } else if (target == lastTarget) {
                    int last = out.bucketCount - 1;
                    if (kahan) {
                        double v = out.values[last];
                        double c = Kahan.compensation(value, v, out.comps[last]);
                        v = Kahan.sum(value, v);
                        out.comps[last] = Kahan.compensation(comp, v, c);
                        out.values[last] = Kahan.sum(comp, v);
                    } else {
                        out.values[last] += value;
                    }
                    continue;
                } else if (target != lastTarget + 1) {
                    out.openSpan(target - lastTarget - 1);
                }
                out.append(value, comp);
                lastTarget = target;
            }
        }
        if (bucket != bucketCount) {
            throw new HistogramException(HistogramError.SPANS_BUCKETS_MISMATCH, "spans need " + bucket
                    + " buckets, have " + bucketCount + " buckets: " + HistogramError.SPANS_BUCKETS_MISMATCH.text());
        }
    }
}
