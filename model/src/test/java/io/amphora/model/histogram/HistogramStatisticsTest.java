package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import io.amphora.model.histogram.HistogramStatistics.Estimate;
import io.amphora.model.histogram.HistogramStatistics.Note;

import static io.amphora.model.histogram.TestingHistograms.NONE;
import static io.amphora.model.histogram.TestingHistograms.NO_SPANS;
import static io.amphora.model.histogram.TestingHistograms.counts;
import static io.amphora.model.histogram.TestingHistograms.custom;
import static io.amphora.model.histogram.TestingHistograms.exponential;
import static io.amphora.model.histogram.TestingHistograms.positive;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramStatisticsTest {
    /** Four observations in (1, 2]. */
    private static final FloatHistogram ONE_BUCKET = positive(0, 4, 6, spans(1, 1), 4);
    /** Custom bounds 10 and 20: (-Inf, 10]: 2, (10, 20]: 4, (20, +Inf]: 2. */
    private static final FloatHistogram CUSTOM = custom(new double[] {10, 20}, 8, 100, spans(0, 3), 2, 4, 2);

    @Test
    void quantilesOutsideZeroToOneAreInfiniteAndNaNQuantilesOrEmptyHistogramsAreNaN() {
        assertThat(HistogramStatistics.quantile(-0.1, ONE_BUCKET)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(HistogramStatistics.quantile(1.1, ONE_BUCKET)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(HistogramStatistics.quantile(Double.NaN, ONE_BUCKET)).isNaN();
        assertThat(HistogramStatistics.quantile(0.5, positive(0, 0, 0, NO_SPANS))).isNaN();
    }

    @Test
    void interpolatesExponentiallyInsideExponentialBuckets() {
        assertThat(HistogramStatistics.quantile(0.5, ONE_BUCKET)).isCloseTo(Math.sqrt(2), within(1e-15));
        assertThat(HistogramStatistics.quantile(0.25, ONE_BUCKET)).isCloseTo(Math.pow(2, 0.25), within(1e-15));
        assertThat(HistogramStatistics.quantile(0, ONE_BUCKET)).isEqualTo(1.0);
        assertThat(HistogramStatistics.quantile(1, ONE_BUCKET)).isEqualTo(2.0);
    }

    @Test
    void mirrorsTheInterpolationInNegativeBuckets() {
        FloatHistogram h = exponential(0, 0, 0, 4, -6, NO_SPANS, NONE, spans(1, 1), counts(4));

        assertThat(HistogramStatistics.quantile(0.5, h)).isCloseTo(-Math.sqrt(2), within(1e-15));
        assertThat(HistogramStatistics.quantile(0.75, h)).isCloseTo(-Math.pow(2, 0.25), within(1e-15));
    }

    @Test
    void interpolatesLinearlyInTheZeroBucketStartingAtZeroNextToPositiveBuckets() {
        FloatHistogram onlyZero = exponential(0, 1, 4, 4, 0, NO_SPANS, NONE, NO_SPANS, NONE);
        assertThat(HistogramStatistics.quantile(0.5, onlyZero)).isEqualTo(0.0);
        assertThat(HistogramStatistics.quantile(0.25, onlyZero)).isEqualTo(-0.5);

        FloatHistogram withPositive = exponential(0, 1, 2, 4, 3, spans(1, 1), counts(2), NO_SPANS, NONE);
        assertThat(HistogramStatistics.quantile(0.25, withPositive)).isEqualTo(0.5);
        FloatHistogram withNegative = exponential(0, 1, 2, 4, -3, NO_SPANS, NONE, spans(1, 1), counts(2));
        assertThat(HistogramStatistics.quantile(0.75, withNegative)).isEqualTo(-0.5);
    }

    @Test
    void interpolatesLinearlyInCustomBucketsStartingTheFirstAtZero() {
        assertThat(HistogramStatistics.quantile(0.5, CUSTOM)).isEqualTo(15.0);
        assertThat(HistogramStatistics.quantile(0.1, CUSTOM)).isEqualTo(4.0);
        assertThat(HistogramStatistics.quantile(0.95, CUSTOM)).isEqualTo(20.0);
        FloatHistogram negativeFirstBound = custom(new double[] {-5, 10}, 4, -20, spans(0, 1), 4);
        assertThat(HistogramStatistics.quantile(0.1, negativeFirstBound)).isEqualTo(-5.0);
    }

    @Test
    void quantileReportsNaNObservations() {
        // Five observations, one of them NaN (so the sum is NaN).
        FloatHistogram h = positive(0, 5, Double.NaN, spans(1, 1), 4);

        assertThat(HistogramStatistics.estimateQuantile(0.9, h))
                .satisfies(e -> assertThat(e.value()).isNaN())
                .extracting(Estimate::note).isEqualTo(Note.QUANTILE_NAN_RESULT);
        Estimate median = HistogramStatistics.estimateQuantile(0.5, h);
        assertThat(median.value()).isCloseTo(Math.pow(2, 0.625), within(1e-15));
        assertThat(median.note()).isEqualTo(Note.QUANTILE_NAN_SKEW);
        assertThat(HistogramStatistics.estimateQuantile(0.5, ONE_BUCKET).note()).isEqualTo(Note.NONE);
    }

    @Test
    void fractionsBetweenBucketBoundsNeedNoInterpolation() {
        FloatHistogram h = positive(0, 4, 6, spans(1, 2), 2, 2);

        assertThat(HistogramStatistics.fraction(1, 2, h)).isEqualTo(0.5);
        assertThat(HistogramStatistics.fraction(0, 8, h)).isEqualTo(1.0);
        assertThat(HistogramStatistics.fraction(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, h))
                .isEqualTo(1.0);
        assertThat(HistogramStatistics.fraction(2, 2, h)).isZero();
        assertThat(HistogramStatistics.fraction(3, 2, h)).isZero();
        assertThat(HistogramStatistics.fraction(Double.NaN, 2, h)).isNaN();
        assertThat(HistogramStatistics.fraction(0, 1, positive(0, 0, 0, NO_SPANS))).isNaN();
    }

    @Test
    void fractionsInterpolateExponentiallyLinearlyInTheZeroBucketAndLinearlyInCustomBuckets() {
        FloatHistogram h = positive(0, 4, 6, spans(1, 2), 2, 2);
        assertThat(HistogramStatistics.fraction(1, Math.sqrt(2), h)).isCloseTo(0.25, within(1e-15));

        FloatHistogram zero = exponential(0, 1, 4, 8, 6, spans(1, 1), counts(4), NO_SPANS, NONE);
        assertThat(HistogramStatistics.fraction(0, 0.5, zero)).isEqualTo(0.25);

        assertThat(HistogramStatistics.fraction(0, 15, CUSTOM)).isEqualTo(0.5);
        assertThat(HistogramStatistics.fraction(15, Double.POSITIVE_INFINITY, CUSTOM)).isEqualTo(0.5);
    }

    @Test
    void fractionExcludesNaNObservations() {
        FloatHistogram h = positive(0, 5, Double.NaN, spans(1, 1), 4);

        Estimate all = HistogramStatistics.estimateFraction(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, h);

        assertThat(all.value()).isEqualTo(0.8);
        assertThat(all.note()).isEqualTo(Note.FRACTION_NANS_EXCLUDED);
    }

    @Test
    void varianceUsesGeometricBucketMiddlesAroundTheMean() {
        // One observation in (1, 2] and one in (4, 8]; the mean from the sum is 3.
        FloatHistogram h = positive(0, 2, 6, spans(1, 1, 1, 1), 1, 1);
        double expected = (Math.pow(Math.sqrt(2) - 3, 2) + Math.pow(Math.sqrt(32) - 3, 2)) / 2;

        assertThat(HistogramStatistics.stdVar(h)).isCloseTo(expected, within(1e-12));
        assertThat(HistogramStatistics.stdDev(h)).isCloseTo(Math.sqrt(expected), within(1e-12));
    }

    @Test
    void varianceCountsZeroBucketObservationsAsZeroAndCustomBucketsAtTheirMiddle() {
        FloatHistogram zero = exponential(0, 1, 2, 2, 0, NO_SPANS, NONE, NO_SPANS, NONE);
        assertThat(HistogramStatistics.stdVar(zero)).isZero();

        FloatHistogram middle = custom(new double[] {10, 20}, 2, 30, spans(1, 1), 2);
        assertThat(HistogramStatistics.stdVar(middle)).isZero();
        FloatHistogram firstBucket = custom(new double[] {10, 20}, 2, 30, spans(0, 2), 1, 1);
        assertThat(HistogramStatistics.stdVar(firstBucket)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(HistogramStatistics.stdDev(positive(0, 0, 0, NO_SPANS))).isNaN();
    }

    @Test
    void countSumAndAverageComeFromTheHistogram() {
        assertThat(HistogramStatistics.count(ONE_BUCKET)).isEqualTo(4);
        assertThat(HistogramStatistics.sum(ONE_BUCKET)).isEqualTo(6);
        assertThat(HistogramStatistics.avg(ONE_BUCKET)).isEqualTo(1.5);
        assertThat(HistogramStatistics.avg(positive(0, 0, 0, NO_SPANS))).isNaN();
    }

    @Test
    void aReusedCursorGivesTheSameResults() {
        BucketCursor cursor = new BucketCursor();

        assertThat(HistogramStatistics.estimateQuantile(0.5, CUSTOM, cursor).value()).isEqualTo(15.0);
        assertThat(HistogramStatistics.estimateQuantile(0.5, ONE_BUCKET, cursor).value())
                .isEqualTo(HistogramStatistics.quantile(0.5, ONE_BUCKET));
        assertThat(HistogramStatistics.estimateFraction(0, 15, CUSTOM, cursor).value()).isEqualTo(0.5);
        assertThat(HistogramStatistics.stdVar(ONE_BUCKET, cursor)).isEqualTo(HistogramStatistics.stdVar(ONE_BUCKET));
    }

    @Test
    void log2IsExactForPowersOfTwoIncludingSubnormals() {
        assertThat(HistogramStatistics.log2(8)).isEqualTo(3);
        assertThat(HistogramStatistics.log2(0.25)).isEqualTo(-2);
        assertThat(HistogramStatistics.log2(Double.MIN_VALUE)).isEqualTo(-1074);
        assertThat(HistogramStatistics.log2(Math.sqrt(2))).isCloseTo(0.5, within(1e-15));
        assertThat(HistogramStatistics.log2(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(HistogramStatistics.log2(-1)).isNaN();
    }
}
