package io.amphora.model.histogram;

import java.util.Arrays;

/**
 * Layout operations on one side of an integer histogram, whose counts are delta-encoded: counts are decoded to
 * absolute values (64-bit wrap-around arithmetic, like Prometheus's int64), rearranged like {@link BucketSide}
 * rearranges float counts, and encoded again.
 */
final class LongSide {
    private int[] offsets = new int[4];
    private int[] lengths = new int[4];
    private int spanCount;
    private long[] counts = new long[8];
    private int bucketCount;

    private void openSpan(int offset) {
        if (spanCount == offsets.length) {
            offsets = Arrays.copyOf(offsets, spanCount * 2);
            lengths = Arrays.copyOf(lengths, spanCount * 2);
        }
        offsets[spanCount] = offset;
        lengths[spanCount] = 0;
        spanCount++;
    }

    private void append(long count) {
        if (bucketCount == counts.length) {
            counts = Arrays.copyOf(counts, bucketCount * 2);
        }
        counts[bucketCount++] = count;
        lengths[spanCount - 1]++;
    }

    Span[] spans() {
        Span[] spans = new Span[spanCount];
        for (int i = 0; i < spanCount; i++) {
            spans[i] = new Span(offsets[i], lengths[i]);
        }
        return spans;
    }

    /** The counts delta-encoded again. */
    long[] deltas() {
        long[] deltas = new long[bucketCount];
        long previous = 0;
        for (int i = 0; i < bucketCount; i++) {
            deltas[i] = counts[i] - previous;
            previous = counts[i];
        }
        return deltas;
    }

    /** See {@link BucketSide#compactInto}; empty means an absolute count of zero. */
    static LongSide compact(Span[] spans, long[] deltas, int maxEmptyBuckets) {
        LongSide out = new LongSide();
        int bucket = 0;
        int position = 0;
        long current = 0;
        long lastKept = Long.MIN_VALUE;
        for (int s = 0; s < spans.length && bucket < deltas.length; s++) {
            position += spans[s].offset();
            for (int j = 0; j < spans[s].length() && bucket < deltas.length; j++, position++, bucket++) {
                current += deltas[bucket];
                if (current == 0) {
                    continue;
                }
                long gap = lastKept == Long.MIN_VALUE ? Long.MAX_VALUE : position - lastKept - 1;
                if (gap <= maxEmptyBuckets) {
                    for (long k = 0; k < gap; k++) {
                        out.append(0);
                    }
                } else {
                    out.openSpan(lastKept == Long.MIN_VALUE ? position : (int) gap);
                }
                out.append(current);
                lastKept = position;
            }
        }
        return out;
    }

    /** See {@link BucketSide#reduceInto}: merged absolute counts are summed. */
    static LongSide reduce(Span[] spans, long[] deltas, int originSchema, int targetSchema) {
        LongSide out = new LongSide();
        int index = 0;
        int bucket = 0;
        long current = 0;
        int lastTarget = 0;
        for (int s = 0; s < spans.length; s++) {
            if (s > 0 && spans[s].offset() < 0) {
                throw new HistogramException(HistogramError.SPAN_NEGATIVE_OFFSET, "span number " + (s + 1)
                        + " with offset " + spans[s].offset() + ": " + HistogramError.SPAN_NEGATIVE_OFFSET.text());
            }
            index += spans[s].offset();
            for (int j = 0; j < spans[s].length(); j++, index++, bucket++) {
                if (bucket >= deltas.length) {
                    throw new HistogramException(HistogramError.SPANS_BUCKETS_MISMATCH, "have " + deltas.length
                            + " buckets but spans need more: " + HistogramError.SPANS_BUCKETS_MISMATCH.text());
                }
                current += deltas[bucket];
                int target = BucketBounds.targetIndex(index, originSchema, targetSchema);
                if (out.spanCount == 0) {
                    out.openSpan(target);
                } else if (target == lastTarget) {
                    out.counts[out.bucketCount - 1] += current;
                    continue;
                } else if (target != lastTarget + 1) {
                    out.openSpan(target - lastTarget - 1);
                }
                out.append(current);
                lastTarget = target;
            }
        }
        if (bucket != deltas.length) {
            throw new HistogramException(HistogramError.SPANS_BUCKETS_MISMATCH, "spans need " + bucket
                    + " buckets, have " + deltas.length + " buckets: " + HistogramError.SPANS_BUCKETS_MISMATCH.text());
        }
        return out;
    }
}
