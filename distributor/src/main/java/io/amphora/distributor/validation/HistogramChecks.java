package io.amphora.distributor.validation;

import io.amphora.distributor.remotewrite.BucketSpan;
import io.amphora.distributor.remotewrite.NativeHistogram;

import java.util.List;

/**
 * Structural checks of a native histogram, the rules Prometheus's TSDB enforces before it appends one: spans and
 * buckets agree, no bucket count is negative, an integer histogram's count equals its buckets plus zero bucket
 * (or is at least that when the sum is NaN), custom-bucket histograms have valid bounds and no exponential-only
 * parts. Amphora additionally refuses a histogram that mixes integer and float members, which Prometheus would
 * silently half-ignore.
 */
final class HistogramChecks {
    private HistogramChecks() {}

    static boolean hasValidSchema(NativeHistogram h) {
        return h.schema() == NativeHistogram.CUSTOM_BUCKETS_SCHEMA
                || (h.schema() >= NativeHistogram.MIN_EXPONENTIAL_SCHEMA
                        && h.schema() <= NativeHistogram.MAX_EXPONENTIAL_SCHEMA);
    }

    /** What is wrong with a histogram whose schema is valid, or null when nothing is. */
    static String problem(NativeHistogram h) {
        String mixture = mixedKindProblem(h);
        if (mixture != null) {
            return mixture;
        }
        int negativeBuckets = h.floatHistogram() ? h.negativeCounts().length : h.negativeDeltas().length;
        int positiveBuckets = h.floatHistogram() ? h.positiveCounts().length : h.positiveDeltas().length;
        if (h.schema() == NativeHistogram.CUSTOM_BUCKETS_SCHEMA) {
            String bounds = customBoundsProblem(h.customValues(), h.positiveSpans(), positiveBuckets);
            if (bounds != null) {
                return "custom buckets: " + bounds;
            }
            if (h.floatHistogram() ? h.zeroCountFloat() != 0 : h.zeroCountInt() != 0) {
                return "custom buckets: the zero bucket count must be 0";
            }
            if (h.zeroThreshold() != 0) {
                return "custom buckets: the zero threshold must be 0";
            }
            if (!h.negativeSpans().isEmpty()) {
                return "custom buckets: negative spans are not allowed";
            }
            if (negativeBuckets > 0) {
                return "custom buckets: negative buckets are not allowed";
            }
        } else {
            String spans = spansProblem(h.positiveSpans(), positiveBuckets);
            if (spans != null) {
                return "positive side: " + spans;
            }
            spans = spansProblem(h.negativeSpans(), negativeBuckets);
            if (spans != null) {
                return "negative side: " + spans;
            }
            if (h.customValues().length > 0) {
                return "a histogram with an exponential schema must not have custom bounds";
            }
        }
        return h.floatHistogram() ? floatCountsProblem(h) : integerCountsProblem(h);
    }

    private static String mixedKindProblem(NativeHistogram h) {
        if (h.floatHistogram()) {
            if (h.negativeDeltas().length > 0 || h.positiveDeltas().length > 0) {
                return "a float histogram (count_float set) must carry bucket counts, not integer deltas";
            }
            if (h.zeroCountInt() != 0) {
                return "a float histogram (count_float set) must not carry an integer zero count";
            }
        } else {
            if (h.negativeCounts().length > 0 || h.positiveCounts().length > 0) {
                return "an integer histogram must carry bucket deltas, not float counts";
            }
            if (h.zeroCountFloat() != 0) {
                return "an integer histogram must not carry a float zero count";
            }
        }
        return null;
    }

    private static String spansProblem(List<BucketSpan> spans, int bucketCount) {
        long spanBuckets = 0;
        for (int i = 0; i < spans.size(); i++) {
            BucketSpan span = spans.get(i);
            if (i > 0 && span.offset() < 0) {
                return "span number " + (i + 1) + " has a negative offset " + span.offset();
            }
            spanBuckets += span.length();
        }
        if (spanBuckets != bucketCount) {
            return "spans need " + spanBuckets + " buckets, but " + bucketCount + " are given";
        }
        return null;
    }

    private static String customBoundsProblem(double[] bounds, List<BucketSpan> spans, int bucketCount) {
        for (int i = 0; i < bounds.length; i++) {
            if (Double.isNaN(bounds[i])) {
                return "bound number " + (i + 1) + " is NaN";
            }
            if (i > 0 && !(bounds[i] > bounds[i - 1])) {
                return "bounds must be strictly increasing, but " + bounds[i] + " follows " + bounds[i - 1];
            }
        }
        if (bounds.length > 0 && bounds[bounds.length - 1] == Double.POSITIVE_INFINITY) {
            return "the +Inf bound is implied and must not be sent";
        }
        long spanBuckets = 0;
        long extent = 0;
        for (int i = 0; i < spans.size(); i++) {
            BucketSpan span = spans.get(i);
            if (span.offset() < 0) {
                return "span number " + (i + 1) + " has a negative offset " + span.offset();
            }
            spanBuckets += span.length();
            extent += span.offset() + span.length();
        }
        if (spanBuckets != bucketCount) {
            return "spans need " + spanBuckets + " buckets, but " + bucketCount + " are given";
        }
        if (bounds.length + 1L < extent) {
            return bounds.length + " bounds cannot cover spans that reach bucket " + extent;
        }
        return null;
    }

    private static String floatCountsProblem(NativeHistogram h) {
        String negative = negativeFloatBucket(h.negativeCounts());
        if (negative != null) {
            return "negative side: " + negative;
        }
        if (h.zeroCountFloat() < 0) {
            return "the zero bucket has a negative observation count " + h.zeroCountFloat();
        }
        if (h.countFloat() < 0) {
            return "the observation count " + h.countFloat() + " is negative";
        }
        String positive = negativeFloatBucket(h.positiveCounts());
        return positive == null ? null : "positive side: " + positive;
    }

    private static String negativeFloatBucket(double[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                return "bucket number " + (i + 1) + " has a negative observation count " + counts[i];
            }
        }
        return null;
    }

    private static String integerCountsProblem(NativeHistogram h) {
        // Bucket counts are non-negative longs; their total is kept as an unsigned 64-bit value, like the count.
        long total = h.zeroCountInt();
        long[][] sides = {h.negativeDeltas(), h.positiveDeltas()};
        String[] sideNames = {"negative side: ", "positive side: "};
        for (int side = 0; side < 2; side++) {
            long[] deltas = sides[side];
            long count = 0;
            for (int i = 0; i < deltas.length; i++) {
                long next = count + deltas[i];
                if (((count ^ next) & (deltas[i] ^ next)) < 0) { // signed overflow of count + delta
                    return sideNames[side] + "the count of bucket number " + (i + 1) + " overflows 64 bits";
                }
                count = next;
                if (count < 0) {
                    return sideNames[side] + "bucket number " + (i + 1) + " has a negative observation count "
                            + count;
                }
                long sum = total + count;
                if (Long.compareUnsigned(sum, total) < 0) {
                    return "the bucket counts add up to more than 2^64-1";
                }
                total = sum;
            }
        }
        int cmp = Long.compareUnsigned(total, h.countInt());
        if (Double.isNaN(h.sum()) ? cmp > 0 : cmp != 0) {
            return Long.toUnsignedString(total) + " observations found in buckets, but the count field is "
                    + Long.toUnsignedString(h.countInt()) + (Double.isNaN(h.sum())
                            ? " (it must be at least the bucket total)"
                            : " (it must equal the bucket total when the sum is not NaN)");
        }
        return null;
    }
}
