package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

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

class HistogramMeanTest {
    @Test
    void averagesCountsSumsZeroBucketsAndBuckets() {
        HistogramMean mean = new HistogramMean()
                .reset(exponential(0, 0.01, 1, 4, 3, spans(0, 2), counts(1, 2), NO_SPANS, NONE));
        mean.add(exponential(0, 0.01, 3, 8, 9, spans(1, 1), counts(5), NO_SPANS, NONE));
        mean.add(exponential(0, 0.01, 2, 3, 6, NO_SPANS, NONE, spans(0, 1), counts(1)));

        assertThat(mean.count()).isEqualTo(3);
        assertThat(mean.result()).isEqualTo(
                exponential(0, 0.01, 2, 5, 6, spans(0, 2), counts(1.0 / 3, 7.0 / 3), spans(0, 1), counts(1.0 / 3)));
    }

    @Test
    void switchesToAnIncrementalMeanWhenTheSumWouldOverflow() {
        HistogramMean mean = new HistogramMean().reset(positive(0, 1.5e308, 1, spans(0, 1), 1.5e308));
        mean.add(positive(0, 1.5e308, 3, spans(0, 1), 1.5e308));
        mean.add(positive(0, 0, 2, spans(0, 1), 0));

        FloatHistogram result = mean.result();

        assertThat(result.count()).isCloseTo(1e308, within(1e294));
        assertThat(result.positiveBucket(0)).isCloseTo(1e308, within(1e294));
        assertThat(result.sum()).isCloseTo(2, within(1e-12));
        assertThat(result.hasOverflow()).isFalse();
    }

    @Test
    void resultCanBeTakenRepeatedly() {
        HistogramMean mean = new HistogramMean().reset(positive(0, 2, 2, spans(0, 1), 2));
        mean.add(positive(0, 4, 4, spans(0, 1), 4));

        assertThat(mean.result()).isEqualTo(positive(0, 3, 3, spans(0, 1), 3));
        assertThat(mean.result()).isEqualTo(positive(0, 3, 3, spans(0, 1), 3));
        mean.add(positive(0, 6, 6, spans(0, 1), 6));
        assertThat(mean.result()).isEqualTo(positive(0, 4, 4, spans(0, 1), 4));
    }

    @Test
    void refusesAMixOfExponentialAndCustomBuckets() {
        HistogramMean mean = new HistogramMean().reset(positive(0, 2, 2, spans(0, 1), 2));

        assertThatThrownBy(() -> mean.add(custom(new double[] {1}, 1, 1, spans(0, 1), 1)))
                .isInstanceOf(IncompatibleHistogramsException.class);
    }

    @Test
    void reportsReconciledCustomBounds() {
        HistogramMean mean = new HistogramMean().reset(custom(new double[] {1, 2}, 2, 2, spans(0, 1), 2));

        assertThat(mean.add(custom(new double[] {1}, 4, 4, spans(0, 1), 4))).isTrue();

        assertThat(mean.customBoundsReconciled()).isTrue();
        assertThat(mean.result()).isEqualTo(custom(new double[] {1}, 3, 3, spans(0, 1), 3));
    }
}
