package io.amphora.promql.functions;

import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.HistogramKahanSum;
import io.amphora.model.histogram.HistogramMean;
import io.amphora.model.histogram.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramRangeFunctionsTest {
    private static final Span[] NO_SPANS = new Span[0];
    private static final double[] NONE = new double[0];

    private final RangeResult result = new RangeResult();

    /** A schema-0 histogram with all {@code count} observations in bucket 0 and {@code sum} = count. */
    private static FloatHistogram hist(double count) {
        return hist(count, CounterResetHint.UNKNOWN);
    }

    private static FloatHistogram hist(double count, CounterResetHint hint) {
        return new FloatHistogram(hint, 0, 0, 0, count, count, new Span[] {new Span(0, 1)}, new double[] {count},
                NO_SPANS, NONE, NONE);
    }

    private static FloatHistogram gauge(double count) {
        return hist(count, CounterResetHint.GAUGE);
    }

    /** A custom-bucket histogram (bounds 1, 10) with all observations in the first bucket. */
    private static FloatHistogram custom(double count) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, count, count,
                new Span[] {new Span(0, 1)}, new double[] {count}, NO_SPANS, NONE, new double[] {1, 10});
    }

    private static FloatHistogram[] hists(double... counts) {
        FloatHistogram[] h = new FloatHistogram[counts.length];
        for (int i = 0; i < counts.length; i++) {
            h[i] = hist(counts[i]);
        }
        return h;
    }

    private static long[] times(long step, int count) {
        long[] t = new long[count];
        for (int i = 0; i < count; i++) {
            t[i] = i * step;
        }
        return t;
    }

    private static long[] longs(long... t) {
        return t;
    }

    /** Asserts a result histogram whose count, sum and single bucket all equal {@code expected}. */
    private void assertUniform(double expected, double tolerance) {
        assertThat(result.present()).as("point present: %s", result).isTrue();
        FloatHistogram h = result.histogram();
        assertThat(h).isNotNull();
        assertThat(h.count()).isCloseTo(expected, within(tolerance));
        assertThat(h.sum()).isCloseTo(expected, within(tolerance));
        double buckets = 0;
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            buckets += h.positiveBucket(i);
        }
        assertThat(buckets).isCloseTo(expected, within(tolerance));
    }

    // rate, increase, delta ----------------------------------------------------------------------------------

    @Test
    void rateOfAHistogramCounterIsAGaugeHistogramPerSecond() {
        long[] t = longs(60_000, 120_000, 180_000, 240_000);

        HistogramRangeFunctions.rate(t, hists(10, 20, 30, 40), null, 0, 4, 0, 240_000, result);

        // 30 more observations over 180s, extrapolated 60s to the left (exactly to the zero point): 40 in 240s.
        assertUniform(1.0 / 6, 1e-15);
        assertThat(result.histogram().counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(result.annotationBits()).isZero();
    }

    @Test
    void increaseAddsBackWhatACounterResetDropped() {
        long[] t = times(60_000, 4);

        HistogramRangeFunctions.increase(t, hists(10, 20, 5, 15), null, 0, 4, 0, 180_000, result);

        assertUniform(25, 1e-12);
    }

    @Test
    void aResetAfterTheFirstHistogramDropsTheFirst() {
        long[] t = times(60_000, 3);

        HistogramRangeFunctions.increase(t, hists(30, 5, 15), null, 0, 3, 0, 120_000, result);

        assertUniform(15, 1e-12);
    }

    @Test
    void deltaOfGaugeHistogramsIsTheirDifference() {
        long[] t = times(60_000, 3);
        FloatHistogram[] h = {gauge(10), gauge(30), gauge(4)};

        HistogramRangeFunctions.delta(t, h, 0, 3, 0, 120_000, result);

        assertUniform(-6, 1e-12);
        assertThat(result.annotationBits()).isZero();
    }

    @Test
    void deltaOfCounterHistogramsWarns() {
        HistogramRangeFunctions.delta(times(60_000, 2), hists(1, 2), 0, 2, 0, 60_000, result);

        assertThat(result.present()).isTrue();
        assertThat(result.has(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_GAUGE)).isTrue();
    }

    @Test
    void rateOfGaugeHistogramsWarns() {
        FloatHistogram[] h = {hist(1), gauge(2), hist(3)};

        HistogramRangeFunctions.rate(times(60_000, 3), h, null, 0, 3, 0, 120_000, result);

        assertThat(result.present()).isTrue();
        assertThat(result.has(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_COUNTER)).isTrue();
    }

    @Test
    void aSwitchToCustomBucketsIsAResetThatDropsTheFirstHistogram() {
        FloatHistogram[] h = {hist(1), custom(2), custom(3)};

        HistogramRangeFunctions.increase(times(60_000, 3), h, null, 0, 3, 0, 120_000, result);

        assertThat(result.present()).isTrue();
        assertThat(result.histogram().usesCustomBuckets()).isTrue();
        assertThat(result.histogram().count()).isCloseTo(3, within(1e-12));
    }

    @Test
    void rateOverExponentialAndCustomBucketsHasNoPointAndOnlyThatWarning() {
        // The gauge hint of the last histogram would warn too, but Prometheus drops that warning here.
        FloatHistogram[] h = {custom(1), custom(2), gauge(3)};

        HistogramRangeFunctions.rate(times(60_000, 3), h, null, 0, 3, 0, 120_000, result);

        assertThat(result.present()).isFalse();
        assertThat(result.annotationBits()).isEqualTo(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS.bit());
    }

    @Test
    void aSingleHistogramWithAStartTimestampInsideTheRangeIsItsOwnIncrease() {
        FloatHistogram h = hist(3);

        HistogramRangeFunctions.increase(longs(240_000), new FloatHistogram[] {h}, longs(90_000), 0, 1, 60_000,
                360_000, result);

        assertUniform(3, 0);
        assertThat(result.histogram().counterResetHint()).isEqualTo(CounterResetHint.UNKNOWN);
    }

    @Test
    void aSingleHistogramWithoutStartTimestampHasNoPoint() {
        HistogramRangeFunctions.increase(longs(240_000), hists(3), null, 0, 1, 60_000, 360_000, result);

        assertThat(result.present()).isFalse();
    }

    @Test
    void aStartTimestampResetCountsLikeADetectedReset() {
        // 5 then 7 would not be a reset, but the second histogram started after the first.
        long[] t = longs(60_000, 120_000);

        HistogramRangeFunctions.increase(t, hists(5, 7), longs(0, 90_000), 0, 2, 60_000, 120_000, result);

        assertUniform(7, 1e-12);
    }

    @Test
    void rateReducesToTheSmallestSchema() {
        FloatHistogram fine = new FloatHistogram(CounterResetHint.UNKNOWN, 1, 0, 0, 2, 2,
                new Span[] {new Span(0, 2)}, new double[] {1, 1}, NO_SPANS, NONE, NONE);
        FloatHistogram coarse = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 4, 4,
                new Span[] {new Span(0, 2)}, new double[] {2, 2}, NO_SPANS, NONE, NONE);

        HistogramRangeFunctions.increase(times(60_000, 2), new FloatHistogram[] {fine, coarse}, null, 0, 2, 0,
                60_000, result);

        assertThat(result.histogram().schema()).isZero();
        assertThat(result.histogram().count()).isCloseTo(2, within(1e-12));
    }

    // anchored, smoothed, interpolation --------------------------------------------------------------------------

    private static final long[] JUMP_T = times(15_000, 10);
    private static final FloatHistogram[] JUMP_H = hists(1, 2, 3, 4, 5, 9, 10, 11, 12, 13);

    @Test
    void anchoredIncreaseOfHistogramsMatchesTheFloatResult() {
        HistogramRangeFunctions.extendedRate(JUMP_T, JUMP_H, 0, 6, 20_000, 80_000, false, true, false, result);

        assertUniform(7, 1e-12);
        assertThat(result.histogram().counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
    }

    @Test
    void smoothedIncreaseOfHistogramsInterpolatesAtBothEdges() {
        HistogramRangeFunctions.extendedRate(JUMP_T, JUMP_H, 0, 10, 5_000, 65_000, true, true, false, result);

        assertUniform(5, 1e-12);
    }

    @Test
    void smoothedRateOfHistogramsCorrectsAResetBetweenTheEdges() {
        long[] t = longs(0, 10_000, 20_000, 30_000);

        HistogramRangeFunctions.extendedRate(t, hists(10, 20, 5, 15), 0, 4, 5_000, 25_000, true, true, true, result);

        assertUniform(0.75, 1e-15);
    }

    @Test
    void extendedRateOfGaugeHistogramsWarnsForCounterFunctions() {
        FloatHistogram[] h = {gauge(1), gauge(2)};

        HistogramRangeFunctions.extendedRate(times(10_000, 2), h, 0, 2, 0, 10_000, false, true, false, result);

        assertThat(result.present()).isTrue();
        assertThat(result.has(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_COUNTER)).isTrue();
    }

    @Test
    void extendedRateHasNoPointForMixedSchemas() {
        FloatHistogram[] h = {hist(1), custom(2)};

        HistogramRangeFunctions.extendedRate(times(10_000, 2), h, 0, 2, 0, 10_000, false, true, false, result);

        assertThat(result.present()).isFalse();
        assertThat(result.has(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS)).isTrue();
    }

    @Test
    void interpolationOfACounterHistogramRestartsFromZeroAfterAReset() {
        HistogramRangeFunctions.interpolate(hist(10), 0, hist(4), 10_000, 5_000, true, result);
        assertUniform(2, 1e-15);

        HistogramRangeFunctions.interpolate(hist(10), 0, hist(4), 10_000, 5_000, false, result);
        assertUniform(7, 1e-15);

        HistogramRangeFunctions.interpolate(hist(10), 0, hist(20), 10_000, 10_000, true, result);
        assertUniform(20, 0);
    }

    // sum_over_time, avg_over_time -------------------------------------------------------------------------------

    @Test
    void sumOverTimeAddsAllHistograms() {
        HistogramRangeFunctions.sumOverTime(hists(1, 2, 3, 4), 1, 4, new HistogramKahanSum(), result);

        assertUniform(9, 0);
        assertThat(result.annotationBits()).isZero();
    }

    @Test
    void avgOverTimeAveragesAllHistograms() {
        HistogramRangeFunctions.avgOverTime(hists(1, 2, 3, 4), 0, 4, new HistogramMean(), result);

        assertUniform(2.5, 0);
    }

    @Test
    void sumOverTimeReportsConflictingCounterResetHints() {
        FloatHistogram[] h = {hist(1, CounterResetHint.COUNTER_RESET), hist(2, CounterResetHint.NOT_COUNTER_RESET)};

        HistogramRangeFunctions.sumOverTime(h, 0, 2, new HistogramKahanSum(), result);

        assertThat(result.present()).isTrue();
        assertThat(result.has(FunctionAnnotation.HISTOGRAM_COUNTER_RESET_COLLISION_AGG)).isTrue();
    }

    @Test
    void sumAndAvgOverTimeHaveNoPointForMixedSchemas() {
        FloatHistogram[] h = {hist(1, CounterResetHint.COUNTER_RESET), hist(2, CounterResetHint.NOT_COUNTER_RESET),
                custom(3)};

        HistogramRangeFunctions.sumOverTime(h, 0, 3, new HistogramKahanSum(), result);
        assertThat(result.present()).isFalse();
        assertThat(result.annotationBits()).isEqualTo(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS.bit());

        HistogramRangeFunctions.avgOverTime(h, 0, 3, new HistogramMean(), result);
        assertThat(result.present()).isFalse();
        assertThat(result.annotationBits()).isEqualTo(FunctionAnnotation.MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS.bit());
    }

    // irate, idelta ------------------------------------------------------------------------------------------

    private static final long[] NO_TIMES = new long[0];

    @Test
    void irateOfTwoHistogramsIsTheirDifferencePerSecond() {
        long[] t = longs(900_000, 1_200_000);

        HistogramRangeFunctions.instantValue(NO_TIMES, NONE, null, 0, 0, t, hists(11, 14), null, 0, 2, true,
                result);

        assertUniform(0.01, 1e-17);
        assertThat(result.histogram().counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(result.annotationBits()).isZero();
    }

    @Test
    void irateTakesTheLastTwoSamplesAcrossFloatsAndHistograms() {
        // Floats at 0 and 5m, histograms at 10m and 15m.
        long[] ft = longs(0, 300_000);
        double[] fv = {0, 0};
        long[] ht = longs(600_000, 900_000);

        HistogramRangeFunctions.instantValue(ft, fv, null, 0, 2, ht, hists(1, 4), null, 0, 2, true, result);

        assertUniform(0.01, 1e-17);
    }

    @Test
    void irateOfAFloatFollowedByAHistogramHasNoPoint() {
        long[] ft = longs(0, 300_000, 600_000);
        double[] fv = {0, 1, 2};

        HistogramRangeFunctions.instantValue(ft, fv, null, 0, 3, longs(900_000), hists(4), null, 0, 1, true,
                result);

        assertThat(result.present()).isFalse();
        assertThat(result.has(FunctionAnnotation.MIXED_FLOATS_HISTOGRAMS)).isTrue();
    }

    @Test
    void irateOfTwoFloatsInAMixedWindowIsTheFloatRate() {
        long[] ft = longs(600_000, 900_000);
        double[] fv = {2, 8};

        HistogramRangeFunctions.instantValue(ft, fv, null, 0, 2, longs(0), hists(4), null, 0, 1, true, result);

        assertThat(result.histogram()).isNull();
        assertThat(result.value()).isEqualTo(0.02);
    }

    @Test
    void irateAfterAHistogramResetIsTheLastHistogramPerSecond() {
        HistogramRangeFunctions.instantValue(NO_TIMES, NONE, null, 0, 0, longs(0, 100_000), hists(50, 20), null, 0,
                2, true, result);

        assertUniform(0.2, 1e-17);
    }

    @Test
    void irateWarnsAboutGaugeHistogramsAndIdeltaAboutCounters() {
        FloatHistogram[] gauges = {gauge(1), gauge(3)};
        HistogramRangeFunctions.instantValue(NO_TIMES, NONE, null, 0, 0, longs(0, 1000), gauges, null, 0, 2, true,
                result);
        assertThat(result.has(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_COUNTER)).isTrue();

        HistogramRangeFunctions.instantValue(NO_TIMES, NONE, null, 0, 0, longs(0, 1000), gauges, null, 0, 2, false,
                result);
        assertThat(result.annotationBits()).isZero();
        assertUniform(2, 0);

        HistogramRangeFunctions.instantValue(NO_TIMES, NONE, null, 0, 0, longs(0, 1000), hists(5, 3), null, 0, 2,
                false, result);
        assertThat(result.has(FunctionAnnotation.NATIVE_HISTOGRAM_NOT_GAUGE)).isTrue();
        assertUniform(-2, 0);
    }

    @Test
    void irateNeedsTwoSamples() {
        HistogramRangeFunctions.instantValue(NO_TIMES, NONE, null, 0, 0, longs(0), hists(1), null, 0, 1, true,
                result);

        assertThat(result.present()).isFalse();
        assertThat(result.annotationBits()).isZero();
    }

    // resets, changes ----------------------------------------------------------------------------------------

    /** Floats 1 1 2 at 0, 1m, 2m, then histograms with 1 1 4 2 observations at 3m … 6m. */
    private static final long[] MIXED_FT = times(60_000, 3);
    private static final double[] MIXED_FV = {1, 1, 2};
    private static final long[] MIXED_HT = longs(180_000, 240_000, 300_000, 360_000);
    private static final FloatHistogram[] MIXED_H = hists(1, 1, 4, 2);

    @Test
    void changesCountsValueChangesAndSwitchesBetweenFloatsAndHistograms() {
        HistogramRangeFunctions.changes(MIXED_FT, MIXED_FV, 0, 3, MIXED_HT, MIXED_H, 0, 4, false, 0, result);

        assertThat(result.value()).isEqualTo(4);
    }

    @Test
    void resetsCountsDecreasesAndSwitchesBetweenFloatsAndHistograms() {
        HistogramRangeFunctions.resets(MIXED_FT, MIXED_FV, null, 0, 3, MIXED_HT, MIXED_H, null, 0, 4, false, 0,
                result);

        assertThat(result.value()).isEqualTo(2);
    }

    @Test
    void resetsSeesStartTimestampResetsOfHistograms() {
        long[] st = longs(0, 200_000, 0, 0);

        HistogramRangeFunctions.resets(NO_TIMES, NONE, null, 0, 0, MIXED_HT, MIXED_H, st, 0, 4, false, 0, result);

        assertThat(result.value()).isEqualTo(2);
    }

    @Test
    void anchoredChangesStartAtTheLastSampleBeforeTheRange() {
        HistogramRangeFunctions.changes(MIXED_FT, MIXED_FV, 0, 3, MIXED_HT, MIXED_H, 0, 4, true, 130_000, result);
        assertThat(result.value()).isEqualTo(3);

        HistogramRangeFunctions.changes(MIXED_FT, MIXED_FV, 0, 3, MIXED_HT, MIXED_H, 0, 4, true, 250_000, result);
        assertThat(result.value()).isEqualTo(2);

        HistogramRangeFunctions.changes(MIXED_FT, MIXED_FV, 0, 3, MIXED_HT, MIXED_H, 0, 4, true, -1, result);
        assertThat(result.value()).isEqualTo(4);
    }

    @Test
    void anchoredChangesWithoutASampleInTheRangeHaveNoPoint() {
        HistogramRangeFunctions.changes(MIXED_FT, MIXED_FV, 0, 3, MIXED_HT, MIXED_H, 0, 4, true, 360_000, result);

        assertThat(result.present()).isFalse();
    }

    @Test
    void changesOfASingleSampleIsZero() {
        HistogramRangeFunctions.changes(NO_TIMES, NONE, 0, 0, longs(0), hists(1), 0, 1, false, 0, result);

        assertThat(result.present()).isTrue();
        assertThat(result.value()).isZero();
    }
}
