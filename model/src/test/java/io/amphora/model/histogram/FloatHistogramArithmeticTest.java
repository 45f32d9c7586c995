package io.amphora.model.histogram;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.amphora.model.histogram.CounterResetHint.COUNTER_RESET;
import static io.amphora.model.histogram.CounterResetHint.GAUGE;
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
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FloatHistogramArithmeticTest {
    @Test
    void addsCountsSumsZeroBucketsAndMatchingBuckets() {
        FloatHistogram a = exponential(0, 0.001, 1, 7, 9.5, spans(0, 2), counts(2, 3), spans(1, 1), counts(1));
        FloatHistogram b = exponential(0, 0.001, 2, 6, 4, spans(1, 2), counts(1, 2), NO_SPANS, NONE);

        CombinedHistogram sum = a.add(b);

        assertThat(sum.histogram()).isEqualTo(exponential(0, 0.001, 3, 13, 13.5, spans(0, 3), counts(2, 4, 2),
                spans(1, 1), counts(1)));
        assertThat(sum.counterResetCollision()).isFalse();
        assertThat(sum.customBoundsReconciled()).isFalse();
    }

    @Test
    void extendsTheSpanBeforeANewBucketRightAfterIt() {
        FloatHistogram a = positive(0, 3, 0, spans(0, 1, 3, 1), 1, 2);
        FloatHistogram b = positive(0, 5, 0, spans(1, 1), 5);

        assertThat(a.add(b).histogram()).isEqualTo(positive(0, 8, 0, spans(0, 2, 2, 1), 1, 5, 2));
    }

    @Test
    void extendsTheSpanAfterALoneNewBucketRightBeforeIt() {
        FloatHistogram a = positive(0, 3, 0, spans(0, 1, 3, 1), 1, 2);
        FloatHistogram b = positive(0, 5, 0, spans(3, 1), 5);

        assertThat(a.add(b).histogram()).isEqualTo(positive(0, 8, 0, spans(0, 1, 2, 2), 1, 5, 2));
    }

    @Test
    void startsANewSpanForNewBucketsThatDoNotFollowASpanAndKeepsAdjacentSpansApart() {
        FloatHistogram a = positive(0, 3, 0, spans(0, 1, 4, 1), 1, 2);
        FloatHistogram b = positive(0, 11, 0, spans(3, 2), 5, 6);

        // Buckets 3 and 4 form a new span that ends right before bucket 5; spans are not merged.
        assertThat(a.add(b).histogram()).isEqualTo(positive(0, 14, 0, spans(0, 1, 2, 2, 0, 1), 1, 5, 6, 2));
        assertThat(a.add(b).histogram().compact(0)).isEqualTo(positive(0, 14, 0, spans(0, 1, 2, 3), 1, 5, 6, 2));
    }

    @Test
    void mergesTheHigherResolutionHistogramIntoTheLowerSchema() {
        // Schema 1 buckets 1 and 2 are (1, √2] and (√2, 2]; together they are schema 0 bucket 1, (1, 2].
        FloatHistogram fine = positive(1, 3, 4, spans(1, 2), 1, 2);
        FloatHistogram coarse = positive(0, 4, 6, spans(1, 1), 4);

        FloatHistogram expected = positive(0, 7, 10, spans(1, 1), 7);
        assertThat(fine.add(coarse).histogram()).isEqualTo(expected);
        assertThat(coarse.add(fine).histogram()).isEqualTo(expected);
    }

    @Test
    void widensTheOtherZeroBucketToTheLargerThreshold() {
        FloatHistogram wide = exponential(0, 1, 3, 5, 5, spans(1, 1), counts(2), NO_SPANS, NONE);
        // Buckets (0.25, 0.5] and (0.5, 1] lie inside the zero bucket of threshold 1.
        FloatHistogram narrow = exponential(0, 0.1, 1, 5, 4, spans(-1, 3), counts(1, 2, 1), NO_SPANS, NONE);

        FloatHistogram expected = exponential(0, 1, 7, 10, 9, spans(1, 1), counts(3), NO_SPANS, NONE);
        assertThat(wide.add(narrow).histogram()).isEqualTo(expected);
        assertThat(narrow.add(wide).histogram()).isEqualTo(expected);
    }

    @Test
    void movesAThresholdThatCutsThroughAPopulatedBucketToThatBucketsUpperBound() {
        FloatHistogram a = exponential(0, 0.7, 1, 1, 0, NO_SPANS, NONE, NO_SPANS, NONE);
        FloatHistogram b = exponential(0, 0.001, 0, 5, 7, spans(0, 2), counts(2, 3), NO_SPANS, NONE);

        FloatHistogram expected = exponential(0, 1, 3, 6, 7, spans(1, 1), counts(3), NO_SPANS, NONE);
        assertThat(a.add(b).histogram()).isEqualTo(expected);
        assertThat(b.add(a).histogram()).isEqualTo(expected);
    }

    @Test
    void moveAThresholdThroughANegativeBucketToItsLowerBound() {
        FloatHistogram a = exponential(0, 0.7, 1, 1, 0, NO_SPANS, NONE, NO_SPANS, NONE);
        FloatHistogram b = exponential(0, 0.001, 0, 4, -3, NO_SPANS, NONE, spans(0, 2), counts(1, 3));

        assertThat(a.add(b).histogram())
                .isEqualTo(exponential(0, 1, 2, 5, -3, NO_SPANS, NONE, spans(1, 1), counts(3)));
    }

    @Test
    void swallowsReceiverBucketsIntoAWiderZeroBucket() {
        FloatHistogram a = exponential(0, 0.001, 0, 3, 3, spans(-1, 1, 1, 1), counts(1, 2), NO_SPANS, NONE);
        FloatHistogram b = exponential(0, 0.5, 4, 4, 0, NO_SPANS, NONE, NO_SPANS, NONE);

        assertThat(a.add(b).histogram())
                .isEqualTo(exponential(0, 0.5, 5, 7, 3, spans(1, 1), counts(2), NO_SPANS, NONE));
    }

    @Test
    void subtractsBucketByBucketAndNegatesBucketsOnlyTheSubtrahendHas() {
        FloatHistogram a = exponential(0, 0.01, 4, 12, 20, spans(0, 2), counts(5, 3), NO_SPANS, NONE);
        FloatHistogram b = exponential(0, 0.01, 1, 5, 8, spans(1, 2), counts(1, 3), NO_SPANS, NONE);

        CombinedHistogram difference = a.sub(b);

        assertThat(difference.histogram())
                .isEqualTo(exponential(0, 0.01, 3, 7, 12, spans(0, 3), counts(5, 2, -3), NO_SPANS, NONE));
    }

    @Test
    void addsCustomBucketHistogramsWithTheSameBounds() {
        double[] bounds = {1, 2, 4};
        FloatHistogram a = custom(bounds, 3, 3, spans(0, 2), 1, 2);
        FloatHistogram b = custom(bounds, 7, 40, spans(2, 2), 3, 4);

        CombinedHistogram sum = a.add(b);

        assertThat(sum.histogram()).isEqualTo(custom(bounds, 10, 43, spans(0, 4), 1, 2, 3, 4));
        assertThat(sum.customBoundsReconciled()).isFalse();
    }

    @Test
    void addsCustomBucketHistogramsWithDifferentBoundsOverTheSharedBounds() {
        FloatHistogram a = custom(new double[] {1, 2, 4}, 10, 20, spans(0, 4), 1, 2, 3, 4);
        FloatHistogram b = custom(new double[] {2, 4, 8}, 100, 300, spans(0, 4), 10, 20, 30, 40);

        CombinedHistogram sum = a.add(b);

        // Shared bounds 2 and 4: (-Inf, 2] gets a's 1 + 2 and b's 10; (4, +Inf] gets a's 4 and b's 30 + 40.
        assertThat(sum.histogram()).isEqualTo(custom(new double[] {2, 4}, 110, 320, spans(0, 3), 13, 23, 74));
        assertThat(sum.customBoundsReconciled()).isTrue();
    }

    @Test
    void leavesOutEmptyBucketsWhenReconcilingCustomBounds() {
        // Both buckets land in (1, +Inf], the only other bucket of the shared bounds, (-Inf, 1], stays empty.
        FloatHistogram a = custom(new double[] {1, 5}, 1, 1, spans(1, 1), 1);
        FloatHistogram b = custom(new double[] {1, 3}, 2, 8, spans(2, 1), 2);

        assertThat(a.add(b).histogram()).isEqualTo(custom(new double[] {1}, 3, 9, spans(1, 1), 3));
        assertThat(a.sub(b).histogram()).isEqualTo(custom(new double[] {1}, -1, -7, spans(1, 1), -1));
    }

    @Test
    void refusesToCombineExponentialAndCustomBuckets() {
        FloatHistogram exponential = positive(0, 1, 1, spans(0, 1), 1);
        FloatHistogram custom = custom(new double[] {1}, 1, 1, spans(0, 1), 1);

        assertThatThrownBy(() -> exponential.add(custom))
                .isInstanceOf(IncompatibleHistogramsException.class)
                .hasMessage("cannot apply this operation on histograms with a mix of exponential and custom bucket "
                        + "schemas")
                .isInstanceOfSatisfying(HistogramException.class,
                        e -> assertThat(e.error()).isEqualTo(HistogramError.INCOMPATIBLE_SCHEMA));
        assertThatThrownBy(() -> custom.sub(exponential)).isInstanceOf(IncompatibleHistogramsException.class);
    }

    static Stream<Arguments> counterResetHints() {
        return Stream.of(
                arguments(Named.of("equal hints stay", COUNTER_RESET), COUNTER_RESET, COUNTER_RESET, false),
                arguments(Named.of("not-reset plus not-reset", NOT_COUNTER_RESET), NOT_COUNTER_RESET,
                        NOT_COUNTER_RESET, false),
                arguments(Named.of("gauge receiver makes a gauge", GAUGE), COUNTER_RESET, GAUGE, false),
                arguments(Named.of("gauge operand makes a gauge", NOT_COUNTER_RESET), GAUGE, GAUGE, false),
                arguments(Named.of("unknown receiver stays unknown", UNKNOWN), COUNTER_RESET, UNKNOWN, false),
                arguments(Named.of("unknown operand makes unknown", NOT_COUNTER_RESET), UNKNOWN, UNKNOWN, false),
                arguments(Named.of("reset meeting not-reset collides", COUNTER_RESET), NOT_COUNTER_RESET, UNKNOWN,
                        true),
                arguments(Named.of("not-reset meeting reset collides", NOT_COUNTER_RESET), COUNTER_RESET, UNKNOWN,
                        true));
    }

    @ParameterizedTest
    @MethodSource("counterResetHints")
    void combinesCounterResetHints(CounterResetHint receiver, CounterResetHint operand, CounterResetHint result,
            boolean collision) {
        FloatHistogram a = positive(0, 1, 1, spans(0, 1), 1).withCounterResetHint(receiver);
        FloatHistogram b = positive(0, 1, 1, spans(0, 1), 1).withCounterResetHint(operand);

        for (CombinedHistogram combined : new CombinedHistogram[] {a.add(b), a.sub(b)}) {
            assertThat(combined.histogram().counterResetHint()).isEqualTo(result);
            assertThat(combined.counterResetCollision()).isEqualTo(collision);
        }
    }

    @Test
    void multipliesEveryCountAndTheSumKeepingTheLayout() {
        FloatHistogram h = exponential(0, 0.01, 1, 6, 10, spans(0, 2), counts(2, 3), NO_SPANS, NONE)
                .withCounterResetHint(NOT_COUNTER_RESET);

        assertThat(h.mul(2)).isEqualTo(exponential(0, 0.01, 2, 12, 20, spans(0, 2), counts(4, 6), NO_SPANS, NONE)
                .withCounterResetHint(NOT_COUNTER_RESET));
        assertThat(h.mul(-1).counterResetHint()).isEqualTo(GAUGE);
        assertThat(h.negate()).isEqualTo(h.mul(-1));
        assertThat(h.negate().positiveBuckets()).containsExactly(-2, -3);
    }

    @Test
    void dividesEveryCountAndTheSumKeepingTheLayout() {
        FloatHistogram h = exponential(0, 0.01, 1, 6, 10, spans(0, 2), counts(2, 3), spans(0, 1), counts(0));

        assertThat(h.div(2)).isEqualTo(
                exponential(0, 0.01, 0.5, 3, 5, spans(0, 2), counts(1, 1.5), spans(0, 1), counts(0)));
        assertThat(h.div(-2).counterResetHint()).isEqualTo(GAUGE);
        assertThat(h.div(2).counterResetHint()).isEqualTo(UNKNOWN);
    }

    @Test
    void divisionByZeroRemovesAllBuckets() {
        FloatHistogram h = exponential(0, 0.01, 1, 6, -10, spans(0, 2), counts(2, 3), spans(0, 1), counts(0))
                .withCounterResetHint(COUNTER_RESET);

        FloatHistogram divided = h.div(0);

        assertThat(divided.count()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(divided.sum()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(divided.zeroCount()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(divided.positiveSpanCount()).isZero();
        assertThat(divided.positiveBucketCount()).isZero();
        assertThat(divided.negativeSpanCount()).isZero();
        assertThat(divided.negativeBucketCount()).isZero();
        assertThat(divided.counterResetHint()).isEqualTo(COUNTER_RESET);
        assertThat(exponential(0, 0, 0, 0, 0, NO_SPANS, NONE, NO_SPANS, NONE).div(0).count()).isNaN();
    }

    @Test
    void emptyHistogramHasOnlyASchemaAndBounds() {
        FloatHistogram empty = FloatHistogram.empty(Histogram.CUSTOM_BUCKETS_SCHEMA, new double[] {1, 2});

        assertThat(empty.count()).isZero();
        assertThat(empty.counterResetHint()).isEqualTo(UNKNOWN);
        assertThat(empty.customValues()).containsExactly(1, 2);
        FloatHistogram h = custom(new double[] {1, 2}, 3, 3, spans(0, 1), 3);
        assertThat(h.sub(empty).histogram()).isEqualTo(h);
    }
}
