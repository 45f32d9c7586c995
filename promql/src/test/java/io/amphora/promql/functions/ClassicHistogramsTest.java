package io.amphora.promql.functions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassicHistogramsTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    private final BucketQuantileResult result = new BucketQuantileResult();

    private double quantile(double q, double[] bounds, double[] counts) {
        return ClassicHistograms.bucketQuantile(q, bounds.clone(), counts.clone(), bounds.length, result);
    }

    private static double fraction(double lower, double upper, double[] bounds, double[] counts) {
        return ClassicHistograms.bucketFraction(lower, upper, bounds.clone(), counts.clone(), bounds.length);
    }

    private static double[] of(double... v) {
        return v;
    }

    /** le 0.1 0.2 1 +Inf with 50 70 110 120 observations: starts at 0. */
    private static final double[] POSITIVE_BOUNDS = of(0.1, 0.2, 1, INF);
    private static final double[] POSITIVE_COUNTS = of(50, 70, 110, 120);
    /** le -0.2 -0.1 0.3 +Inf with 10 20 20 30 observations: the lowest bucket's bound is the floor. */
    private static final double[] NEGATIVE_BOUNDS = of(-0.2, -0.1, 0.3, INF);
    private static final double[] NEGATIVE_COUNTS = of(10, 20, 20, 30);

    @Test
    void interpolatesLinearlyInsideTheBucketOfTheRank() {
        assertThat(quantile(0.2, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isCloseTo(0.048, within(1e-15));
        assertThat(quantile(0.5, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isCloseTo(0.15, within(1e-15));
        assertThat(quantile(0.8, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isCloseTo(0.72, within(1e-15));
        assertThat(quantile(0.5, NEGATIVE_BOUNDS, NEGATIVE_COUNTS)).isCloseTo(-0.15, within(1e-15));
        assertThat(result.forcedMonotonicity()).isFalse();
    }

    @Test
    void quantileInTheMiddleOfABucketIsItsMiddle() {
        double[] bounds = of(0, 2, 4, 6, INF);
        double[] counts = of(0, 1, 2, 3, 3);

        assertThat(quantile(1.0 / 6, bounds, counts)).isEqualTo(1);
        assertThat(quantile(0.5, bounds, counts)).isEqualTo(3);
        assertThat(quantile(5.0 / 6, bounds, counts)).isCloseTo(5, within(1e-14));
    }

    @Test
    void lowestBucketStartsAtZeroUnlessItsBoundIsNotPositive() {
        assertThat(quantile(0, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isZero();
        assertThat(quantile(0, NEGATIVE_BOUNDS, NEGATIVE_COUNTS)).isEqualTo(-0.2);
        assertThat(quantile(0.2, NEGATIVE_BOUNDS, NEGATIVE_COUNTS)).isEqualTo(-0.2);
    }

    @Test
    void quantileInTheInfBucketIsTheSecondHighestBound() {
        assertThat(quantile(1, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isEqualTo(1);
        assertThat(quantile(0.8, NEGATIVE_BOUNDS, NEGATIVE_COUNTS)).isEqualTo(0.3);
    }

    @Test
    void sortsBucketsByBoundAndMergesEqualBounds() {
        // 0.2, 2e-1 and 2.0e-1 are one bucket; input order is the label order, not numeric.
        double[] bounds = of(INF, 0.2, 0.1, 0.2, 0.2);
        double[] counts = of(40, 10, 10, 10, 10);

        assertThat(quantile(0.5, bounds, counts)).isCloseTo(0.15, within(1e-15));
        assertThat(quantile(0.75, bounds, counts)).isEqualTo(0.2);
    }

    @Test
    void raisesDecreasingCountsAndReportsWhere() {
        double[] bounds = of(0.1, 1, 10, 100, 1000, INF);
        double[] counts = of(20, 10, 50, 40, 90, 80);

        assertThat(quantile(0.01, bounds, counts)).isCloseTo(0.0045, within(1e-15));
        assertThat(quantile(0.5, bounds, counts)).isCloseTo(8.5, within(1e-14));
        assertThat(quantile(0.99, bounds, counts)).isCloseTo(979.75, within(1e-12));
        assertThat(result.quantile()).isCloseTo(979.75, within(1e-12));
        assertThat(result.forcedMonotonicity()).isTrue();
        assertThat(result.minBucket()).isEqualTo(1);
        assertThat(result.maxBucket()).isEqualTo(INF);
        assertThat(result.maxDiff()).isEqualTo(10);
    }

    @Test
    void ignoresFloatingPointNoiseBetweenNeighbouringCounts() {
        double[] bounds = of(1, 2, INF);
        double[] counts = of(100, 99.99999999999999, 200);

        assertThat(quantile(0.5, bounds, counts)).isEqualTo(1);
        assertThat(result.forcedMonotonicity()).isFalse();
        assertThat(result.fixedPrecision()).isTrue();
        assertThat(result.minBucket()).isEqualTo(INF);
        assertThat(result.maxDiff()).isZero();
    }

    @Test
    void isNaNWithoutAnInfBucketOrObservationsOrASecondBucket() {
        assertThat(quantile(0.5, of(0.1, 1), of(1, 2))).isNaN();
        assertThat(quantile(0.5, of(1, INF), of(0, 0))).isNaN();
        assertThat(quantile(0.5, of(INF), of(5))).isNaN();
        assertThat(quantile(0.5, of(INF, INF), of(2, 3))).isNaN();
    }

    @Test
    void outOfRangeQuantilesAreInfiniteAndNaNIsNaN() {
        assertThat(quantile(-0.1, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(quantile(1.01, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isEqualTo(INF);
        assertThat(quantile(NAN, POSITIVE_BOUNDS, POSITIVE_COUNTS)).isNaN();
        assertThat(quantile(-0.1, of(1, 2), of(1, 2))).as("checked before the +Inf bucket")
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void resultHolderIsResetOnEveryCall() {
        quantile(0.5, of(0.1, 1, INF), of(2, 1, 3));
        assertThat(result.forcedMonotonicity()).isTrue();

        quantile(0.5, POSITIVE_BOUNDS, POSITIVE_COUNTS);
        assertThat(result.forcedMonotonicity()).isFalse();
        assertThat(result.maxBucket()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    // histogram_fraction --------------------------------------------------------------------------------------

    /** le 0 2 4 6 +Inf with 0 10 20 30 30 observations. */
    private static final double[] EVEN_BOUNDS = of(0, 2, 4, 6, INF);
    private static final double[] EVEN_COUNTS = of(0, 10, 20, 30, 30);

    @Test
    void fractionBetweenBucketBoundsAndInsideBuckets() {
        assertThat(fraction(0, 4, EVEN_BOUNDS, EVEN_COUNTS)).isEqualTo(20.0 / 30);
        assertThat(fraction(0, 6, EVEN_BOUNDS, EVEN_COUNTS)).isEqualTo(1);
        assertThat(fraction(0, 3.5, EVEN_BOUNDS, EVEN_COUNTS)).isCloseTo(0.5833333333333334, within(1e-15));
    }

    @Test
    void fractionStartsTheLowestPositiveBucketAtZero() {
        assertThat(fraction(0, 1.5, of(1, 2, 3, INF), of(1, 3, 6, 100))).isCloseTo(0.02, within(1e-15));
        assertThat(fraction(0.5, 1.5, of(1, 2, 3, INF), of(1, 3, 6, 100))).isCloseTo(0.015, within(1e-15));
    }

    @Test
    void fractionDoesNotInterpolateInsideInfiniteBuckets() {
        double[] bounds = of(-3, -2, -1, INF);
        double[] counts = of(10, 12, 15, 100);

        assertThat(fraction(-4, -2, bounds, counts)).isCloseTo(0.02, within(1e-15));
        assertThat(fraction(Double.NEGATIVE_INFINITY, -1.5, bounds, counts)).isCloseTo(0.135, within(1e-15));
        assertThat(fraction(Double.NEGATIVE_INFINITY, INF, bounds, counts)).isEqualTo(1);
        assertThat(fraction(0, 1, bounds, counts)).isZero();
        assertThat(fraction(2, 5, of(1, 2, 3, INF), of(1, 3, 6, 100))).isCloseTo(0.03, within(1e-15));
    }

    @Test
    void fractionOfAnEmptyOrInvertedRange() {
        assertThat(fraction(2, 2, EVEN_BOUNDS, EVEN_COUNTS)).isZero();
        assertThat(fraction(3, 2, EVEN_BOUNDS, EVEN_COUNTS)).isZero();
    }

    @Test
    void fractionIsNaNWithoutObservationsOrInfBucketOrWithNaNBounds() {
        assertThat(fraction(0, 5, of(1, INF), of(0, 0))).isNaN();
        assertThat(fraction(0, 5, of(1, 2), of(1, 2))).isNaN();
        assertThat(fraction(NAN, 5, EVEN_BOUNDS, EVEN_COUNTS)).isNaN();
        assertThat(fraction(0, NAN, EVEN_BOUNDS, EVEN_COUNTS)).isNaN();
    }

    @Test
    void fractionOfASingleInfBucket() {
        assertThat(fraction(0, 1, of(INF), of(5))).isZero();
        assertThat(fraction(Double.NEGATIVE_INFINITY, INF, of(INF), of(5))).isEqualTo(1);
    }

    @Test
    void almostEqualIsRelativeAndTreatsNaNsAsEqual() {
        assertThat(ClassicHistograms.almostEqual(1, 1 + 1e-13, 1e-12)).isTrue();
        assertThat(ClassicHistograms.almostEqual(1, 1 + 1e-11, 1e-12)).isFalse();
        assertThat(ClassicHistograms.almostEqual(NAN, NAN, 1e-12)).isTrue();
        assertThat(ClassicHistograms.almostEqual(0, 1e-300, 1e-12)).isFalse();
        assertThat(ClassicHistograms.almostEqual(Double.longBitsToDouble(0x7ff0000000000002L), NAN, 1e-12))
                .isFalse();
    }
}
