package io.amphora.promql.functions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AggregationsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static double quantile(double q, double... values) {
        return Aggregations.quantile(q, values.clone(), values.length);
    }

    private static double mean(double... values) {
        Aggregations.Mean mean = new Aggregations.Mean();
        mean.start(values[0]);
        for (int i = 1; i < values.length; i++) {
            mean.add(values[i]);
        }
        return mean.result();
    }

    private static Aggregations.Variance variance(double... values) {
        Aggregations.Variance variance = new Aggregations.Variance();
        variance.start(values[0]);
        for (int i = 1; i < values.length; i++) {
            variance.add(values[i]);
        }
        return variance;
    }

    @Test
    void quantileInterpolatesBetweenNeighbouringRanks() {
        assertThat(quantile(0.8, 0, 1)).isEqualTo(0.8);
        assertThat(quantile(0.8, 2, 0, 1)).isCloseTo(1.6, within(1e-15));
        assertThat(quantile(0.8, 0, 4, 1)).isCloseTo(2.8, within(1e-15));
        assertThat(quantile(0.2, 0, 1, 4)).isCloseTo(0.4, within(1e-15));
        assertThat(quantile(1, 3, 1, 2)).isEqualTo(3);
        assertThat(quantile(0, 3, 1, 2)).isEqualTo(1);
    }

    @Test
    void quantileSortsNaNBelowEveryNumber() {
        assertThat(quantile(0.8, 0, 1, NAN)).isCloseTo(0.6, within(1e-15));
        assertThat(quantile(0.2, 0, 1, NAN)).isNaN();
    }

    @Test
    void quantileOutOfRangeOrNaNOrOfNothing() {
        assertThat(quantile(NAN, 1, 2)).isNaN();
        assertThat(quantile(-0.5, 1, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(quantile(1.5, 1, 2)).isEqualTo(INF);
        assertThat(Aggregations.quantile(0.5, new double[0], 0)).isNaN();
        assertThat(quantile(-0.5)).isNaN();
    }

    @Test
    void quantileOfManyValuesSortsTheNaNsFirstToo() {
        double[] values = {5, NAN, 3, 9, 1, 7, NAN, 2, 8, 6, 4, 0, 10, 11, NAN, 12};
        double[] copy = values.clone();

        assertThat(Aggregations.quantile(0.5, copy, copy.length)).isEqualTo(4.5);
        assertThat(copy).startsWith(NAN, NAN, NAN, 0, 1, 2);
        assertThat(copy[copy.length - 1]).isEqualTo(12);
    }

    @Test
    void sortOfLongInputsMatchesANumericSortWithNaNsMovedFirst() {
        java.util.Random random = new java.util.Random(42);
        for (int n : new int[] {13, 14, 50, 257}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(10) == 0 ? NAN : Math.floor(random.nextGaussian() * 100) / 4;
            }
            double[] expected = values.clone();
            java.util.Arrays.sort(expected);
            int nans = (int) java.util.Arrays.stream(values).filter(Double::isNaN).count();
            double[] expectedNaNFirst = new double[n];
            java.util.Arrays.fill(expectedNaNFirst, 0, nans, NAN);
            System.arraycopy(expected, 0, expectedNaNFirst, nans, n - nans);

            Aggregations.sortNaNFirst(values, n);

            assertThat(values).as("n=%s", n).containsExactly(expectedNaNFirst);
        }
    }

    @Test
    void sortKeepsTheInputOrderOfEqualZerosLikeGoForShortInputs() {
        double[] values = {0.0, -0.0, 1};
        Aggregations.sortNaNFirst(values, 3);

        assertThat(Double.doubleToRawLongBits(values[0])).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Double.doubleToRawLongBits(values[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void validQuantilesAreBetweenZeroAndOne() {
        assertThat(Aggregations.isValidQuantile(0)).isTrue();
        assertThat(Aggregations.isValidQuantile(1)).isTrue();
        assertThat(Aggregations.isValidQuantile(-0.1)).isFalse();
        assertThat(Aggregations.isValidQuantile(1.1)).isFalse();
        assertThat(Aggregations.isValidQuantile(NAN)).isFalse();
    }

    @Test
    void minAndMaxReplaceANaNGroupValueButIgnoreNaNInputs() {
        assertThat(Aggregations.max(NAN, 1)).isEqualTo(1);
        assertThat(Aggregations.max(1, NAN)).isEqualTo(1);
        assertThat(Aggregations.max(1, 2)).isEqualTo(2);
        assertThat(Aggregations.min(NAN, 1)).isEqualTo(1);
        assertThat(Aggregations.min(1, NAN)).isEqualTo(1);
        assertThat(Aggregations.min(1, 2)).isEqualTo(1);
    }

    @Test
    void meanIsCompensated() {
        assertThat(mean(2, 8, 1e100, -1e100)).isEqualTo(2.5);
        assertThat(mean(10, 10, 10)).isEqualTo(10);
    }

    @Test
    void meanOfHugeValuesDoesNotOverflow() {
        double big = 9.988465674311579e+307;

        assertThat(mean(big, big, big, big)).isEqualTo(big);
        assertThat(mean(-big, -big, -big, -big)).isEqualTo(-big);
        assertThat(mean(-big, -big, big, big)).isZero();
    }

    @Test
    void meanWithInfinitiesAndNaN() {
        assertThat(mean(INF, 2)).isEqualTo(INF);
        assertThat(mean(2, INF)).isEqualTo(INF);
        assertThat(mean(INF, -INF)).isNaN();
        assertThat(mean(-INF, 0, INF)).isNaN();
        assertThat(mean(NAN, 2)).isNaN();
    }

    @Test
    void meanCountsItsInputs() {
        Aggregations.Mean mean = new Aggregations.Mean();
        mean.start(1);
        mean.add(2);

        assertThat(mean.count()).isEqualTo(2);
        mean.start(7);
        assertThat(mean.count()).isEqualTo(1);
        assertThat(mean.result()).isEqualTo(7);
    }

    @Test
    void varianceIsThePopulationVariance() {
        // 0 10 20 … 100 of two instances at 50m; stdvar 52500 over the 8 series of aggregators.test.
        assertThat(variance(100, 200, 300, 400, 500, 600, 700, 800).variance()).isEqualTo(52500);
        assertThat(variance(100, 200, 300, 400, 500, 600, 700, 800).standardDeviation())
                .isCloseTo(229.12878474779, within(1e-9));
        assertThat(variance(1, 2).standardDeviation()).isEqualTo(0.5);
        assertThat(variance(13.3, 13.3, 13.3).variance()).isZero();
    }

    @Test
    void varianceIsNaNWhenAnyInputIsNaNOrTheFirstIsInfinite() {
        assertThat(variance(1, 2, NAN).variance()).isNaN();
        assertThat(variance(NAN, 1, 2).variance()).isNaN();
        assertThat(variance(INF, 1).variance()).isNaN();
        assertThat(variance(1, INF).variance()).isNaN();
        assertThat(variance(5).variance()).isZero();
    }
}
