package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static io.amphora.model.histogram.CounterResetHint.NOT_COUNTER_RESET;
import static io.amphora.model.histogram.CounterResetHint.UNKNOWN;
import static io.amphora.model.histogram.TestingHistograms.NONE;
import static io.amphora.model.histogram.TestingHistograms.NO_SPANS;
import static io.amphora.model.histogram.TestingHistograms.counts;
import static io.amphora.model.histogram.TestingHistograms.custom;
import static io.amphora.model.histogram.TestingHistograms.exponential;
import static io.amphora.model.histogram.TestingHistograms.positive;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FloatHistogramLayoutTest {
    @Test
    void compactionCutsEmptyBucketsAtSpanEdgesAndSplitsLongerEmptyRuns() {
        FloatHistogram h = positive(0, 3, 1, spans(0, 6), 0, 1, 0, 0, 2, 0);

        assertThat(h.compact(0)).isEqualTo(positive(0, 3, 1, spans(1, 1, 2, 1), 1, 2));
        assertThat(h.compact(1)).isEqualTo(positive(0, 3, 1, spans(1, 1, 2, 1), 1, 2));
        assertThat(h.compact(2)).isEqualTo(positive(0, 3, 1, spans(1, 4), 1, 0, 0, 2));
    }

    @Test
    void compactionMergesSpansWithinTheAllowedGapFillingItWithEmptyBuckets() {
        FloatHistogram h = positive(0, 6, 1, spans(0, 2, 0, 1, 2, 1), 1, 2, 0.5, 3);

        assertThat(h.compact(0)).isEqualTo(positive(0, 6, 1, spans(0, 3, 2, 1), 1, 2, 0.5, 3));
        assertThat(h.compact(2)).isEqualTo(positive(0, 6, 1, spans(0, 6), 1, 2, 0.5, 0, 0, 3));
    }

    @Test
    void compactionDropsZeroLengthSpansAndEmptySides() {
        FloatHistogram h = exponential(0, 0.1, 0, 2, 1, spans(1, 0, 2, 2), counts(1, 1), spans(0, 2), counts(0, 0));

        assertThat(h.compact(0)).isEqualTo(exponential(0, 0.1, 0, 2, 1, spans(3, 2), counts(1, 1), NO_SPANS, NONE));
    }

    @Test
    void compactionReturnsTheHistogramItselfWhenNothingChanges() {
        FloatHistogram h = positive(0, 3, 1, spans(-2, 1, 2, 2), 1, 1, 1);

        assertThat(h.compact(0)).isSameAs(h);
        assertThat(h.compact(1)).isSameAs(h);
        assertThat(h.compact(2)).isEqualTo(positive(0, 3, 1, spans(-2, 5), 1, 0, 0, 1, 1));
        assertThatThrownBy(() -> h.compact(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reducingResolutionMergesBucketsIntoTheirLowerResolutionBuckets() {
        // Schema 2 buckets 1..4 are schema 0 bucket 1; bucket 5 belongs to schema 0 bucket 2.
        FloatHistogram h = positive(2, 15, 20, spans(1, 5), 1, 2, 3, 4, 5).withCounterResetHint(NOT_COUNTER_RESET);

        assertThat(h.reduceResolution(0))
                .isEqualTo(positive(0, 15, 20, spans(1, 2), 10, 5).withCounterResetHint(NOT_COUNTER_RESET));
    }

    @Test
    void reducingResolutionKeepsGapsThatRemain() {
        FloatHistogram h = exponential(1, 0.01, 2, 7, 4, spans(0, 1, 2, 1), counts(1, 2), spans(-3, 2), counts(1, 1));

        assertThat(h.reduceResolution(0)).isEqualTo(
                exponential(0, 0.01, 2, 7, 4, spans(0, 1, 1, 1), counts(1, 2), spans(-1, 1), counts(2)));
    }

    @Test
    void reducingResolutionRejectsImpossibleTargetsAndBrokenSpans() {
        FloatHistogram h = positive(1, 2, 1, spans(0, 2), 1, 1);
        assertThatThrownBy(() -> h.reduceResolution(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot reduce resolution from schema 1 to 1");
        assertThatThrownBy(() -> h.reduceResolution(Histogram.CUSTOM_BUCKETS_SCHEMA))
                .hasMessage("cannot reduce resolution to custom buckets schema");
        FloatHistogram custom = custom(new double[] {1}, 1, 1, spans(0, 1), 1);
        assertThatThrownBy(() -> custom.reduceResolution(0))
                .hasMessage("cannot reduce resolution when there are custom buckets");
        FloatHistogram broken = positive(1, 2, 1, spans(0, 1, -2, 1), 1, 1);
        assertThatThrownBy(() -> broken.reduceResolution(0))
                .isInstanceOfSatisfying(HistogramException.class,
                        e -> assertThat(e.error()).isEqualTo(HistogramError.SPAN_NEGATIVE_OFFSET))
                .hasMessage("span number 2 with offset -2: histogram has a span whose offset is negative");
        FloatHistogram tooFew = positive(1, 2, 1, spans(0, 3), 1, 1);
        assertThatThrownBy(() -> tooFew.reduceResolution(0)).hasMessage(
                "have 2 buckets but spans need more: histogram spans specify different number of buckets than provided");
    }

    @Test
    void copyingToTheSameSchemaIsTheHistogramAndToALowerOneForgetsTheHint() {
        FloatHistogram h = positive(1, 3, 4, spans(1, 2), 1, 2).withCounterResetHint(NOT_COUNTER_RESET);

        assertThat(h.copyToSchema(1)).isSameAs(h);
        assertThat(h.copyToSchema(0)).isEqualTo(positive(0, 3, 4, spans(1, 1), 3).withCounterResetHint(UNKNOWN));
        assertThatThrownBy(() -> h.copyToSchema(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot copy from schema 1 to 2");
    }

    @Test
    void sizeCountsBytesAsPrometheusDoes() {
        assertThat(positive(0, 0, 0, NO_SPANS).size()).isEqualTo(168);
        FloatHistogram h = exponential(1, 0.01, 1, 9, 3, spans(-2, 1, 2, 3), counts(1, 2, 3, 1), spans(0, 1),
                counts(1));
        assertThat(h.size()).isEqualTo(168 + 8 * (2 + 4 + 1 + 1));
        assertThat(custom(new double[] {1, 2, 3}, 1, 1, spans(0, 1), 1).size()).isEqualTo(168 + 8 * (1 + 1 + 3));
    }

    @Test
    void detectsInfiniteValuesAsOverflow() {
        assertThat(positive(0, 1, 1, spans(0, 1), 1).hasOverflow()).isFalse();
        assertThat(positive(0, Double.POSITIVE_INFINITY, 1, spans(0, 1), 1).hasOverflow()).isTrue();
        assertThat(positive(0, 1, Double.NEGATIVE_INFINITY, spans(0, 1), 1).hasOverflow()).isTrue();
        assertThat(positive(0, 1, 1, spans(0, 1), Double.POSITIVE_INFINITY).hasOverflow()).isTrue();
        assertThat(positive(0, 1, Double.NaN, spans(0, 1), 1).hasOverflow()).isFalse();
    }

    @Test
    void dataEqualityIgnoresTheHintAndZeroLengthSpansButComparesBits() {
        FloatHistogram h = positive(0, 3, Double.NaN, spans(0, 2), 1, 2);
        FloatHistogram sameData = positive(0, 3, Double.NaN, spans(0, 0, 0, 2), 1, 2).withCounterResetHint(
                NOT_COUNTER_RESET);

        assertThat(h.dataEquals(sameData)).isTrue();
        assertThat(h).isNotEqualTo(sameData);
        assertThat(h.dataEquals(positive(0, 3, Double.NaN, spans(0, 2), 1, 2.0000001))).isFalse();
        assertThat(h.dataEquals(positive(0, 3, Double.NaN, spans(1, 2), 1, 2))).isFalse();
        assertThat(h.dataEquals(positive(1, 3, Double.NaN, spans(0, 2), 1, 2))).isFalse();
        assertThat(h.dataEquals(null)).isFalse();
        FloatHistogram customA = custom(new double[] {1, 2}, 1, 1, spans(0, 1), 1);
        assertThat(customA.dataEquals(custom(new double[] {1, 3}, 1, 1, spans(0, 1), 1))).isFalse();
    }

    @Test
    void trimUpperKeepsWholeBucketsBelowABoundaryCutoff() {
        // Buckets (1,2]: 2, (2,4]: 4, (4,8]: 4.
        FloatHistogram h = positive(0, 10, 40, spans(1, 3), 2, 4, 4);

        FloatHistogram trimmed = h.trimUpper(4);

        assertThat(trimmed.positiveSpans()).containsExactly(new Span(1, 2));
        assertThat(trimmed.positiveBuckets()).containsExactly(2, 4);
        assertThat(trimmed.count()).isEqualTo(6);
        assertThat(trimmed.sum()).isEqualTo(Math.sqrt(2) * 2 + Math.sqrt(8) * 4);
    }

    @Test
    void trimLowerKeepsWholeBucketsAboveABoundaryCutoff() {
        FloatHistogram h = positive(0, 10, 40, spans(1, 3), 2, 4, 4);

        FloatHistogram trimmed = h.trimLower(4);

        assertThat(trimmed.positiveSpans()).containsExactly(new Span(3, 1));
        assertThat(trimmed.positiveBuckets()).containsExactly(4);
        assertThat(trimmed.count()).isEqualTo(4);
        assertThat(trimmed.sum()).isEqualTo(Math.sqrt(32) * 4);
    }

    @Test
    void trimInterpolatesExponentiallyInsideAnExponentialBucket() {
        FloatHistogram h = positive(0, 10, 40, spans(1, 3), 2, 4, 4);
        double cutoff = 2 * Math.sqrt(2);

        FloatHistogram below = h.trimUpper(cutoff);
        FloatHistogram above = h.trimLower(cutoff);

        // 2·√2 lies half-way through (2, 4] on a logarithmic scale.
        assertThat(below.positiveSpans()).containsExactly(new Span(1, 2));
        assertThat(below.positiveBucket(0)).isEqualTo(2);
        assertThat(below.positiveBucket(1)).isCloseTo(2, within(1e-12));
        assertThat(above.positiveSpans()).containsExactly(new Span(2, 2));
        assertThat(above.positiveBucket(0)).isCloseTo(2, within(1e-12));
        assertThat(above.positiveBucket(1)).isEqualTo(4);
        assertThat(below.count() + above.count()).isCloseTo(10, within(1e-12));
    }

    @Test
    void trimTreatsAZeroBucketNextToPositiveBucketsAsStartingAtZero() {
        FloatHistogram h = exponential(0, 1, 4, 6, 5, spans(1, 1), counts(2), NO_SPANS, NONE);

        FloatHistogram trimmed = h.trimUpper(0.5);

        assertThat(trimmed.zeroCount()).isEqualTo(2);
        assertThat(trimmed.positiveBucketCount()).isZero();
        assertThat(trimmed.count()).isEqualTo(2);
        assertThat(trimmed.sum()).isEqualTo(0.5);
    }

    @Test
    void trimInterpolatesLinearlyInCustomBucketsAndDropsTheInfiniteBucket() {
        FloatHistogram h = custom(new double[] {10, 20}, 12, 200, spans(0, 3), 4, 6, 2);

        FloatHistogram trimmed = h.trimUpper(15);

        // (-Inf, 10] is kept whole with midpoint 5; half of (10, 20] is kept with midpoint 12.5.
        assertThat(trimmed).isEqualTo(custom(new double[] {10, 20}, 7, 4 * 5 + 3 * 12.5, spans(0, 2), 4, 3));
    }

    @Test
    void trimWithoutEffectReturnsTheHistogramItself() {
        FloatHistogram h = exponential(0, 0.1, 1, 11, 40, spans(1, 3), counts(2, 4, 4), NO_SPANS, NONE);

        assertThat(h.trimUpper(Double.POSITIVE_INFINITY)).isSameAs(h);
        assertThat(h.trimLower(Double.NEGATIVE_INFINITY)).isSameAs(h);
    }
}
