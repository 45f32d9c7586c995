package io.amphora.storage;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Native histogram samples through the in-memory store, array iterators and the chained merge. */
class HistogramSamplesTest {
    private static final Labels SERIES = Labels.of("__name__", "request_duration_seconds", "job", "api");

    @Test
    void storesAndReturnsIntegerAndFloatHistogramsInterleavedWithFloats() {
        InMemoryQueryable store = new InMemoryQueryable();
        Appender appender = store.appender();
        appender.append(SERIES, 10, 1.5);
        appender.appendHistogram(SERIES, 20, histogram(3, 1, 2));
        appender.appendFloatHistogram(SERIES, 30, floatHistogram(5));
        appender.append(SERIES, 40, 2.5);
        appender.commit();

        SampleIterator it = only(store, 0, 100).iterator(null);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atValue()).isEqualTo(1.5);
        assertThat(it.next()).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.atT()).isEqualTo(20);
        assertThat(it.atHistogram()).isEqualTo(histogram(3, 1, 2));
        assertThat(it.atFloatHistogram().positiveBuckets()).containsExactly(1.0, 2.0);
        assertThat(it.atFloatHistogram().count()).isEqualTo(3.0);
        assertThatThrownBy(it::atValue).isInstanceOf(IllegalStateException.class);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(it.atFloatHistogram()).isEqualTo(floatHistogram(5));
        assertThatThrownBy(it::atHistogram).isInstanceOf(IllegalStateException.class);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atValue()).isEqualTo(2.5);
        assertThatThrownBy(it::atFloatHistogram).isInstanceOf(IllegalStateException.class);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void seekReportsTheTypeOfTheSampleItLandsOn() {
        InMemoryQueryable store = new InMemoryQueryable();
        Appender appender = store.appender();
        appender.append(SERIES, 10, 1);
        appender.appendFloatHistogram(SERIES, 20, floatHistogram(2));
        appender.commit();

        SampleIterator it = only(store, 0, 100).iterator(null);
        assertThat(it.seek(15)).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(it.seek(20)).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(it.seek(21)).isEqualTo(ValueType.NONE);
    }

    @Test
    void selectRestrictsHistogramSeriesToTheRange() {
        InMemoryQueryable store = new InMemoryQueryable();
        Appender appender = store.appender();
        for (int i = 1; i <= 5; i++) {
            appender.appendFloatHistogram(SERIES, i * 10L, floatHistogram(i));
        }
        appender.commit();

        SampleIterator it = only(store, 20, 30).iterator(null);
        List<Double> counts = new ArrayList<>();
        while (it.next() == ValueType.FLOAT_HISTOGRAM) {
            counts.add(it.atFloatHistogram().count());
        }
        assertThat(counts).containsExactly(2.0, 3.0);
    }

    @Test
    void aDifferentHistogramOrAFloatAtTheNewestTimestampIsADuplicateButTheSameHistogramIsANoOp() {
        InMemoryQueryable store = new InMemoryQueryable();
        Appender first = store.appender();
        first.appendHistogram(SERIES, 10, histogram(3, 1, 2));
        first.commit();

        Appender second = store.appender();
        second.appendHistogram(SERIES, 10, histogram(3, 1, 2));
        assertThatThrownBy(() -> second.appendHistogram(SERIES, 10, histogram(4, 2, 2)))
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP));
        assertThatThrownBy(() -> second.append(SERIES, 10, 3))
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP));
        assertThatThrownBy(() -> second.appendFloatHistogram(SERIES, 5, floatHistogram(1)))
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_ORDER));
        second.commit();

        SampleIterator it = only(store, 0, 100).iterator(null);
        assertThat(it.next()).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void chainedIteratorMergesHistogramAndFloatInputsKeepingEachSamplesType() {
        ArraySampleIterator floats = new ArraySampleIterator(new long[] {10, 30}, new double[] {1, 3}, 2);
        ArraySampleIterator histograms = new ArraySampleIterator(
                new long[] {10, 20}, new double[2], new Object[] {floatHistogram(9), floatHistogram(2)}, 2);
        ChainedSampleIterator chained = new ChainedSampleIterator(List.of(floats, histograms));

        assertThat(chained.next()).isEqualTo(ValueType.FLOAT);
        assertThat(chained.atValue()).isEqualTo(1.0);
        assertThat(chained.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(chained.atFloatHistogram().count()).isEqualTo(2.0);
        assertThat(chained.seek(20)).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(chained.next()).isEqualTo(ValueType.FLOAT);
        assertThat(chained.atT()).isEqualTo(30);
        assertThat(chained.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void mergeQuerierCombinesHistogramSeriesFromTwoSources() {
        InMemoryQueryable a = new InMemoryQueryable();
        InMemoryQueryable b = new InMemoryQueryable();
        Appender appenderA = a.appender();
        appenderA.appendFloatHistogram(SERIES, 10, floatHistogram(1));
        appenderA.commit();
        Appender appenderB = b.appender();
        appenderB.appendFloatHistogram(SERIES, 10, floatHistogram(1));
        appenderB.appendFloatHistogram(SERIES, 20, floatHistogram(2));
        appenderB.commit();

        SampleIterator it = only(new MergeQueryable(List.of(a, b)), 0, 100).iterator(null);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(it.atFloatHistogram().count()).isEqualTo(2.0);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    private static Series only(Queryable queryable, long mint, long maxt) {
        Querier querier = queryable.querier(mint, maxt);
        SeriesSet set = querier.select(true, SelectHints.range(mint, maxt), Matcher.equal("job", "api"));
        assertThat(set.next()).isTrue();
        Series series = set.at();
        assertThat(set.next()).isFalse();
        return series;
    }

    /** An exponential histogram with two positive buckets at indexes 0 and 1 holding the given absolute counts. */
    private static Histogram histogram(long count, long first, long second) {
        return new Histogram(CounterResetHint.UNKNOWN, 0, 0.001, 0, count, count * 1.5,
                new Span[] {new Span(0, 2)}, new long[] {first, second - first}, new Span[0], new long[0],
                new double[0]);
    }

    private static FloatHistogram floatHistogram(double count) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, 1, 0.001, 0, count, count * 2,
                new Span[] {new Span(-1, 1)}, new double[] {count}, new Span[0], new double[0], new double[0]);
    }
}
