package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static io.amphora.model.histogram.CounterResetHint.NOT_COUNTER_RESET;
import static io.amphora.model.histogram.TestingHistograms.NONE;
import static io.amphora.model.histogram.TestingHistograms.NO_SPANS;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistogramTest {
    private static final long[] NO_DELTAS = new long[0];

    private static Histogram histogram(int schema, long count, Span[] positiveSpans, long... positiveDeltas) {
        return new Histogram(NOT_COUNTER_RESET, schema, 0.001, 0, count, 1, positiveSpans, positiveDeltas,
                NO_SPANS, NO_DELTAS, NONE);
    }

    @Test
    void convertsDeltasToAbsoluteFloatCounts() {
        Histogram h = new Histogram(NOT_COUNTER_RESET, 1, 0.001, 2, 12, 19.4, spans(0, 2, 1, 2),
                new long[] {1, 1, -1, 0}, spans(0, 2), new long[] {2, -1}, NONE);

        FloatHistogram f = h.toFloat();

        assertThat(f).isEqualTo(new FloatHistogram(NOT_COUNTER_RESET, 1, 0.001, 2, 12, 19.4, spans(0, 2, 1, 2),
                new double[] {1, 2, 1, 1}, spans(0, 2), new double[] {2, 1}, NONE));
    }

    @Test
    void convertsCountsAsUnsignedIntegers() {
        Histogram h = new Histogram(NOT_COUNTER_RESET, 0, 0, Long.MIN_VALUE, -1L, 1, NO_SPANS, NO_DELTAS, NO_SPANS,
                NO_DELTAS, NONE);

        FloatHistogram f = h.toFloat();

        assertThat(f.count()).isEqualTo(18446744073709551615.0);
        assertThat(f.zeroCount()).isEqualTo(9223372036854775808.0);
    }

    @Test
    void conversionKeepsOnlyThePartsTheSchemaUses() {
        Histogram custom = new Histogram(NOT_COUNTER_RESET, Histogram.CUSTOM_BUCKETS_SCHEMA, 0.5, 3, 4, 1,
                spans(0, 1), new long[] {1}, spans(0, 1), new long[] {1}, new double[] {1});
        assertThat(custom.toFloat()).isEqualTo(new FloatHistogram(NOT_COUNTER_RESET, Histogram.CUSTOM_BUCKETS_SCHEMA,
                0, 0, 4, 1, spans(0, 1), new double[] {1}, NO_SPANS, NONE, new double[] {1}));

        Histogram exponential = new Histogram(NOT_COUNTER_RESET, 0, 0, 0, 1, 1, spans(0, 1), new long[] {1},
                NO_SPANS, NO_DELTAS, new double[] {1});
        assertThat(exponential.toFloat().customValueCount()).isZero();
    }

    @Test
    void compactionReencodesTheDeltasOfTheKeptBuckets() {
        // Absolute counts 0, 2, 0, 3.
        Histogram h = histogram(0, 5, spans(0, 4), 0, 2, -2, 3);

        assertThat(h.compact(0)).isEqualTo(histogram(0, 5, spans(1, 1, 1, 1), 2, 1));
        assertThat(h.compact(1)).isEqualTo(histogram(0, 5, spans(1, 3), 2, -2, 3));
    }

    @Test
    void compactionReturnsTheHistogramItselfWhenNothingChanges() {
        Histogram h = histogram(0, 3, spans(0, 1, 2, 1), 1, 1);

        assertThat(h.compact(0)).isSameAs(h);
    }

    @Test
    void reducingResolutionSumsTheAbsoluteCountsOfMergedBuckets() {
        // Absolute counts 1 and 2 in schema 1 buckets 1 and 2, which are schema 0 bucket 1; 4 in bucket 3.
        Histogram h = histogram(1, 7, spans(1, 3), 1, 1, 2);

        assertThat(h.reduceResolution(0)).isEqualTo(histogram(0, 7, spans(1, 2), 3, 1));
    }

    @Test
    void reducingResolutionReportsBrokenSpans() {
        Histogram h = histogram(1, 2, spans(0, 1, 1, 1), 1);

        assertThatThrownBy(() -> h.reduceResolution(0))
                .isInstanceOf(HistogramException.class)
                .hasMessage("have 1 buckets but spans need more: histogram spans specify different number of "
                        + "buckets than provided");
        assertThatThrownBy(() -> h.reduceResolution(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot reduce resolution from schema 1 to 1");
    }
}
