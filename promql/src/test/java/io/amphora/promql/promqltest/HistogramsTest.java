package io.amphora.promql.promqltest;

import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistogramsTest {
    @Test
    void buildsOneSpanPerSideFromTheNotation() {
        FloatHistogram h = Histograms.fromDescription(new HistogramDescription(1, 3, 22, 1, 0.001,
                List.of(5.0, 10.0, 7.0), -1, List.of(1.0, 2.0), 0, HistogramDescription.CounterResetHint.GAUGE,
                List.of()));

        assertThat(h.schema()).isEqualTo(1);
        assertThat(h.sum()).isEqualTo(3);
        assertThat(h.count()).isEqualTo(22);
        assertThat(h.zeroCount()).isEqualTo(1);
        assertThat(h.zeroThreshold()).isEqualTo(0.001);
        assertThat(h.positiveSpans()).containsExactly(new Span(-1, 3));
        assertThat(h.positiveBuckets()).containsExactly(5.0, 10.0, 7.0);
        assertThat(h.negativeSpans()).containsExactly(new Span(0, 2));
        assertThat(h.negativeBuckets()).containsExactly(1.0, 2.0);
        assertThat(h.counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(Histograms.fromDescription(HistogramDescription.EMPTY).positiveSpans()).isEmpty();
    }

    @Test
    void malformedResultIsAMismatchNotACrash() {
        FloatHistogram expected = histogram(new Span[] {new Span(0, 2)}, new double[] {1, 2});
        FloatHistogram malformed = histogram(new Span[] {new Span(0, 3)}, new double[] {1, 2});

        assertThat(Histograms.mismatch(expected, malformed, false)).isPresent();
    }

    @Test
    void sameCountsPerBucketInDifferentLayoutsMatch() {
        FloatHistogram sparse = histogram(new Span[] {new Span(0, 1), new Span(1, 1)}, new double[] {1, 2});
        FloatHistogram dense = histogram(new Span[] {new Span(0, 4)}, new double[] {1, 0, 2, 0});
        FloatHistogram split = histogram(new Span[] {new Span(-1, 2), new Span(0, 1), new Span(0, 0)},
                new double[] {0, 1, 2});

        assertThat(Histograms.mismatch(sparse, dense, true)).isEmpty();
        assertThat(Histograms.mismatch(dense, split, true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("positive bucket layout"));
    }

    @Test
    void countsMatchWithinTheToleranceButLayoutsAndThresholdsExactly() {
        FloatHistogram expected = histogram(new Span[] {new Span(0, 2)}, new double[] {1, 2});

        assertThat(Histograms.mismatch(expected,
                histogram(new Span[] {new Span(0, 2)}, new double[] {1.0000001, 2}), false)).isEmpty();
        assertThat(Histograms.mismatch(expected, histogram(new Span[] {new Span(0, 2)}, new double[] {1.1, 2}),
                false)).hasValueSatisfying(reason -> assertThat(reason).contains("positive bucket #0"));
        assertThat(Histograms.mismatch(expected, histogram(new Span[] {new Span(1, 2)}, new double[] {1, 2}),
                false)).hasValueSatisfying(reason -> assertThat(reason).contains("positive bucket layout"));
        FloatHistogram otherThreshold = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.5, 0, 3, 5,
                new Span[] {new Span(0, 2)}, new double[] {1, 2}, new Span[0], new double[0], new double[0]);
        assertThat(Histograms.mismatch(expected, otherThreshold, false))
                .hasValueSatisfying(reason -> assertThat(reason).contains("zero threshold"));
    }

    @Test
    void counterResetHintIsComparedOnlyWhenAsked() {
        FloatHistogram expected = histogram(new Span[0], new double[0]);
        FloatHistogram gauge = expected.withCounterResetHint(CounterResetHint.GAUGE);

        assertThat(Histograms.mismatch(expected, gauge, false)).isEmpty();
        assertThat(Histograms.mismatch(expected, gauge, true)).isPresent();
    }

    @Test
    void customBucketBoundsMustMatchExactly() {
        FloatHistogram expected = custom(new double[] {1, 2});

        assertThat(Histograms.mismatch(expected, custom(new double[] {1, 2}), false)).isEmpty();
        assertThat(Histograms.mismatch(expected, custom(new double[] {1, 2.0000001}), false))
                .hasValueSatisfying(reason -> assertThat(reason).contains("custom bucket bounds"));
    }

    @Test
    void writesAResultInTheNotation() {
        FloatHistogram h = histogram(new Span[] {new Span(1, 1), new Span(1, 1)}, new double[] {1, 2});

        assertThat(Histograms.notation(h)).isEqualTo("{{sum:5 count:3 buckets:[1 0 2] offset:1}}");
    }

    private static FloatHistogram histogram(Span[] spans, double[] buckets) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 3, 5, spans, buckets, new Span[0],
                new double[0], new double[0]);
    }

    private static FloatHistogram custom(double[] bounds) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 3, 5,
                new Span[] {new Span(0, 2)}, new double[] {1, 2}, new Span[0], new double[0], bounds);
    }
}
