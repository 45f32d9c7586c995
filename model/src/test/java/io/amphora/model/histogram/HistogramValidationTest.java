package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static io.amphora.model.histogram.TestingHistograms.NONE;
import static io.amphora.model.histogram.TestingHistograms.NO_SPANS;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistogramValidationTest {
    private static final long[] NO_DELTAS = new long[0];

    private static Histogram integer(int schema, double zeroThreshold, long zeroCount, long count, double sum,
            Span[] positiveSpans, long[] positive, Span[] negativeSpans, long[] negative, double[] bounds) {
        return new Histogram(CounterResetHint.UNKNOWN, schema, zeroThreshold, zeroCount, count, sum, positiveSpans,
                positive, negativeSpans, negative, bounds);
    }

    private static Histogram exponential(long zeroCount, long count, double sum, Span[] positiveSpans,
            long[] positive, Span[] negativeSpans, long[] negative) {
        return integer(1, 0.001, zeroCount, count, sum, positiveSpans, positive, negativeSpans, negative, NONE);
    }

    private static Histogram custom(long count, Span[] spans, long[] deltas, double... bounds) {
        return integer(Histogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, count, 10, spans, deltas, NO_SPANS, NO_DELTAS, bounds);
    }

    @Test
    void acceptsAConsistentIntegerHistogramAndItsFloatVersion() {
        Histogram h = exponential(2, 14, 19.4, spans(0, 2, 1, 2), new long[] {1, 1, -1, 0},
                spans(0, 2, 1, 2), new long[] {2, -1, 1, 0});
        assertThat(HistogramValidation.firstViolation(h)).isNull();
        assertThat(HistogramValidation.firstViolation(h.toFloat())).isNull();
    }

    @Test
    void reportsSpansNeedingMoreBucketsThanGiven() {
        Histogram h = exponential(0, 1, 1, spans(0, 2), new long[] {1}, NO_SPANS, NO_DELTAS);
        assertThat(HistogramValidation.firstViolation(h)).isEqualTo("positive side: spans need 2 buckets, have 1 "
                + "buckets: histogram spans specify different number of buckets than provided");
    }

    @Test
    void reportsANegativeOffsetAfterTheFirstSpan() {
        Histogram h = exponential(0, 2, 1, spans(-3, 1), new long[] {1}, spans(2, 1, -1, 1), new long[] {1, 0});
        assertThat(HistogramValidation.firstViolation(h))
                .isEqualTo("negative side: span number 2 with offset -1: histogram has a span whose offset is negative");
    }

    @Test
    void reportsTheFirstNegativeBucketCountFromTheDeltas() {
        Histogram h = exponential(0, 2, 1, spans(0, 2), new long[] {2, -3}, NO_SPANS, NO_DELTAS);
        assertThat(HistogramValidation.firstViolation(h)).isEqualTo("positive side: bucket number 2 has observation "
                + "count of -1: histogram has a bucket whose observation count is negative");
        Histogram negativeSide = exponential(0, 2, 1, NO_SPANS, NO_DELTAS, spans(0, 1), new long[] {-4});
        assertThat(HistogramValidation.firstViolation(negativeSide)).isEqualTo("negative side: bucket number 1 has "
                + "observation count of -4: histogram has a bucket whose observation count is negative");
    }

    @Test
    void requiresTheCountToEqualAllBucketsWhenTheSumIsNotNaN() {
        Histogram h = exponential(1, 4, 3, spans(0, 2), new long[] {1, 0}, NO_SPANS, NO_DELTAS);
        assertThat(HistogramValidation.firstViolation(h)).isEqualTo("3 observations found in buckets, but the Count "
                + "field is 4: histogram's observation count should equal the number of observations found in the "
                + "buckets (in absence of NaN)");
    }

    @Test
    void allowsALargerCountWhenTheSumIsNaNButNotASmallerOne() {
        Histogram nanObservations = exponential(1, 5, Double.NaN, spans(0, 2), new long[] {1, 0}, NO_SPANS,
                NO_DELTAS);
        assertThat(HistogramValidation.firstViolation(nanObservations)).isNull();
        Histogram tooSmall = exponential(1, 2, Double.NaN, spans(0, 2), new long[] {1, 0}, NO_SPANS, NO_DELTAS);
        assertThat(HistogramValidation.firstViolation(tooSmall)).isEqualTo("3 observations found in buckets, but the "
                + "Count field is 2: histogram's observation count should be at least the number of observations "
                + "found in the buckets");
    }

    @Test
    void treatsCountsAsUnsignedSixtyFourBitIntegers() {
        // 2^63 in the zero bucket plus 2^63 − 1 in a bucket is 2^64 − 1, the largest unsigned count.
        Histogram full = exponential(Long.MIN_VALUE, -1L, 1, spans(0, 1), new long[] {Long.MAX_VALUE}, NO_SPANS,
                NO_DELTAS);
        assertThat(HistogramValidation.firstViolation(full)).isNull();
        Histogram mismatch = exponential(0, -1L, 1, NO_SPANS, NO_DELTAS, NO_SPANS, NO_DELTAS);
        assertThat(HistogramValidation.firstViolation(mismatch)).startsWith(
                "0 observations found in buckets, but the Count field is 18446744073709551615: ");
    }

    @Test
    void rejectsSchemasOutsideTheExponentialRangeAndCustomBuckets() {
        Histogram tooHigh = integer(9, 0, 0, 0, 0, NO_SPANS, NO_DELTAS, NO_SPANS, NO_DELTAS, NONE);
        assertThat(HistogramValidation.firstViolation(tooHigh)).isEqualTo("histogram has an invalid schema, which "
                + "must be between -4 and 8 for exponential buckets, or -53 for custom buckets, got schema 9");
        Histogram tooLow = integer(-5, 0, 0, 0, 0, NO_SPANS, NO_DELTAS, NO_SPANS, NO_DELTAS, NONE);
        assertThat(HistogramValidation.firstViolation(tooLow)).endsWith("got schema -5");
        assertThat(HistogramValidation.firstViolation(tooLow.toFloat())).endsWith("got schema -5");
    }

    @Test
    void classifiesSchemas() {
        assertThat(HistogramValidation.isValidSchema(8)).isTrue();
        assertThat(HistogramValidation.isValidSchema(-4)).isTrue();
        assertThat(HistogramValidation.isValidSchema(-53)).isTrue();
        assertThat(HistogramValidation.isValidSchema(9)).isFalse();
        assertThat(HistogramValidation.isKnownSchema(52)).isTrue();
        assertThat(HistogramValidation.isKnownSchema(-9)).isTrue();
        assertThat(HistogramValidation.isKnownSchema(53)).isFalse();
        assertThat(HistogramValidation.isKnownSchema(-10)).isFalse();
        assertThat(HistogramValidation.unknownSchemaMessage(60)).isEqualTo("histogram has an unknown schema, which "
                + "must be between -9 and 52 for exponential buckets, or -53 for custom buckets, got schema 60");
    }

    @Test
    void rejectsCustomBoundsOnExponentialHistograms() {
        Histogram h = integer(0, 0, 0, 0, 0, NO_SPANS, NO_DELTAS, NO_SPANS, NO_DELTAS, new double[] {1});
        assertThat(HistogramValidation.firstViolation(h))
                .isEqualTo("histogram with exponential schema must not have custom bounds");
    }

    @Test
    void acceptsConsistentCustomBuckets() {
        Histogram h = custom(6, spans(0, 2, 1, 1), new long[] {1, 2, -1}, 1, 2, 5);
        assertThat(HistogramValidation.firstViolation(h)).isNull();
        assertThat(HistogramValidation.firstViolation(h.toFloat())).isNull();
    }

    @Test
    void reportsInvalidCustomBounds() {
        assertThat(HistogramValidation.firstViolation(custom(0, NO_SPANS, NO_DELTAS, 1, Double.NaN)))
                .isEqualTo("custom buckets: histogram custom bounds must not be NaN");
        assertThat(HistogramValidation.firstViolation(custom(0, NO_SPANS, NO_DELTAS, 1, 3, 2.5)))
                .isEqualTo("custom buckets: previous bound is 3.000000 and current is 2.500000: histogram custom "
                        + "bounds must be in strictly increasing order");
        assertThat(HistogramValidation.firstViolation(custom(0, NO_SPANS, NO_DELTAS, 1, Double.POSITIVE_INFINITY)))
                .isEqualTo("custom buckets: last +Inf bound must not be explicitly defined: histogram custom bounds "
                        + "must be finite");
    }

    @Test
    void requiresEnoughCustomBoundsForTheSpans() {
        // Two bounds make three buckets (the last one up to +Inf); the spans reach a fourth.
        Histogram h = custom(4, spans(1, 3), new long[] {1, 0, 0}, 1, 2);
        assertThat(HistogramValidation.firstViolation(h)).isEqualTo("custom buckets: only 2 custom bounds defined "
                + "which is insufficient to cover total span length of 4: histogram custom bounds are too few");
    }

    @Test
    void rejectsANegativeOffsetEvenInTheFirstCustomSpan() {
        Histogram h = custom(1, spans(-1, 1), new long[] {1}, 1, 2);
        assertThat(HistogramValidation.firstViolation(h)).isEqualTo(
                "custom buckets: span number 1 with offset -1: histogram has a span whose offset is negative");
    }

    @Test
    void rejectsExponentialOnlyPartsInCustomBucketHistograms() {
        double[] bounds = {1};
        assertThat(HistogramValidation.firstViolation(integer(-53, 0, 1, 1, 1, NO_SPANS, NO_DELTAS, NO_SPANS,
                NO_DELTAS, bounds))).isEqualTo("custom buckets: must have zero count of 0");
        assertThat(HistogramValidation.firstViolation(integer(-53, 0.1, 0, 0, 1, NO_SPANS, NO_DELTAS, NO_SPANS,
                NO_DELTAS, bounds))).isEqualTo("custom buckets: must have zero threshold of 0");
        assertThat(HistogramValidation.firstViolation(integer(-53, 0, 0, 0, 1, NO_SPANS, NO_DELTAS, spans(0, 0),
                NO_DELTAS, bounds))).isEqualTo("custom buckets: must not have negative spans");
        assertThat(HistogramValidation.firstViolation(integer(-53, 0, 0, 0, 1, NO_SPANS, NO_DELTAS, NO_SPANS,
                new long[] {0}, bounds))).isEqualTo("custom buckets: must not have negative buckets");
    }

    @Test
    void reportsNegativeFloatCountsWithGoNumberFormatting() {
        FloatHistogram zero = TestingHistograms.exponential(0, 0.1, -0.5, 1, 1, NO_SPANS, NONE, NO_SPANS, NONE);
        assertThat(HistogramValidation.firstViolation(zero)).isEqualTo("zero bucket has observation count of -0.5: "
                + "histogram has a bucket whose observation count is negative");
        FloatHistogram count = TestingHistograms.exponential(0, 0.1, 0, -2, 1, NO_SPANS, NONE, NO_SPANS, NONE);
        assertThat(HistogramValidation.firstViolation(count))
                .isEqualTo("observation count is  -2: histogram's observation count is negative");
        FloatHistogram bucket = TestingHistograms.positive(0, 1, 1, spans(0, 2), 1, -1.5e7);
        assertThat(HistogramValidation.firstViolation(bucket)).isEqualTo("positive side: bucket number 2 has "
                + "observation count of -1.5e+07: histogram has a bucket whose observation count is negative");
    }

    @Test
    void doesNotCompareAFloatHistogramsCountWithItsBuckets() {
        FloatHistogram h = TestingHistograms.positive(0, 1, 1, spans(0, 2), 1.5, 2.25);
        assertThat(HistogramValidation.firstViolation(h)).isNull();
    }

    @Test
    void checkThrowsTheFirstViolationWithItsKind() {
        Histogram h = exponential(1, 4, 3, spans(0, 2), new long[] {1, 0}, NO_SPANS, NO_DELTAS);
        assertThatThrownBy(() -> HistogramValidation.check(h))
                .isInstanceOfSatisfying(HistogramException.class,
                        e -> assertThat(e.error()).isEqualTo(HistogramError.COUNT_MISMATCH))
                .hasMessageEndingWith(HistogramError.COUNT_MISMATCH.text());
        FloatHistogram f = TestingHistograms.positive(0, -1, 1, NO_SPANS);
        assertThatThrownBy(() -> HistogramValidation.check(f))
                .isInstanceOfSatisfying(HistogramException.class,
                        e -> assertThat(e.error()).isEqualTo(HistogramError.NEGATIVE_COUNT));
    }
}
