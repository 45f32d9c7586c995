package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static io.amphora.model.histogram.CounterResetHint.COUNTER_RESET;
import static io.amphora.model.histogram.CounterResetHint.NOT_COUNTER_RESET;
import static io.amphora.model.histogram.TestingHistograms.custom;
import static io.amphora.model.histogram.TestingHistograms.positive;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistogramKahanSumTest {
    @Test
    void sumsCountsSumsAndBucketsOfAllHistograms() {
        HistogramKahanSum sum = new HistogramKahanSum().reset(positive(0, 3, 4, spans(0, 2), 1, 2));
        sum.add(positive(0, 5, 6, spans(1, 2), 2, 3));
        sum.add(positive(1, 4, 2, spans(1, 2), 1, 3));

        // Schema 1 buckets 1 and 2 merge into schema 0 bucket 1.
        assertThat(sum.result()).isEqualTo(positive(0, 12, 12, spans(0, 3), 1, 8, 3));
    }

    @Test
    void reconcilesSchemasAndZeroBucketsLikePlainAddition() {
        FloatHistogram a = TestingHistograms.exponential(1, 0.001, 1, 9, 3, spans(-3, 4, 2, 2),
                TestingHistograms.counts(1, 0, 2, 1, 3, 1), spans(0, 1), TestingHistograms.counts(1));
        FloatHistogram b = TestingHistograms.exponential(0, 0.5, 2, 7, 4, spans(0, 3),
                TestingHistograms.counts(1, 2, 1), spans(-1, 2), TestingHistograms.counts(0.5, 0.5));
        FloatHistogram c = TestingHistograms.exponential(2, 0.01, 0, 6, 5, spans(1, 3),
                TestingHistograms.counts(1, 2, 3), TestingHistograms.NO_SPANS, TestingHistograms.NONE);

        HistogramKahanSum sum = new HistogramKahanSum().reset(a);
        sum.add(b);
        sum.add(c);

        FloatHistogram plain = a.add(b).histogram().add(c).histogram();
        assertThat(sum.result().compact(0)).isEqualTo(plain.compact(0));
        assertThat(plain.schema()).isZero();
        assertThat(plain.zeroThreshold()).isEqualTo(0.5);
        assertThat(plain.count()).isEqualTo(22);
    }

    @Test
    void compensationKeepsSmallTermsNextToHugeOnesThatCancel() {
        HistogramKahanSum sum = new HistogramKahanSum().reset(positive(0, 1e100, 1e100, spans(0, 1), 1e100));
        sum.add(positive(0, 1, 1.5, spans(0, 1), 1));
        sum.add(positive(0, -1e100, -1e100, spans(0, 1), -1e100));

        FloatHistogram result = sum.result();

        assertThat(result.sum()).isEqualTo(1.5);
        assertThat(result.count()).isEqualTo(1);
        assertThat(result.positiveBuckets()).containsExactly(1);
        // Plain addition loses the small terms.
        FloatHistogram plain = positive(0, 1e100, 1e100, spans(0, 1), 1e100)
                .add(positive(0, 1, 1.5, spans(0, 1), 1)).histogram()
                .add(positive(0, -1e100, -1e100, spans(0, 1), -1e100)).histogram();
        assertThat(plain.sum()).isZero();
    }

    @Test
    void refusesAMixOfExponentialAndCustomBucketsAndKeepsTheSum() {
        HistogramKahanSum sum = new HistogramKahanSum().reset(positive(0, 3, 4, spans(0, 2), 1, 2));
        FloatHistogram before = sum.result();

        assertThatThrownBy(() -> sum.add(custom(new double[] {1}, 1, 1, spans(0, 1), 1)))
                .isInstanceOf(IncompatibleHistogramsException.class);
        assertThat(sum.result()).isEqualTo(before);
    }

    @Test
    void reportsReconciledCustomBoundsAndCounterResetCollisions() {
        HistogramKahanSum sum = new HistogramKahanSum()
                .reset(custom(new double[] {1, 2}, 1, 1, spans(0, 1), 1).withCounterResetHint(COUNTER_RESET));
        assertThat(sum.add(custom(new double[] {1, 2}, 1, 1, spans(0, 1), 1))).isFalse();
        assertThat(sum.counterResetCollisionSeen()).isFalse();

        assertThat(sum.add(custom(new double[] {2}, 1, 1, spans(0, 1), 1).withCounterResetHint(NOT_COUNTER_RESET)))
                .isTrue();

        assertThat(sum.customBoundsReconciled()).isTrue();
        assertThat(sum.counterResetCollisionSeen()).isTrue();
        assertThat(sum.result()).isEqualTo(custom(new double[] {2}, 3, 3, spans(0, 1), 3));
    }

    @Test
    void resetStartsAFreshSum() {
        HistogramKahanSum sum = new HistogramKahanSum().reset(custom(new double[] {1}, 1, 1, spans(0, 1), 1));
        sum.add(custom(new double[] {5}, 1, 1, spans(0, 1), 1));

        sum.reset(positive(0, 2, 2, spans(0, 1), 2));
        sum.add(positive(0, 2, 2, spans(0, 1), 2));

        assertThat(sum.result()).isEqualTo(positive(0, 4, 4, spans(0, 1), 4));
        assertThat(sum.customBoundsReconciled()).isFalse();
    }

    @Test
    void mustBeResetBeforeUse() {
        assertThatThrownBy(() -> new HistogramKahanSum().add(positive(0, 1, 1, spans(0, 1), 1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
