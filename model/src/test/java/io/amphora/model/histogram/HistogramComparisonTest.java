package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static io.amphora.model.histogram.CounterResetHint.GAUGE;
import static io.amphora.model.histogram.TestingHistograms.NONE;
import static io.amphora.model.histogram.TestingHistograms.NO_SPANS;
import static io.amphora.model.histogram.TestingHistograms.counts;
import static io.amphora.model.histogram.TestingHistograms.custom;
import static io.amphora.model.histogram.TestingHistograms.exponential;
import static io.amphora.model.histogram.TestingHistograms.positive;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;

class HistogramComparisonTest {
    private static final double EPSILON = HistogramComparison.DEFAULT_EPSILON;
    private static final double STALE_MARKER = Double.longBitsToDouble(0x7ff0000000000002L);

    @Test
    void numbersAreEqualWithinARelativeTolerance() {
        assertThat(HistogramComparison.almostEqual(1, 1 + 1e-7, EPSILON)).isTrue();
        assertThat(HistogramComparison.almostEqual(1e300, 1.0000001e300, EPSILON)).isTrue();
        assertThat(HistogramComparison.almostEqual(1, 1.001, EPSILON)).isFalse();
        assertThat(HistogramComparison.almostEqual(0, 1e-320, EPSILON)).isTrue();
        assertThat(HistogramComparison.almostEqual(0, 1e-10, EPSILON)).isFalse();
        assertThat(HistogramComparison.almostEqual(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, EPSILON))
                .isTrue();
    }

    @Test
    void nanEqualsNaNButTheStaleMarkerOnlyItself() {
        assertThat(HistogramComparison.almostEqual(Double.NaN, Double.NaN, EPSILON)).isTrue();
        assertThat(HistogramComparison.almostEqual(STALE_MARKER, STALE_MARKER, EPSILON)).isTrue();
        assertThat(HistogramComparison.almostEqual(STALE_MARKER, Double.NaN, EPSILON)).isFalse();
    }

    @Test
    void histogramsAreComparedAfterCompaction() {
        FloatHistogram expected = positive(0, 3, 2, spans(0, 2), 1, 2);
        FloatHistogram withEmptyBuckets = positive(0, 3, 2, spans(-1, 4), 0, 1, 2, 0);

        assertThat(HistogramComparison.almostEqual(expected, withEmptyBuckets, EPSILON, false)).isTrue();
    }

    @Test
    void countsMayDifferWithinTheToleranceButLayoutAndThresholdsMayNot() {
        FloatHistogram expected = exponential(0, 0.1, 1, 4, 2, spans(0, 2), counts(1, 2), NO_SPANS, NONE);

        assertThat(HistogramComparison.almostEqual(expected,
                exponential(0, 0.1, 1.0000001, 4, 2.0000001, spans(0, 2), counts(1, 2.0000001), NO_SPANS, NONE),
                EPSILON, false)).isTrue();
        assertThat(HistogramComparison.almostEqual(expected,
                exponential(0, 0.1, 1, 4, 2, spans(0, 2), counts(1, 2.1), NO_SPANS, NONE), EPSILON, false)).isFalse();
        assertThat(HistogramComparison.almostEqual(expected,
                exponential(0, 0.1000001, 1, 4, 2, spans(0, 2), counts(1, 2), NO_SPANS, NONE), EPSILON, false))
                .isFalse();
        assertThat(HistogramComparison.almostEqual(expected,
                exponential(0, 0.1, 1, 4, 2, spans(1, 2), counts(1, 2), NO_SPANS, NONE), EPSILON, false)).isFalse();
        assertThat(HistogramComparison.almostEqual(expected,
                exponential(1, 0.1, 1, 4, 2, spans(0, 2), counts(1, 2), NO_SPANS, NONE), EPSILON, false)).isFalse();
    }

    @Test
    void comparesTheCounterResetHintOnlyWhenAsked() {
        FloatHistogram expected = positive(0, 1, 1, spans(0, 1), 1);
        FloatHistogram gauge = expected.withCounterResetHint(GAUGE);

        assertThat(HistogramComparison.almostEqual(expected, gauge, EPSILON, false)).isTrue();
        assertThat(HistogramComparison.almostEqual(expected, gauge, EPSILON, true)).isFalse();
    }

    @Test
    void customBoundsMustBeEqual() {
        FloatHistogram expected = custom(new double[] {1, 2}, 1, 1, spans(0, 1), 1);

        assertThat(HistogramComparison.almostEqual(expected, custom(new double[] {1, 2}, 1, 1, spans(0, 1), 1),
                EPSILON, false)).isTrue();
        assertThat(HistogramComparison.almostEqual(expected,
                custom(new double[] {1, 2.0000001}, 1, 1, spans(0, 1), 1), EPSILON, false)).isFalse();
    }
}
