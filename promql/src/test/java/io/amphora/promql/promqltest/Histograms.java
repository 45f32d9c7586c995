package io.amphora.promql.promqltest;

import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.HistogramComparison;
import io.amphora.model.histogram.Span;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Native histograms between the test notation and the model: building a {@link FloatHistogram} from a
 * {@link HistogramDescription}, comparing an expected histogram with a result as the harness does (with the
 * model's compaction and {@link HistogramComparison}), and writing one back in the notation for failure messages.
 */
final class Histograms {
    private Histograms() {}

    /** The float histogram the notation describes: each side's dense buckets become one span. */
    static FloatHistogram fromDescription(HistogramDescription description) {
        requireNonNull(description, "description is null");
        return new FloatHistogram(
                hint(description.counterResetHint()),
                description.schema(),
                description.zeroBucketWidth(),
                description.zeroBucket(),
                description.count(),
                description.sum(),
                spans(description.offset(), description.buckets().size()),
                toArray(description.buckets()),
                spans(description.negativeOffset(), description.negativeBuckets().size()),
                toArray(description.negativeBuckets()),
                toArray(description.customValues()));
    }

    /** The notation's spelling of a result histogram, its buckets written densely from the first to the last one. */
    static HistogramDescription toDescription(FloatHistogram histogram) {
        Side positive = Side.of(histogram.positiveSpans(), histogram.positiveBuckets());
        Side negative = Side.of(histogram.negativeSpans(), histogram.negativeBuckets());
        List<Double> customValues = new ArrayList<>(histogram.customValueCount());
        for (double bound : histogram.customValues()) {
            customValues.add(bound);
        }
        return new HistogramDescription(histogram.schema(), histogram.sum(), histogram.count(),
                histogram.zeroCount(), histogram.zeroThreshold(), positive.dense(), positive.firstIndex(),
                negative.dense(), negative.firstIndex(), hint(histogram.counterResetHint()), customValues);
    }

    /** {@code {{schema:… count:… buckets:[…]}}}; a malformed layout is written field by field instead. */
    static String notation(FloatHistogram histogram) {
        try {
            return toDescription(histogram).toString();
        } catch (IllegalArgumentException malformed) {
            return histogram.toString();
        }
    }

    /**
     * Why {@code actual} does not match {@code expected} under the harness's rules, or empty when it does. The
     * verdict is {@link HistogramComparison#almostEqual(FloatHistogram, FloatHistogram, double, boolean)}: both
     * compacted, then schema, count, sum, zero count and every bucket count within {@link Tolerance}, the zero
     * threshold, the bucket layout and (for custom buckets) the bounds exactly, and the counter-reset hint only when
     * {@code compareHint}, i.e. when the expected notation names one. The reason names the first field that differs.
     */
    static Optional<String> mismatch(FloatHistogram expected, FloatHistogram actual, boolean compareHint) {
        requireNonNull(expected, "expected is null");
        requireNonNull(actual, "actual is null");
        FloatHistogram e;
        FloatHistogram a;
        boolean matches;
        try {
            e = expected.compact(0);
            a = actual.compact(0);
            matches = HistogramComparison.almostEqual(expected, actual, Tolerance.EPSILON, compareHint);
        } catch (RuntimeException malformed) {
            return Optional.of("the histograms cannot be compared, one is malformed: " + malformed);
        }
        if (matches) {
            return Optional.empty();
        }
        try {
            return Optional.of(difference(e, a, compareHint));
        } catch (RuntimeException malformed) {
            return Optional.of("they differ (and one is malformed: " + malformed + ")");
        }
    }

    /** The first field in which the compacted {@code e} and {@code a} differ. */
    private static String difference(FloatHistogram e, FloatHistogram a, boolean compareHint) {
        if (e.schema() != a.schema()) {
            return "schema " + a.schema() + " instead of " + e.schema();
        }
        if (!Tolerance.almostEqual(e.count(), a.count())) {
            return differs("count", e.count(), a.count());
        }
        if (!Tolerance.almostEqual(e.sum(), a.sum())) {
            return differs("sum", e.sum(), a.sum());
        }
        if (e.usesCustomBuckets() && !Arrays.equals(e.customValues(), a.customValues())) {
            return "custom bucket bounds " + Arrays.toString(a.customValues()) + " instead of "
                    + Arrays.toString(e.customValues());
        }
        if (e.zeroThreshold() != a.zeroThreshold()) {
            return differs("zero threshold", e.zeroThreshold(), a.zeroThreshold());
        }
        if (!Tolerance.almostEqual(e.zeroCount(), a.zeroCount())) {
            return differs("zero bucket count", e.zeroCount(), a.zeroCount());
        }
        Optional<String> negative = bucketMismatch("negative", e.negativeSpans(), e.negativeBuckets(),
                a.negativeSpans(), a.negativeBuckets());
        if (negative.isPresent()) {
            return negative.get();
        }
        Optional<String> positive = bucketMismatch("positive", e.positiveSpans(), e.positiveBuckets(),
                a.positiveSpans(), a.positiveBuckets());
        if (positive.isPresent()) {
            return positive.get();
        }
        if (compareHint && e.counterResetHint() != a.counterResetHint()) {
            return "counter reset hint " + hint(a.counterResetHint()).notation() + " instead of "
                    + hint(e.counterResetHint()).notation();
        }
        return "they differ (HistogramComparison)";
    }

    private static String differs(String field, double expected, double actual) {
        return field + " " + Tolerance.format(actual) + " instead of " + Tolerance.format(expected);
    }

    private static Optional<String> bucketMismatch(String side, List<Span> expectedSpans, double[] expectedBuckets,
                                                   List<Span> actualSpans, double[] actualBuckets) {
        if (!Side.of(expectedSpans, expectedBuckets).sameIndexes(Side.of(actualSpans, actualBuckets))) {
            return Optional.of(side + " bucket layout " + actualSpans + " instead of " + expectedSpans
                    + " (after removing empty buckets)");
        }
        for (int i = 0; i < expectedBuckets.length; i++) {
            if (!Tolerance.almostEqual(expectedBuckets[i], actualBuckets[i])) {
                return Optional.of(side + " bucket #" + i + " (of the populated ones) "
                        + Tolerance.format(actualBuckets[i]) + " instead of " + Tolerance.format(expectedBuckets[i]));
            }
        }
        return Optional.empty();
    }

    static CounterResetHint hint(HistogramDescription.CounterResetHint hint) {
        return switch (hint) {
            case UNKNOWN -> CounterResetHint.UNKNOWN;
            case RESET -> CounterResetHint.COUNTER_RESET;
            case NOT_RESET -> CounterResetHint.NOT_COUNTER_RESET;
            case GAUGE -> CounterResetHint.GAUGE;
        };
    }

    static HistogramDescription.CounterResetHint hint(CounterResetHint hint) {
        return switch (hint) {
            case UNKNOWN -> HistogramDescription.CounterResetHint.UNKNOWN;
            case COUNTER_RESET -> HistogramDescription.CounterResetHint.RESET;
            case NOT_COUNTER_RESET -> HistogramDescription.CounterResetHint.NOT_RESET;
            case GAUGE -> HistogramDescription.CounterResetHint.GAUGE;
        };
    }

    private static Span[] spans(int offset, int length) {
        return length == 0 ? new Span[0] : new Span[] {new Span(offset, length)};
    }

    private static double[] toArray(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    /** One side's buckets by absolute index, in increasing index order. */
    private record Side(int[] indexes, double[] counts) {
        static Side of(List<Span> spans, double[] buckets) {
            int covered = 0;
            for (Span span : spans) {
                covered += span.length();
            }
            if (covered != buckets.length) {
                throw new IllegalArgumentException(
                        "its spans " + spans + " cover " + covered + " buckets but it has " + buckets.length);
            }
            int[] indexes = new int[buckets.length];
            int next = 0;
            int i = 0;
            for (Span span : spans) {
                int index = next + span.offset();
                for (int k = 0; k < span.length(); k++) {
                    indexes[i++] = index++;
                }
                next = index;
            }
            for (int k = 1; k < indexes.length; k++) {
                if (indexes[k] <= indexes[k - 1]) {
                    throw new IllegalArgumentException("its spans " + spans + " overlap or go backwards");
                }
            }
            return new Side(indexes, buckets.clone());
        }

        boolean sameIndexes(Side other) {
            return Arrays.equals(indexes, other.indexes);
        }

        int firstIndex() {
            return indexes.length == 0 ? 0 : indexes[0];
        }

        /** Counts from the first to the last index, missing indexes as 0. */
        List<Double> dense() {
            if (indexes.length == 0) {
                return List.of();
            }
            Double[] dense = new Double[indexes[indexes.length - 1] - indexes[0] + 1];
            Arrays.fill(dense, 0.0);
            for (int i = 0; i < indexes.length; i++) {
                dense[indexes[i] - indexes[0]] = counts[i];
            }
            return Arrays.asList(dense);
        }
    }
}
