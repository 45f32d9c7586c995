package io.amphora.promql.promqltest;

import io.amphora.promql.promqltest.HistogramDescription.CounterResetHint;
import io.amphora.promql.promqltest.SequenceValue.HistogramValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code {{a}}+{{b}}xN} and {@code {{a}}-{{b}}xN} expansions: {@code a, a±b, a±2b, …}, each value obtained from
 * the previous one by one float-histogram addition (or subtraction) with the semantics of Prometheus's
 * {@code FloatHistogram.Add}/{@code Sub}: the increment is brought down to the accumulated value's schema, zero
 * buckets of different widths are widened to a common threshold, increment buckets inside the zero bucket are
 * dropped, custom bucket layouts with different bounds are reduced to the bounds both share, and the counter-reset
 * hint is combined as Prometheus combines it. Counts are added one step at a time (never multiplied), so the floats
 * are exactly those Prometheus computes.
 *
 * <p>Bucket bounds of exponential schemas above 0 come from {@link Math#pow}, which may differ from Prometheus's
 * precomputed table in the last bit; that only matters for a zero threshold lying exactly on such a bound.
 */
final class HistogramExpansion {
    private HistogramExpansion() {}

    /**
     * @param times the {@code N} of {@code xN}; the result has {@code N + 1} values
     * @param incrementHintGiven whether {@code increment}'s notation names a counter-reset hint; it becomes the
     *     {@link HistogramValue#counterResetHintGiven()} of every value, as upstream
     * @throws IllegalArgumentException when the histograms cannot be combined, with Prometheus's reason
     */
    static List<SequenceValue> expand(HistogramDescription base, HistogramDescription increment,
                                      boolean incrementHintGiven, int times, boolean subtract) {
        List<SequenceValue> values = new ArrayList<>(times + 1);
        values.add(new HistogramValue(base, incrementHintGiven));
        HistogramDescription current = base;
        for (int i = 1; i <= times; i++) {
            if (current.schema() > increment.schema()) {
                throw new IllegalArgumentException("error combining histograms: cannot merge from schema "
                        + increment.schema() + " to " + current.schema());
            }
            current = combine(current, increment, subtract);
            values.add(new HistogramValue(current, incrementHintGiven));
        }
        return values;
    }

    /** {@code current ± other}, as {@code current.Copy().Add(other)} (or {@code Sub}) computes it. */
    static HistogramDescription combine(HistogramDescription current, HistogramDescription other, boolean subtract) {
        Working h = Working.copyOf(current);
        if (h.usesCustomBuckets() != other.usesCustomBuckets()) {
            throw new IllegalArgumentException(
                    "cannot apply this operation on histograms with a mix of exponential and custom bucket schemas");
        }
        h.hint = combinedHint(h.hint, other.counterResetHint());
        if (!h.usesCustomBuckets()) {
            double otherZeroCount = reconcileZeroBuckets(h, other);
            h.zeroCount = subtract ? h.zeroCount - otherZeroCount : h.zeroCount + otherZeroCount;
        }
        h.count = subtract ? h.count - other.count() : h.count + other.count();
        h.sum = subtract ? h.sum - other.sum() : h.sum + other.sum();

        Buckets otherPositive = Buckets.of(other.offset(), other.buckets());
        if (h.usesCustomBuckets()) {
            List<Double> bounds = other.customValues();
            if (h.customValues.equals(bounds)) {
                h.positive = addBuckets(h.positive, otherPositive, subtract, h.schema, 0);
            } else {
                List<Double> shared = intersect(h.customValues, bounds);
                h.positive = addMismatchedCustomBuckets(h.positive, h.customValues, otherPositive, bounds, shared,
                        subtract);
                h.customValues = shared;
            }
            return h.toDescription();
        }
        Buckets otherNegative = Buckets.of(other.negativeOffset(), other.negativeBuckets());
        if (other.schema() < h.schema) {
            h.positive = reduceResolution(h.positive, h.schema, other.schema());
            h.negative = reduceResolution(h.negative, h.schema, other.schema());
            h.schema = other.schema();
        } else if (other.schema() > h.schema) {
            otherPositive = reduceResolution(otherPositive, other.schema(), h.schema);
            otherNegative = reduceResolution(otherNegative, other.schema(), h.schema);
        }
        h.positive = addBuckets(h.positive, otherPositive, subtract, h.schema, h.zeroThreshold);
        h.negative = addBuckets(h.negative, otherNegative, subtract, h.schema, h.zeroThreshold);
        return h.toDescription();
    }

    /** Prometheus's {@code adjustCounterReset}: gauge wins, then unknown; a reset/not-reset collision is unknown. */
    static CounterResetHint combinedHint(CounterResetHint mine, CounterResetHint other) {
        if (mine == other) {
            return mine;
        }
        if (mine == CounterResetHint.GAUGE || other == CounterResetHint.GAUGE) {
            return CounterResetHint.GAUGE;
        }
        return CounterResetHint.UNKNOWN;
    }

    /**
     * Adds {@code b} (negated when {@code subtract}) into {@code a}. For exponential schemas, {@code b}'s leading
     * buckets whose upper bound is at most {@code threshold} lie inside the zero bucket and are skipped.
     */
    private static Buckets addBuckets(Buckets a, Buckets b, boolean subtract, int schema, double threshold) {
        int skip = 0;
        if (schema >= -4 && schema <= 8) {
            while (skip < b.counts.length && upperBound(b.offset + skip, schema) <= threshold) {
                skip++;
            }
        }
        if (skip == b.counts.length) {
            return a;
        }
        int bStart = b.offset + skip;
        int bEnd = b.offset + b.counts.length;
        int start = a.isEmpty() ? bStart : Math.min(a.offset, bStart);
        int end = a.isEmpty() ? bEnd : Math.max(a.offset + a.counts.length, bEnd);
        double[] sum = new double[end - start];
        if (!a.isEmpty()) {
            System.arraycopy(a.counts, 0, sum, a.offset - start, a.counts.length);
        }
        for (int index = bStart; index < bEnd; index++) {
            double value = b.counts[index - b.offset];
            sum[index - start] += subtract ? -value : value;
        }
        return new Buckets(start, sum);
    }

    /** Merges buckets into the lower-resolution {@code targetSchema}: index {@code i} goes to {@code ((i-1) >> Δ) + 1}. */
    private static Buckets reduceResolution(Buckets buckets, int originSchema, int targetSchema) {
        if (buckets.isEmpty()) {
            return buckets;
        }
        int delta = originSchema - targetSchema;
        int first = targetIndex(buckets.offset, delta);
        int last = targetIndex(buckets.offset + buckets.counts.length - 1, delta);
        double[] target = new double[last - first + 1];
        for (int i = 0; i < buckets.counts.length; i++) {
            target[targetIndex(buckets.offset + i, delta) - first] += buckets.counts[i];
        }
        return new Buckets(first, target);
    }

    private static int targetIndex(int index, int delta) {
        return ((index - 1) >> delta) + 1;
    }

    /**
     * Prometheus's {@code reconcileZeroBuckets}: widens the narrower zero bucket (absorbing the buckets it now
     * covers, and widening further when the new threshold falls inside a populated bucket) until both histograms
     * share one threshold. Changes {@code h}; returns {@code other}'s zero count at that threshold.
     */
    private static double reconcileZeroBuckets(Working h, HistogramDescription other) {
        if (Double.isNaN(h.zeroThreshold) || Double.isNaN(other.zeroBucketWidth())) {
            throw new IllegalArgumentException("cannot reconcile a zero bucket width of NaN");
        }
        Working o = Working.copyOf(other);
        double otherZeroCount = other.zeroBucket();
        double otherThreshold = other.zeroBucketWidth();
        while (otherThreshold != h.zeroThreshold) {
            if (h.zeroThreshold > otherThreshold) {
                double[] widened = o.zeroCountForLargerThreshold(h.zeroThreshold);
                otherZeroCount = widened[0];
                otherThreshold = widened[1];
            }
            if (otherThreshold > h.zeroThreshold) {
                double[] widened = h.zeroCountForLargerThreshold(otherThreshold);
                h.zeroCount = widened[0];
                h.zeroThreshold = widened[1];
                h.trimBucketsInZeroBucket();
            }
        }
        return otherZeroCount;
    }

    private static List<Double> intersect(List<Double> a, List<Double> b) {
        List<Double> shared = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            double x = a.get(i);
            double y = b.get(j);
            if (x == y) {
                shared.add(x);
                i++;
                j++;
            } else if (x < y) {
                i++;
            } else {
                j++;
            }
        }
        return shared;
    }

    /**
     * Both layouts mapped onto the shared bounds: a bucket goes to the first shared bound at or above its own upper
     * bound (the {@code +Inf} bucket when there is none). Empty buckets at either end are left out.
     */
    private static Buckets addMismatchedCustomBuckets(Buckets a, List<Double> boundsA, Buckets b,
                                                      List<Double> boundsB, List<Double> shared, boolean subtract) {
        double[] target = new double[shared.size() + 1];
        mapOnto(target, a, boundsA, shared, false);
        mapOnto(target, b, boundsB, shared, subtract);
        int start = 0;
        while (start < target.length && target[start] == 0) {
            start++;
        }
        int end = target.length;
        while (end > start && target[end - 1] == 0) {
            end--;
        }
        return new Buckets(start, Arrays.copyOfRange(target, start, end));
    }

    private static void mapOnto(double[] target, Buckets buckets, List<Double> bounds, List<Double> shared,
                                boolean subtract) {
        int sharedIndex = 0;
        for (int i = 0; i < buckets.counts.length; i++) {
            int index = buckets.offset + i;
            int targetIndex = target.length - 1;
            if (index >= 0 && index < bounds.size()) {
                double bound = bounds.get(index);
                while (sharedIndex < shared.size()) {
                    if (shared.get(sharedIndex) >= bound) {
                        targetIndex = sharedIndex;
                        break;
                    }
                    sharedIndex++;
                }
            }
            target[targetIndex] += subtract ? -buckets.counts[i] : buckets.counts[i];
        }
    }

    /**
     * The upper bound of exponential bucket {@code index}: {@code 2^(index·2^-schema)}. The last finite bucket ends at
     * {@link Double#MAX_VALUE} rather than infinity, so that only infinite observations land in the bucket after it.
     */
    static double upperBound(int index, int schema) {
        if (schema < 0) {
            long exponent = (long) index << -schema;
            if (exponent == 1024) {
                return Double.MAX_VALUE;
            }
            return Math.scalb(1.0, (int) Math.max(-4000, Math.min(4000, exponent)));
        }
        int fraction = index & ((1 << schema) - 1);
        double mantissa = fraction == 0 ? 0.5 : 0.5 * Math.pow(2, (double) fraction / (1 << schema));
        int exponent = (index >> schema) + 1;
        if (fraction == 0 && exponent == 1025) {
            return Double.MAX_VALUE;
        }
        return Math.scalb(mantissa, exponent);
    }

    /** One side's buckets: {@code counts[i]} is bucket {@code offset + i}. */
    private record Buckets(int offset, double[] counts) {
        static final Buckets EMPTY = new Buckets(0, new double[0]);

        static Buckets of(int offset, List<Double> counts) {
            if (counts.isEmpty()) {
                return EMPTY;
            }
            double[] array = new double[counts.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = counts.get(i);
            }
            return new Buckets(offset, array);
        }

        boolean isEmpty() {
            return counts.length == 0;
        }

        List<Double> asList() {
            List<Double> list = new ArrayList<>(counts.length);
            for (double count : counts) {
                list.add(count);
            }
            return list;
        }

        /** Without leading and trailing empty buckets (Prometheus compacts away all empty buckets here). */
        Buckets trimmed() {
            int start = 0;
            while (start < counts.length && counts[start] == 0) {
                start++;
            }
            int end = counts.length;
            while (end > start && counts[end - 1] == 0) {
                end--;
            }
            return start == end ? EMPTY : new Buckets(offset + start, Arrays.copyOfRange(counts, start, end));
        }
    }

    /** A histogram being combined; {@link #copyOf} keeps what Prometheus's {@code Copy} keeps for the schema. */
    private static final class Working {
        int schema;
        double sum;
        double count;
        double zeroCount;
        double zeroThreshold;
        Buckets positive;
        Buckets negative;
        CounterResetHint hint;
        List<Double> customValues;

        static Working copyOf(HistogramDescription h) {
            Working w = new Working();
            w.schema = h.schema();
            w.sum = h.sum();
            w.count = h.count();
            w.hint = h.counterResetHint();
            w.positive = Buckets.of(h.offset(), h.buckets());
            if (h.usesCustomBuckets()) {
                w.customValues = h.customValues();
                w.negative = Buckets.EMPTY;
            } else {
                w.customValues = List.of();
                w.zeroCount = h.zeroBucket();
                w.zeroThreshold = h.zeroBucketWidth();
                w.negative = Buckets.of(h.negativeOffset(), h.negativeBuckets());
            }
            return w;
        }

        boolean usesCustomBuckets() {
            return schema == HistogramDescription.CUSTOM_BUCKETS_SCHEMA;
        }

        /**
         * The zero count after widening the zero bucket to {@code threshold}, and the threshold actually reached:
         * when it falls inside a populated bucket, it moves up to that bucket's upper bound (absolute values).
         */
        double[] zeroCountForLargerThreshold(double threshold) {
            if (threshold == zeroThreshold) {
                return new double[] {zeroCount, threshold};
            }
            outer:
            while (true) {
                double count = zeroCount;
                for (int i = 0; i < positive.counts.length; i++) {
                    int index = positive.offset + i;
                    if (upperBound(index - 1, schema) >= threshold) {
                        break;
                    }
                    count += positive.counts[i];
                    double upper = upperBound(index, schema);
                    if (upper > threshold) {
                        if (positive.counts[i] != 0) {
                            threshold = upper;
                        }
                        break;
                    }
                }
                for (int i = 0; i < negative.counts.length; i++) {
                    int index = negative.offset + i;
                    if (upperBound(index - 1, schema) >= threshold) {
                        break;
                    }
                    count += negative.counts[i];
                    double upper = upperBound(index, schema);
                    if (upper > threshold) {
                        if (negative.counts[i] != 0) {
                            threshold = upper;
                            continue outer;
                        }
                        break;
                    }
                }
                return new double[] {count, threshold};
            }
        }

        /** Empties the buckets now inside the zero bucket (their counts are already in the zero count). */
        void trimBucketsInZeroBucket() {
            positive = clearBelow(positive);
            negative = clearBelow(negative);
        }

        private Buckets clearBelow(Buckets buckets) {
            double[] counts = buckets.counts.clone();
            for (int i = 0; i < counts.length; i++) {
                if (upperBound(buckets.offset + i - 1, schema) >= zeroThreshold) {
                    break;
                }
                counts[i] = 0;
            }
            return new Buckets(buckets.offset, counts).trimmed();
        }

        HistogramDescription toDescription() {
            return new HistogramDescription(schema, sum, count, zeroCount, zeroThreshold, positive.asList(),
                    positive.isEmpty() ? 0 : positive.offset, negative.asList(),
                    negative.isEmpty() ? 0 : negative.offset, hint, customValues);
        }
    }
}
