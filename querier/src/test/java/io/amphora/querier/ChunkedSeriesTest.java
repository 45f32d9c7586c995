package io.amphora.querier;

import io.amphora.model.AmphoraException;
import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.XorChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkedSeriesTest {
    private static final Labels UP = Labels.of("__name__", "up", "job", "api");

    /** A chunk of samples at the given timestamps, each valued its timestamp / 1000. */
    static EncodedChunk xor(long... timestamps) {
        XorChunk chunk = new XorChunk();
        for (long t : timestamps) {
            chunk.append(t, t / 1000.0);
        }
        return new EncodedChunk(timestamps[0], timestamps[timestamps.length - 1], XorChunk.ENCODING, chunk.bytes());
    }

    private static List<Long> drain(SampleIterator it) {
        List<Long> out = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
            assertThat(it.atValue()).isEqualTo(it.atT() / 1000.0);
            out.add(it.atT());
        }
        return out;
    }

    private static ChunkedSeries series(long mint, long maxt, EncodedChunk... chunks) {
        return new ChunkedSeries(new ChunkSeries(UP, List.of(chunks)), mint, maxt);
    }

    @Test
    void walksDisjointChunksInOrder() {
        ChunkedSeries s = series(Long.MIN_VALUE, Long.MAX_VALUE, xor(1000, 2000), xor(3000, 4000), xor(5000));

        assertThat(s.labels()).isEqualTo(UP);
        assertThat(drain(s.iterator(null))).containsExactly(1000L, 2000L, 3000L, 4000L, 5000L);
    }

    @Test
    void keepsOnlySamplesInsideTheInclusiveRange() {
        ChunkedSeries s = series(2000, 4000, xor(1000, 2000), xor(3000, 4000), xor(5000));

        assertThat(drain(s.iterator(null))).containsExactly(2000L, 3000L, 4000L);
        assertThat(drain(series(4500, 4900, xor(1000, 2000), xor(3000, 4000), xor(5000)).iterator(null))).isEmpty();
    }

    @Test
    void seeksAcrossChunksAndNeverMovesBackwards() {
        SampleIterator it = series(Long.MIN_VALUE, Long.MAX_VALUE, xor(1000, 2000), xor(3000, 4000), xor(5000))
                .iterator(null);

        assertThat(it.seek(2500)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(3000);
        assertThat(it.seek(1000)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(3000);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(4000);
        assertThat(it.seek(6000)).isEqualTo(ValueType.NONE);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void seekRespectsTheLowerBoundOfTheRange() {
        SampleIterator it = series(2000, Long.MAX_VALUE, xor(1000, 2000, 3000)).iterator(null);

        assertThat(it.seek(0)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(2000);
    }

    @Test
    void mergesOverlappingChunksWithoutRepeatingATimestamp() {
        ChunkedSeries s = series(Long.MIN_VALUE, Long.MAX_VALUE, xor(1000, 3000, 5000), xor(2000, 3000, 4000));

        assertThat(drain(s.iterator(null))).containsExactly(1000L, 2000L, 3000L, 4000L, 5000L);
        assertThat(drain(series(2500, 4500, xor(1000, 3000, 5000), xor(2000, 3000, 4000)).iterator(null)))
                .containsExactly(3000L, 4000L);
    }

    @Test
    void reusesAnIteratorOfAnotherSeries() {
        SampleIterator first = series(Long.MIN_VALUE, Long.MAX_VALUE, xor(1000, 2000)).iterator(null);
        drain(first);

        SampleIterator second = series(Long.MIN_VALUE, Long.MAX_VALUE, xor(7000, 8000)).iterator(first);

        assertThat(second).isSameAs(first);
        assertThat(drain(second)).containsExactly(7000L, 8000L);
    }

    /** An exponential histogram with {@code n} observations in each of two buckets. */
    private static Histogram histogram(long n) {
        return new Histogram(CounterResetHint.UNKNOWN, 0, 0.001, 0, 2 * n, 3.0 * n, new Span[] {new Span(0, 2)},
                new long[] {n, 0}, new Span[0], new long[0], new double[0]);
    }

    @Test
    void decodesEachChunkByItsEncoding() {
        HistogramChunk histograms = HistogramChunk.start(3000, histogram(1), null).append(4000, histogram(2));
        EncodedChunk encoded = new EncodedChunk(3000, 4000, HistogramChunk.ENCODING, histograms.bytes());
        SampleIterator it = series(Long.MIN_VALUE, Long.MAX_VALUE, xor(1000, 2000), encoded).iterator(null);

        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.seek(2500)).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.atT()).isEqualTo(3000);
        assertThat(it.atHistogram().count()).isEqualTo(2);
        assertThat(it.next()).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.atHistogram().sum()).isEqualTo(6.0);
        assertThat(it.atFloatHistogram()).isNotNull();
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void failsOnAnEncodingItCannotDecodeOnlyWhenIterated() {
        ChunkedSeries s = series(Long.MIN_VALUE, Long.MAX_VALUE, new EncodedChunk(1000, 2000, 99, new byte[] {0, 1}));
        SampleIterator it = s.iterator(null);

        assertThatThrownBy(it::next).isInstanceOf(AmphoraException.class)
                .hasMessage("chunk encoding 99 is not supported by this querier");
    }

    @Test
    void accessorsRefuseAnUnpositionedIterator() {
        SampleIterator it = series(Long.MIN_VALUE, Long.MAX_VALUE, xor(1000)).iterator(null);

        assertThatThrownBy(it::atT).isInstanceOf(IllegalStateException.class);
        it.next();
        it.next();
        assertThatThrownBy(it::atValue).isInstanceOf(IllegalStateException.class);
    }
}
