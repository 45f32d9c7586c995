package io.amphora.promql.functions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RangeFunctionsTest {
    private static final long MINUTE = 60_000;

    private final RangeResult result = new RangeResult();

    /** Timestamps 0, step, 2·step, … for {@code count} samples. */
    private static long[] times(long step, int count) {
        long[] t = new long[count];
        for (int i = 0; i < count; i++) {
            t[i] = i * step;
        }
        return t;
    }

    /** {@code start, start+inc, …}: count values. */
    private static double[] ramp(double start, double inc, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = start + i * inc;
        }
        return v;
    }

    private static double[] values(double... v) {
        return v;
    }

    private static long[] longs(long... t) {
        return t;
    }

    // rate, increase, delta ----------------------------------------------------------------------------------

    @Test
    void rateExtrapolatesASteadyCounterToTheRangeStartAndDividesByTheRange() {
        // 0+80x10 every 5m, rate(x[50m]) at 50m: the sample at 0 is outside the left-open window.
        long[] t = times(5 * MINUTE, 11);
        double[] v = ramp(0, 80, 11);

        RangeFunctions.rate(t, v, null, 1, 11, 0, 50 * MINUTE, result);

        assertThat(result.present()).isTrue();
        assertThat(result.value()).isCloseTo(0.26666666666666666, within(1e-16));
        assertThat(result.annotationBits()).isZero();
    }

    @Test
    void rateAddsTheValueBeforeACounterReset() {
        // 0+27x4 0+27x5 every 5m, rate(x[50m]) at 50m.
        long[] t = times(5 * MINUTE, 11);
        double[] v = values(0, 27, 54, 81, 108, 0, 27, 54, 81, 108, 135);

        RangeFunctions.rate(t, v, null, 1, 11, 0, 50 * MINUTE, result);

        assertThat(result.value()).isCloseTo(0.08, within(1e-15));
    }

    @Test
    void increaseDoesNotExtrapolateACounterBelowZero() {
        // 1+10x10 every 5m, increase(x[100m]) at 50m: the zero point is 30s before the first sample.
        long[] t = times(5 * MINUTE, 11);
        double[] v = ramp(1, 10, 11);

        RangeFunctions.increase(t, v, null, 0, 11, -50 * MINUTE, 50 * MINUTE, result);

        assertThat(result.value()).isCloseTo(101, within(1e-12));
    }

    @Test
    void increaseExtrapolatesOnlyHalfAnIntervalWhenTheSeriesStartsInsideTheRange() {
        // 10+10x10 every 5m, increase(x[100m]) at 50m: left extrapolation by 2m30s.
        long[] t = times(5 * MINUTE, 11);
        double[] v = ramp(10, 10, 11);

        RangeFunctions.increase(t, v, null, 0, 11, -50 * MINUTE, 50 * MINUTE, result);

        assertThat(result.value()).isCloseTo(105, within(1e-12));
    }

    @Test
    void rateCutsLeftExtrapolationAtTheCountersZeroPoint() {
        // load 4m: 60+240x10, rate(x[20m]) at 10m sees 60, 300, 540 at 0, 4m, 8m.
        long[] t = times(4 * MINUTE, 3);
        double[] v = values(60, 300, 540);

        RangeFunctions.rate(t, v, null, 0, 3, -10 * MINUTE, 10 * MINUTE, result);

        assertThat(result.value()).isCloseTo(0.55, within(1e-15));
    }

    @Test
    void deltaOfAGaugeIsExtrapolatedWithoutResetCorrection() {
        // 200 150 100 50 0 every 5m, delta(x[20m]) at 20m: window (0, 20m].
        long[] t = times(5 * MINUTE, 5);
        double[] v = values(200, 150, 100, 50, 0);

        RangeFunctions.delta(t, v, 1, 5, 0, 20 * MINUTE, result);

        assertThat(result.value()).isCloseTo(-200, within(1e-12));
    }

    @Test
    void rateHasNoPointForASingleSampleWithoutStartTimestamp() {
        RangeFunctions.rate(longs(60_000), values(3), null, 0, 1, 0, 300_000, result);

        assertThat(result.present()).isFalse();
    }

    @Test
    void rateHasNoPointForAnEmptyWindow() {
        RangeFunctions.rate(longs(), values(), null, 0, 0, 0, 300_000, result);

        assertThat(result.present()).isFalse();
    }

    @Test
    void increaseAssumesZeroAtAStartTimestampInsideTheRange() {
        // Samples 1..5 at 2m..6m, all started at 90s; increase(x[5m]) at 6m.
        long[] t = longs(120_000, 180_000, 240_000, 300_000, 360_000);
        long[] st = longs(90_000, 90_000, 90_000, 90_000, 90_000);
        double[] v = values(1, 2, 3, 4, 5);

        RangeFunctions.increase(t, v, st, 0, 5, 60_000, 360_000, result);

        assertThat(result.value()).isEqualTo(5);
        assertThat(result.annotationBits()).isZero();
    }

    @Test
    void increaseWithStartTimestampStillExtrapolatesToTheRight() {
        long[] t = longs(120_000, 180_000, 240_000, 300_000);
        long[] st = longs(90_000, 90_000, 90_000, 90_000);
        double[] v = values(1, 2, 3, 4);

        RangeFunctions.increase(t, v, st, 0, 4, 60_000, 360_000, result);

        assertThat(result.value()).isCloseTo(5.142857142857143, within(1e-14));
    }

    @Test
    void increaseOfASingleSampleUsesItsStartTimestamp() {
        RangeFunctions.increase(longs(240_000), values(3), longs(90_000), 0, 1, 60_000, 360_000, result);

        assertThat(result.present()).isTrue();
        assertThat(result.value()).isEqualTo(3);
    }

    @Test
    void startTimestampOutsideTheRangeFallsBackToExtrapolation() {
        long[] t = longs(120_000, 180_000, 240_000, 300_000, 360_000);
        long[] st = longs(60_000, 60_000, 60_000, 60_000, 60_000);
        double[] v = values(1, 2, 3, 4, 5);

        RangeFunctions.increase(t, v, st, 0, 5, 60_000, 360_000, result);

        // Extrapolation to the zero point 60s before the first sample: 4 · (240 + 60) / 240.
        assertThat(result.value()).isEqualTo(5);
    }

    @Test
    void aStartTimestampAfterThePreviousSampleIsAReset() {
        // st is 1ms after the first sample's own time for every sample: each sample restarts the counter.
        long[] t = longs(120_000, 180_000, 240_000, 300_000, 360_000);
        long[] st = longs(120_001, 120_001, 120_001, 120_001, 120_001);
        double[] v = values(1, 2, 3, 4, 5);

        RangeFunctions.increase(t, v, st, 0, 5, 60_000, 360_000, result);

        assertThat(result.value()).isCloseTo(6, within(1e-12));
    }

    @Test
    void resetsFoundByValueAndByStartTimestampAreBothCorrected() {
        // 5 (st 1m) at 2m, 5 (st 2m59s) at 3m, 2 (no st) at 4m; increase(x[5m]) at 5m.
        long[] t = longs(120_000, 180_000, 240_000);
        long[] st = longs(60_000, 179_000, 0);
        double[] v = values(5, 5, 2);

        RangeFunctions.increase(t, v, st, 0, 3, 0, 300_000, result);

        assertThat(result.value()).isCloseTo(16, within(1e-12));
    }

    @Test
    void flagsAStartTimestampThatOverlapsThePreviousSample() {
        long[] t = longs(60_000, 120_000, 180_000);
        long[] st = longs(0, 30_000, 30_000);
        double[] v = values(1, 2, 3);

        RangeFunctions.rate(t, v, st, 0, 3, 0, 180_000, result);

        assertThat(result.present()).isTrue();
        assertThat(result.has(FunctionAnnotation.START_TIME_OVERLAP)).isTrue();
    }

    @Test
    void deltaIgnoresStartTimestampsAndResets() {
        long[] t = longs(60_000, 120_000);
        double[] v = values(10, 4);

        RangeFunctions.extrapolatedRate(t, v, longs(59_000, 119_000), 0, 2, 0, 120_000, false, false, result);

        // -6 over 60s, extrapolated 60s to the left (the average interval is 60s, so fully): -12.
        assertThat(result.value()).isEqualTo(-12);
        assertThat(result.annotationBits()).isZero();
    }

    @Test
    void startTimestampResetRules() {
        assertThat(RangeFunctions.isStartTimestampReset(0, 1000, 0, 2000)).as("unknown").isFalse();
        assertThat(RangeFunctions.isStartTimestampReset(0, 1000, 2000, 2000)).as("st == t").isFalse();
        assertThat(RangeFunctions.isStartTimestampReset(0, 1000, 500, 2000)).as("before previous").isFalse();
        assertThat(RangeFunctions.isStartTimestampReset(0, 1000, 1500, 2000)).as("after previous").isTrue();
        assertThat(RangeFunctions.isStartTimestampReset(0, 1000, 1000, 2000)).as("cumulative, unknown start")
                .isFalse();
        assertThat(RangeFunctions.isStartTimestampReset(1000, 1000, 1000, 2000)).as("previous st == t").isFalse();
        assertThat(RangeFunctions.isStartTimestampReset(500, 1000, 1000, 2000)).as("delta sample").isTrue();
        assertThat(RangeFunctions.isStartTimestampReset(1500, 1000, 1000, 2000)).as("invalid previous st")
                .isFalse();
    }

    @Test
    void rangeSecondsAddsTheFractionAsGoDurationDoes() {
        assertThat(RangeFunctions.rangeSeconds(300_000)).isEqualTo(300.0);
        assertThat(RangeFunctions.rangeSeconds(90_500)).isEqualTo(90.5);
        assertThat(RangeFunctions.rangeSeconds(1_001)).isEqualTo(1.0 + 0.001);
    }

    // anchored and smoothed -------------------------------------------------------------------------------------

    /** 1 2 3 4 5 9 10 11 12 13 every 15s (a counter jumping by 4 between 60s and 75s). */
    private static final long[] JUMP_T = times(15_000, 10);
    private static final double[] JUMP_V = values(1, 2, 3, 4, 5, 9, 10, 11, 12, 13);

    @Test
    void anchoredIncreaseStartsFromTheLastSampleBeforeTheRange() {
        // increase(x[1m] anchored) at 80s: the window reaches back a lookback (5m) and ends at 80s.
        RangeFunctions.extendedRate(JUMP_T, JUMP_V, 0, 6, 20_000, 80_000, false, true, false, result);

        assertThat(result.value()).isEqualTo(7);
    }

    @Test
    void anchoredIncreaseOfASingleSampleIsZero() {
        RangeFunctions.extendedRate(JUMP_T, JUMP_V, 0, 1, -55_000, 5_000, false, true, false, result);

        assertThat(result.present()).isTrue();
        assertThat(result.value()).isZero();
    }

    @Test
    void anchoredHasNoPointWithoutASampleInsideTheRange() {
        RangeFunctions.extendedRate(JUMP_T, JUMP_V, 0, 2, 20_000, 80_000, false, true, false, result);

        assertThat(result.present()).isFalse();
    }

    @Test
    void smoothedIncreaseInterpolatesAtBothEdges() {
        // increase(x[1m] smoothed) at 65s: 1.33 at 5s, 6.33 at 65s.
        RangeFunctions.extendedRate(JUMP_T, JUMP_V, 0, 10, 5_000, 65_000, true, true, false, result);

        assertThat(result.value()).isCloseTo(5, within(1e-12));
    }

    @Test
    void smoothedIncreaseUsesTheLastSampleAsRightNeighbourWhenNoneIsAfterTheRange() {
        RangeFunctions.extendedRate(JUMP_T, JUMP_V, 0, 10, 65_000, 125_000, true, true, false, result);

        assertThat(result.value()).isCloseTo(6, within(1e-12));
    }

    @Test
    void smoothedIncreaseBeforeTheFirstSampleUsesItAsLeftValue() {
        // increase(x[1m] smoothed) at 5s: from 1 (first sample, at 0) to 1.33 (at 5s).
        RangeFunctions.extendedRate(JUMP_T, JUMP_V, 0, 10, -55_000, 5_000, true, true, false, result);

        assertThat(result.value()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void smoothedRateModelsACounterResetInsideTheRange() {
        long[] t = longs(0, 10_000, 20_000, 30_000);
        double[] v = values(10, 20, 5, 15);

        RangeFunctions.extendedRate(t, v, 0, 4, 5_000, 25_000, true, true, true, result);

        // 15 → 20, reset to 0 → 5, → 10 at 25s: an increase of 15 over 20s.
        assertThat(result.value()).isEqualTo(0.75);
    }

    @Test
    void smoothedDeltaOfAGaugeDoesNotCorrectDecreases() {
        long[] t = longs(0, 10_000, 20_000, 30_000);
        double[] v = values(10, 20, 5, 15);

        RangeFunctions.extendedRate(t, v, 0, 4, 5_000, 25_000, true, false, false, result);

        assertThat(result.value()).isEqualTo(-5);
    }

    @Test
    void smoothedHasNoPointWhenAllSamplesAreAfterTheRange() {
        RangeFunctions.extendedRate(longs(100_000, 110_000), values(1, 2), 0, 2, 0, 60_000, true, true, false,
                result);

        assertThat(result.present()).isFalse();
    }

    @Test
    void interpolationOfACounterRestartsFromZeroAfterAReset() {
        assertThat(RangeFunctions.interpolate(0, 10, 10_000, 20, 5_000, true)).isEqualTo(15);
        assertThat(RangeFunctions.interpolate(0, 10, 10_000, 4, 5_000, true)).isEqualTo(2);
        assertThat(RangeFunctions.interpolate(0, 10, 10_000, 4, 5_000, false)).isEqualTo(7);
    }

    // irate, idelta -------------------------------------------------------------------------------------------

    @Test
    void irateIsTheRateBetweenTheLastTwoSamples() {
        long[] t = times(5 * MINUTE, 5);
        double[] v = values(1, Double.NaN, Double.NaN, 5, 11);

        RangeFunctions.irate(t, v, null, 1, 5, result);

        assertThat(result.value()).isEqualTo(0.02);
    }

    @Test
    void irateWithANaNPredecessorIsNaN() {
        long[] t = times(5 * MINUTE, 4);
        double[] v = values(1, Double.NaN, Double.NaN, 5);

        RangeFunctions.irate(t, v, null, 0, 4, result);

        assertThat(result.value()).isNaN();
    }

    @Test
    void irateAfterACounterResetUsesTheLastValue() {
        long[] t = times(5 * MINUTE, 2);

        RangeFunctions.irate(t, values(50, 0), null, 0, 2, result);
        assertThat(result.value()).isZero();

        RangeFunctions.irate(t, values(50, 30), null, 0, 2, result);
        assertThat(result.value()).isEqualTo(0.1);
    }

    @Test
    void irateTreatsAStartTimestampResetAsAReset() {
        RangeFunctions.irate(longs(60_000, 120_000), values(100, 150), longs(0, 90_000), 0, 2, result);

        assertThat(result.value()).isEqualTo(2.5);
    }

    @Test
    void ideltaIsTheDifferenceOfTheLastTwoSamplesEvenWhenDecreasing() {
        RangeFunctions.idelta(times(MINUTE, 3), values(1, 50, 20), 0, 3, result);

        assertThat(result.value()).isEqualTo(-30);
    }

    @Test
    void irateHasNoPointForASingleSample() {
        RangeFunctions.irate(longs(0), values(1), null, 0, 1, result);

        assertThat(result.present()).isFalse();
    }

    // resets, changes -----------------------------------------------------------------------------------------

    @Test
    void resetsCountsDecreasesAndStartTimestampResets() {
        long[] t = times(MINUTE, 5);
        double[] v = values(1, 2, 1, 5, 6);

        assertThat(RangeFunctions.resets(t, v, null, 0, 5)).isEqualTo(1);
        assertThat(RangeFunctions.resets(t, v, longs(0, 0, 0, 0, 200_000), 0, 5)).isEqualTo(2);
        assertThat(RangeFunctions.resets(t, v, null, 4, 5)).isZero();
    }

    @Test
    void changesDoesNotCountConsecutiveNaNs() {
        assertThat(RangeFunctions.changes(values(Double.NaN, Double.NaN, Double.NaN), 0, 3)).isZero();
        assertThat(RangeFunctions.changes(values(0, Double.NaN, 0), 0, 3)).isEqualTo(2);
        assertThat(RangeFunctions.changes(values(1, 1, 2, 2, 1), 0, 5)).isEqualTo(2);
    }

    @Test
    void anchoredWindowsStartAtTheLastSampleAtOrBeforeTheRangeStart() {
        long[] t = times(MINUTE, 5);

        assertThat(RangeFunctions.anchoredFirstIndex(t, 0, 5, 90_000)).isEqualTo(1);
        assertThat(RangeFunctions.anchoredFirstIndex(t, 0, 5, 120_000)).isEqualTo(2);
        assertThat(RangeFunctions.anchoredFirstIndex(t, 0, 5, -1)).isZero();
        assertThat(RangeFunctions.anchoredFirstIndex(t, 0, 5, 240_000)).isEqualTo(-1);
    }

    // *_over_time ---------------------------------------------------------------------------------------------

    @Test
    void sumOverTimeCompensatesCancellingMagnitudes() {
        double[] v = values(1, 1e100, 1, -1e100);

        assertThat(RangeFunctions.sumOverTime(v, 0, 4)).isEqualTo(2);
        assertThat(RangeFunctions.avgOverTime(v, 0, 4)).isEqualTo(0.5);
    }

    @Test
    void sumOverTimeKeepsAnInfiniteSum() {
        assertThat(RangeFunctions.sumOverTime(values(1, Double.POSITIVE_INFINITY, 2), 0, 3))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(RangeFunctions.sumOverTime(values(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), 0, 2))
                .isNaN();
    }

    @Test
    void sumOverTimeOfManyEqualSamplesIsExact() {
        double[] v = ramp(1, 0, 3003);

        assertThat(RangeFunctions.sumOverTime(v, 0, 3003)).isEqualTo(3003);
    }

    @Test
    void avgOverTimeOfEqualSamplesIsExactlyThatValue() {
        double[] v = ramp(52, 0, 14);

        assertThat(RangeFunctions.avgOverTime(v, 0, 14)).isEqualTo(52);
    }

    @Test
    void avgOverTimeSwitchesToAnIncrementalMeanBeforeOverflowing() {
        assertThat(RangeFunctions.avgOverTime(values(Double.MAX_VALUE, Double.MAX_VALUE), 0, 2))
                .isEqualTo(Double.MAX_VALUE);
        assertThat(RangeFunctions.avgOverTime(
                values(1.78264e50, 0.76342771, 1.9592258, 2.258e220, 7.69805412, 458.90154), 0, 6))
                .isCloseTo(3.76333333333333e219, within(1e207));
    }

    @Test
    void avgOverTimeOfMixedMagnitudesMatchesPrometheus() {
        assertThat(RangeFunctions.avgOverTime(values(1e10, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6), 0, 6))
                .isEqualTo(1.6666666666666675e+09);
        assertThat(RangeFunctions.avgOverTime(values(-1.78264e219, 0.76342771, 1.9592258, 2.3757689e217,
                -2.3757689e217, 2.258e220, 7.69805412, 1.78264e219, -458.90154), 0, 9))
                .isEqualTo(2.5088888888888888e+219);
        assertThat(RangeFunctions.avgOverTime(values(-2.258e220, -1.78264e219, 0.76342771, 1.9592258,
                2.3757689e217, -2.3757689e217, 2.258e220, 7.69805412, 1.78264e219, -458.90154), 0, 10))
                .isZero();
    }

    @Test
    void minAndMaxOverTimeSkipNaNUnlessEveryValueIsNaN() {
        double[] v = values(Double.NaN, 3, 1, Double.NaN, 2);

        assertThat(RangeFunctions.minOverTime(v, 0, 5)).isEqualTo(1);
        assertThat(RangeFunctions.maxOverTime(v, 0, 5)).isEqualTo(3);
        assertThat(RangeFunctions.maxOverTime(values(Double.NaN, Double.NaN), 0, 2)).isNaN();
    }

    @Test
    void timestampOfMinAndMaxIsTheLastOccurrence() {
        long[] t = times(10_000, 5);
        double[] v = values(2, 5, 1, 5, 1);

        assertThat(RangeFunctions.tsOfMaxOverTime(t, v, 0, 5)).isEqualTo(30);
        assertThat(RangeFunctions.tsOfMinOverTime(t, v, 0, 5)).isEqualTo(40);
        assertThat(RangeFunctions.tsOfFirstOverTime(t, 1, 5)).isEqualTo(10);
        assertThat(RangeFunctions.tsOfLastOverTime(t, 1, 4)).isEqualTo(30);
        assertThat(RangeFunctions.timestampSeconds(1_500)).isEqualTo(1.5);
    }

    @Test
    void timestampOfFirstAndLastAcrossFloatsAndHistograms() {
        long[] floats = longs(10_000, 20_000);
        long[] histograms = longs(5_000, 30_000);

        assertThat(RangeFunctions.tsOfFirstOverTime(floats, 0, 2, histograms, 0, 2)).isEqualTo(5);
        assertThat(RangeFunctions.tsOfLastOverTime(floats, 0, 2, histograms, 0, 2)).isEqualTo(30);
        assertThat(RangeFunctions.tsOfFirstOverTime(floats, 0, 2, histograms, 0, 0)).isEqualTo(10);
        assertThat(RangeFunctions.tsOfLastOverTime(floats, 0, 0, histograms, 0, 1)).isEqualTo(5);
    }

    @Test
    void timestampOfLastOverTimeBefore1970IsZeroAsInPrometheus() {
        long[] t = longs(-20_000, -10_000);

        assertThat(RangeFunctions.tsOfLastOverTime(t, 0, 2)).isZero();
        assertThat(RangeFunctions.tsOfFirstOverTime(t, 0, 2)).isEqualTo(-20);
    }

    @Test
    void firstLastCountAndPresentOverTime() {
        double[] v = values(4, 5, 6);

        assertThat(RangeFunctions.firstOverTime(v, 1, 3)).isEqualTo(5);
        assertThat(RangeFunctions.lastOverTime(v, 0, 2)).isEqualTo(5);
        assertThat(RangeFunctions.countOverTime(3, 2)).isEqualTo(5);
        assertThat(RangeFunctions.presentOverTime()).isEqualTo(1);
    }

    @Test
    void stdvarAndStddevOverTimeArePopulationStatistics() {
        double[] v = values(0, 8, 8, 2, 3);

        assertThat(RangeFunctions.stdvarOverTime(v, 0, 5)).isCloseTo(10.56, within(1e-12));
        assertThat(RangeFunctions.stddevOverTime(v, 0, 5)).isCloseTo(3.249615, within(1e-6));
    }

    @Test
    void stdvarOverTimeOfEqualValuesIsExactlyZero() {
        double[] v = values(1.5990505637277868, 1.5990505637277868, 1.5990505637277868);

        assertThat(RangeFunctions.stdvarOverTime(v, 0, 3)).isZero();
        assertThat(RangeFunctions.stddevOverTime(v, 0, 3)).isZero();
    }

    @Test
    void quantileOverTimeInterpolatesBetweenRanks() {
        double[] v = values(0, 10, 20, 30, 40);
        double[] scratch = new double[5];

        assertThat(RangeFunctions.quantileOverTime(0.5, v, 0, 5, scratch)).isEqualTo(20);
        assertThat(RangeFunctions.quantileOverTime(0.95, v, 1, 5, scratch)).isCloseTo(38.5, within(1e-12));
        assertThat(RangeFunctions.quantileOverTime(-1, v, 0, 5, scratch)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(v).containsExactly(0, 10, 20, 30, 40);
    }

    @Test
    void madOverTimeIsTheMedianAbsoluteDeviation() {
        double[] scratch = new double[7];

        assertThat(RangeFunctions.madOverTime(values(4, 6, 2, 1, 999, 1, 2), 0, 7, scratch)).isEqualTo(1);
        assertThat(RangeFunctions.madOverTime(values(1, 2, 3, 4, 5), 0, 5, scratch)).isEqualTo(1);
        assertThat(RangeFunctions.madOverTime(values(7, 7, 7), 0, 3, scratch)).isZero();
        assertThat(RangeFunctions.madOverTime(values(1, 2, Double.NaN, 4), 0, 4, scratch)).isNaN();
    }

    // deriv, predict_linear, double_exponential_smoothing -------------------------------------------------------

    /** 0+10x4 0+10x5 every 5m. */
    private static final long[] RESET_T = times(5 * MINUTE, 11);
    private static final double[] RESET_V = values(0, 10, 20, 30, 40, 0, 10, 20, 30, 40, 50);

    @Test
    void derivIsTheLeastSquaresSlopePerSecond() {
        assertThat(RangeFunctions.deriv(RESET_T, RESET_V, 0, 11)).isEqualTo(0.010606060606060607);
        assertThat(RangeFunctions.deriv(times(5 * MINUTE, 11), ramp(0, 80, 11), 1, 11))
                .isCloseTo(0.26666666666666666, within(1e-16));
    }

    @Test
    void derivOfConstantValuesIsZeroAndOfInfinityIsNaN() {
        assertThat(RangeFunctions.deriv(times(MINUTE, 3), values(5, 5, 5), 0, 3)).isZero();
        assertThat(RangeFunctions.deriv(times(MINUTE, 3), values(Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY), 0, 3)).isNaN();
        assertThat(RangeFunctions.deriv(times(MINUTE, 3), values(Double.NEGATIVE_INFINITY, 0, 80), 0, 3)).isNaN();
    }

    @Test
    void predictLinearExtrapolatesFromTheEvaluationTime() {
        assertThat(RangeFunctions.predictLinear(RESET_T, RESET_V, 1, 11, 3600, 3_000_000))
                .isCloseTo(70, within(1e-9));
        assertThat(RangeFunctions.predictLinear(RESET_T, RESET_V, 0, 11, 3600, 3_000_000))
                .isCloseTo(76.81818181818181, within(1e-12));
        // An @-pinned window evaluated at 10m.
        assertThat(RangeFunctions.predictLinear(RESET_T, RESET_V, 0, 11, 3600, 600_000))
                .isCloseTo(51.36363636363637, within(1e-12));
    }

    @Test
    void predictLinearOfConstantValuesIsThatValueUnlessPredictingInfinitelyFar() {
        long[] t = times(MINUTE, 3);
        double[] v = values(5, 5, 5);

        assertThat(RangeFunctions.predictLinear(t, v, 0, 3, 3600, 180_000)).isEqualTo(5);
        assertThat(RangeFunctions.predictLinear(t, v, 0, 3, Double.POSITIVE_INFINITY, 180_000)).isNaN();
    }

    @Test
    void doubleExponentialSmoothingFollowsATrend() {
        // A straight line is reproduced exactly by Holt's method.
        assertThat(RangeFunctions.doubleExponentialSmoothing(ramp(0, 10, 5), 0, 5, 0.5, 0.5)).isEqualTo(40);
        // Two samples: s1 = sf·x1 + (1−sf)·(x0 + (x1−x0)) = x1.
        assertThat(RangeFunctions.doubleExponentialSmoothing(values(3, 7), 0, 2, 0.1, 0.9)).isEqualTo(7);
    }

    @Test
    void doubleExponentialSmoothingComputesHoltsRecurrence() {
        // x = 1 4 2 8, sf = 0.5, tf = 0.5:
        // i=1: b=3, s1 = 2 + 0.5·(1+3) = 4
        // i=2: b = 0.5·(4−1) + 0.5·3 = 3, s1 = 1 + 0.5·(4+3) = 4.5
        // i=3: b = 0.5·(4.5−4) + 0.5·3 = 1.75, s1 = 4 + 0.5·(4.5+1.75) = 7.125
        assertThat(RangeFunctions.doubleExponentialSmoothing(values(1, 4, 2, 8), 0, 4, 0.5, 0.5))
                .isEqualTo(7.125);
    }

    @Test
    void smoothingAndTrendFactorsOutsideTheOpenUnitIntervalAreQueryErrors() {
        assertThat(RangeFunctions.smoothingFactorError(0.5)).isNull();
        assertThat(RangeFunctions.smoothingFactorError(Double.NaN)).isNull();
        assertThat(RangeFunctions.smoothingFactorError(1))
                .isEqualTo("invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000");
        assertThat(RangeFunctions.trendFactorError(0))
                .isEqualTo("invalid trend factor. Expected: 0 < tf < 1, got: 0.000000");
        assertThat(RangeFunctions.trendFactorError(Double.NEGATIVE_INFINITY))
                .isEqualTo("invalid trend factor. Expected: 0 < tf < 1, got: -Inf");
    }
}
