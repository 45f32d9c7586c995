package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static io.amphora.model.histogram.CounterResetHint.COUNTER_RESET;
import static io.amphora.model.histogram.CounterResetHint.GAUGE;
import static io.amphora.model.histogram.CounterResetHint.NOT_COUNTER_RESET;
import static io.amphora.model.histogram.TestingHistograms.NONE;
import static io.amphora.model.histogram.TestingHistograms.NO_SPANS;
import static io.amphora.model.histogram.TestingHistograms.counts;
import static io.amphora.model.histogram.TestingHistograms.custom;
import static io.amphora.model.histogram.TestingHistograms.exponential;
import static io.amphora.model.histogram.TestingHistograms.positive;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;

class FloatHistogramDetectResetTest {
    private static final FloatHistogram PREVIOUS =
            exponential(0, 0.01, 2, 10, 12, spans(0, 3), counts(1, 0, 4), spans(1, 1), counts(3));

    @Test
    void hintsDecideWithoutLookingAtTheCounts() {
        FloatHistogram grown = PREVIOUS.mul(2);
        FloatHistogram shrunk = PREVIOUS.div(2);

        assertThat(grown.withCounterResetHint(COUNTER_RESET).detectReset(PREVIOUS)).isTrue();
        assertThat(shrunk.withCounterResetHint(NOT_COUNTER_RESET).detectReset(PREVIOUS)).isFalse();
    }

    @Test
    void growingCountsAreNoReset() {
        assertThat(PREVIOUS.detectReset(PREVIOUS)).isFalse();
        assertThat(PREVIOUS.mul(2).detectReset(PREVIOUS)).isFalse();
        FloatHistogram newBuckets =
                exponential(0, 0.01, 2, 12, 12, spans(-1, 4, 2, 1), counts(1, 1, 0, 4, 1), spans(1, 1), counts(3));
        assertThat(newBuckets.detectReset(PREVIOUS)).isFalse();
    }

    @Test
    void aSmallerCountZeroCountOrBucketIsAReset() {
        assertThat(PREVIOUS.div(2).detectReset(PREVIOUS)).isTrue();
        assertThat(exponential(0, 0.01, 1, 10, 12, spans(0, 3), counts(1, 0, 4), spans(1, 1), counts(3))
                .detectReset(PREVIOUS)).isTrue();
        assertThat(exponential(0, 0.01, 2, 10, 12, spans(0, 3), counts(1, 0, 3), spans(1, 1), counts(3))
                .detectReset(PREVIOUS)).isTrue();
        assertThat(exponential(0, 0.01, 2, 10, 12, spans(0, 3), counts(1, 0, 4), spans(1, 1), counts(2))
                .detectReset(PREVIOUS)).isTrue();
    }

    @Test
    void aMissingBucketIsAResetOnlyIfItWasPopulated() {
        FloatHistogram withoutEmptyBucket =
                exponential(0, 0.01, 2, 10, 12, spans(0, 1, 1, 1), counts(1, 4), spans(1, 1), counts(3));
        FloatHistogram withoutPopulatedBucket =
                exponential(0, 0.01, 2, 10, 12, spans(0, 2), counts(1, 0), spans(1, 1), counts(3));

        assertThat(withoutEmptyBucket.detectReset(PREVIOUS)).isFalse();
        assertThat(withoutPopulatedBucket.detectReset(PREVIOUS)).isTrue();
        assertThat(exponential(0, 0.01, 2, 10, 12, NO_SPANS, NONE, NO_SPANS, NONE).detectReset(PREVIOUS)).isTrue();
    }

    @Test
    void aHigherSchemaOrSmallerZeroThresholdIsAReset() {
        FloatHistogram finer = positive(1, 10, 1, spans(0, 2), 5, 5);
        FloatHistogram coarse = positive(0, 10, 1, spans(0, 1), 10);
        assertThat(finer.detectReset(coarse)).isTrue();

        FloatHistogram narrowZero = exponential(0, 0.001, 2, 10, 1, NO_SPANS, NONE, NO_SPANS, NONE);
        FloatHistogram wideZero = exponential(0, 0.01, 2, 10, 1, NO_SPANS, NONE, NO_SPANS, NONE);
        assertThat(narrowZero.detectReset(wideZero)).isTrue();
    }

    @Test
    void aLowerSchemaComparesWithThePreviousBucketsMerged() {
        // Schema 1 buckets 1 and 2 merge into schema 0 bucket 1 with 2 + 3 = 5.
        FloatHistogram previous = positive(1, 5, 1, spans(1, 2), 2, 3);

        assertThat(positive(0, 5, 1, spans(1, 1), 5).detectReset(previous)).isFalse();
        assertThat(positive(0, 5, 1, spans(1, 1), 4).detectReset(previous)).isTrue();
    }

    @Test
    void aWiderZeroBucketComparesWithThePreviousBucketsItSwallows() {
        // (0.25, 0.5] and (0.5, 1] fall into a zero bucket of threshold 1: 2 + 1 + 2 = 5.
        FloatHistogram previous = exponential(0, 0.1, 2, 7, 1, spans(-1, 3), counts(1, 2, 2), NO_SPANS, NONE);

        assertThat(exponential(0, 1, 5, 7, 1, spans(1, 1), counts(2), NO_SPANS, NONE).detectReset(previous))
                .isFalse();
        assertThat(exponential(0, 1, 4, 7, 1, spans(1, 1), counts(3), NO_SPANS, NONE).detectReset(previous))
                .isTrue();
    }

    @Test
    void aWiderZeroBucketCuttingThroughAPopulatedPreviousBucketIsAReset() {
        FloatHistogram previous = exponential(0, 0.1, 0, 2, 1, spans(0, 1), counts(2), NO_SPANS, NONE);

        assertThat(exponential(0, 0.7, 2, 2, 1, NO_SPANS, NONE, NO_SPANS, NONE).detectReset(previous)).isTrue();
    }

    @Test
    void gaugesAreComparedLikeCounters() {
        assertThat(PREVIOUS.div(2).withCounterResetHint(GAUGE).detectReset(PREVIOUS)).isTrue();
        assertThat(PREVIOUS.withCounterResetHint(GAUGE).detectReset(PREVIOUS)).isFalse();
    }

    @Test
    void switchingBetweenExponentialAndCustomBucketsIsAReset() {
        FloatHistogram custom = custom(new double[] {1}, 10, 1, spans(0, 1), 10);
        FloatHistogram exponential = positive(0, 10, 1, spans(0, 1), 10);

        assertThat(custom.detectReset(exponential)).isTrue();
        assertThat(exponential.detectReset(custom)).isTrue();
    }

    @Test
    void customBucketsWithDifferentBoundsCompareCumulativeCountsAtSharedBounds() {
        FloatHistogram previous = custom(new double[] {1, 2, 4}, 4, 1, spans(0, 4), 1, 1, 1, 1);

        FloatHistogram kept = custom(new double[] {2, 4}, 4, 1, spans(0, 3), 2, 1, 1);
        FloatHistogram lost = custom(new double[] {2, 4}, 4, 1, spans(0, 3), 1, 2, 1);

        assertThat(kept.detectReset(previous)).isFalse();
        assertThat(lost.detectReset(previous)).isTrue();
    }
}
