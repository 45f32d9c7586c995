package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import static io.amphora.tsdb.chunkenc.TestHistograms.floatBuckets;
import static io.amphora.tsdb.chunkenc.TestHistograms.floatHistogram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amphora.model.AmphoraException;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.ValueType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FloatHistogramChunkTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final CounterResetHint UNKNOWN = CounterResetHint.UNKNOWN;

    private static FloatHistogram counter(double zeroCount, double sum, double... indexAndCount) {
        return floatHistogram(UNKNOWN, 0, 0x1p-128, zeroCount, sum, floatBuckets(indexAndCount), new TreeMap<>());
    }

    private static FloatHistogram gauge(double zeroCount, double sum, double... indexAndCount) {
        return floatHistogram(CounterResetHint.GAUGE, 0, 0x1p-128, zeroCount, sum, floatBuckets(indexAndCount), new TreeMap<>());
    }

    static List<FloatHistogram> drain(FloatHistogramIterator it) {
        List<FloatHistogram> out = new ArrayList<>();
        while (it.next() == ValueType.FLOAT_HISTOGRAM) {
            out.add(it.atFloatHistogram());
        }
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        return out;
    }

    private static List<String> canonical(List<FloatHistogram> hs) {
        return hs.stream().map(TestHistograms::canonical).toList();
    }

    @Test
    void encodesASingleSampleAsTheDocumentedBits() {
        // header 00 01 00; zero threshold 2^-128 as the byte 116 (0x74); schema 0 ("0"); one positive and one
        // negative span, each of length 1 at offset 0 ("10 001" "10 001" "0" twice); t=1000 ("11110" + 12 bits);
        // then count 4.0, zero count 1.0, sum 0.5, the positive bucket 2.0 and the negative bucket 1.0 as 64 raw
        // bits each: 368 bits. The last write is 64 bits wide and ends on a byte boundary, so Prometheus 2.x leaves
        // one more, empty, byte.
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.append(1000, floatHistogram(UNKNOWN, 0, 0x1p-128, 1, 0.5, floatBuckets(0, 2), floatBuckets(0, 1)));

        assertThat(HEX.formatHex(chunk.bytes())).isEqualTo("000100" + "744628C5E3E8" + "4010000000000000"
                + "3FF0000000000000" + "3FE0000000000000" + "4000000000000000" + "3FF0000000000000" + "00");
        assertThat(chunk.bitLength()).isEqualTo(24 + 368);
    }

    @Test
    void roundTripsFloatHistogramsBitForBit() {
        SplittableRandom random = new SplittableRandom(5);
        SortedMap<Integer, Double> positive = floatBuckets(-2, 0.5, 0, 1, 3, 7.25);
        SortedMap<Integer, Double> negative = floatBuckets(1, 2);
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        List<FloatHistogram> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            positive.replaceAll((k, v) -> v + (random.nextInt(3) == 0 ? 0 : random.nextDouble() * 10));
            negative.replaceAll((k, v) -> v + random.nextInt(2));
            FloatHistogram h = floatHistogram(UNKNOWN, -2, 0.001, i * 0.5, i * Math.PI, new TreeMap<>(positive), new TreeMap<>(negative));
            assertThat(chunk.append(10_000L * i + random.nextInt(5), h)).isSameAs(chunk);
            sent.add(h);
        }

        List<FloatHistogram> decoded = drain(FloatHistogramIterator.of(chunk.bytes(), null));
        for (int i = 0; i < sent.size(); i++) {
            CounterResetHint hint = i == 0 ? UNKNOWN : CounterResetHint.NOT_COUNTER_RESET;
            assertThat(decoded.get(i)).isEqualTo(sent.get(i).withCounterResetHint(hint));
        }
    }

    @Test
    void reencodesTheChunkWhenBucketsAppear() {
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1, 2, 2.5));
        chunk.append(2000, counter(0, 2, 0, 2, 2, 3));

        assertThat(chunk.append(3000, counter(1, 3, -1, 0.5, 0, 3, 1, 4, 2, 3))).isSameAs(chunk);

        FloatHistogramChunk widened = new FloatHistogramChunk();
        widened.append(1000, counter(0, 1, -1, 0, 0, 1, 1, 0, 2, 2.5));
        widened.append(2000, counter(0, 2, -1, 0, 0, 2, 1, 0, 2, 3));
        widened.append(3000, counter(1, 3, -1, 0.5, 0, 3, 1, 4, 2, 3));
        assertThat(chunk.bytes()).isEqualTo(widened.bytes());
    }

    @Test
    void cutsOnResetsWithTheFloatAppendersHeaders() {
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.append(1000, counter(1, 5, 0, 2, 1, 3));

        FloatHistogramChunk byBucket = chunk.append(2000, counter(1, 6, 0, 1.5, 1, 3));
        FloatHistogramChunk byHint = chunk.append(2000, counter(1, 6, 0, 2, 1, 3).withCounterResetHint(CounterResetHint.COUNTER_RESET));
        FloatHistogramChunk bySchema = chunk.append(2000, floatHistogram(UNKNOWN, 1, 0x1p-128, 1, 6, floatBuckets(0, 5, 1, 3), new TreeMap<>()));
        FloatHistogramChunk missingEmptyBucket = new FloatHistogramChunk();
        missingEmptyBucket.append(1000, counter(1, 5, 0, 0, 1, 3));

        assertThat(byBucket.header()).isEqualTo(CounterResetHeader.COUNTER_RESET);
        assertThat(byHint.header()).isEqualTo(CounterResetHeader.COUNTER_RESET);
        assertThat(bySchema).isNotSameAs(chunk);
        assertThat(bySchema.header()).isEqualTo(CounterResetHeader.UNKNOWN);
        assertThat(missingEmptyBucket.append(2000, counter(1, 6, 1, 4))).isSameAs(missingEmptyBucket);
        assertThat(FloatHistogramChunk.start(3000, counter(1, 6, 0, 2, 1, 3), chunk).header())
                .isEqualTo(CounterResetHeader.NOT_COUNTER_RESET);
    }

    @Test
    void gaugeChunksMergeLayoutsBothWaysAndCounterHistogramsAfterThemStartAChunkOfUnknownHeader() {
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        List<FloatHistogram> sent = List.of(gauge(1, -1, 0, 3, 2, 1.5), gauge(0, 2, 1, 1, 2, 0.25), gauge(2, 0, -1, 9));
        for (int i = 0; i < sent.size(); i++) {
            assertThat(chunk.append(1000L * (i + 1), sent.get(i))).isSameAs(chunk);
        }
        assertThat(canonical(drain(chunk.iterator(null)))).isEqualTo(canonical(sent));
        assertThat(drain(chunk.iterator(null))).extracting(FloatHistogram::counterResetHint).containsOnly(CounterResetHint.GAUGE);

        FloatHistogramChunk next = chunk.append(5000, counter(0, 1, 0, 1));
        assertThat(next).isNotSameAs(chunk);
        assertThat(next.header()).isEqualTo(CounterResetHeader.UNKNOWN);
    }

    @Test
    void storesStaleMarkersAsTheirSum() {
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1));
        assertThat(chunk.append(2000, TestHistograms.staleFloatHistogram())).isSameAs(chunk);

        FloatHistogram stale = drain(chunk.iterator(null)).get(1);
        assertThat(Double.doubleToRawLongBits(stale.sum())).isEqualTo(StaleMarker.BITS);
        assertThat(chunk.append(3000, counter(0, 1, 0, 1))).isNotSameAs(chunk);
    }

    @Test
    void roundTripsCustomBucketsIncludingBoundsThatNeedTheirRawBits() {
        double[] bounds = {0.25, 1, 10, 33554.43, 50000, -3, 1.0 / 3};
        FloatHistogram h = floatHistogram(UNKNOWN, Histogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 12.5,
                floatBuckets(0, 1, 2, 3.5, 7, 1), new TreeMap<>(), bounds);
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.append(1000, h);

        assertThat(drain(FloatHistogramIterator.of(chunk.bytes(), null))).containsExactly(h);
    }

    @Test
    void appendingToAChunkReadBackFromBytesGivesTheBytesOfOneContinuousChunk() {
        SplittableRandom random = new SplittableRandom(3);
        List<FloatHistogram> samples = new ArrayList<>();
        SortedMap<Integer, Double> positive = floatBuckets(0, 1, 4, 2);
        for (int i = 0; i < 30; i++) {
            if (i % 7 == 3) {
                positive.putIfAbsent(random.nextInt(-4, 8), 0.0);
            }
            positive.replaceAll((k, v) -> v + (random.nextBoolean() ? 0 : random.nextDouble()));
            samples.add(floatHistogram(UNKNOWN, 1, 0, 0, i, new TreeMap<>(positive), new TreeMap<>()));
        }
        FloatHistogramChunk continuous = new FloatHistogramChunk();
        for (int i = 0; i < samples.size(); i++) {
            continuous.append(1000L * (i + 1), samples.get(i));
        }
        for (int split = 1; split < samples.size(); split += 5) {
            FloatHistogramChunk first = new FloatHistogramChunk();
            for (int i = 0; i < split; i++) {
                first.append(1000L * (i + 1), samples.get(i));
            }
            FloatHistogramChunk resumed = FloatHistogramChunk.fromBytes(first.bytes());
            for (int i = split; i < samples.size(); i++) {
                assertThat(resumed.append(1000L * (i + 1), samples.get(i))).isSameAs(resumed);
            }
            assertThat(resumed.bytes()).as("split at %d", split).isEqualTo(continuous.bytes());
        }
    }

    @Test
    void reportsTruncatedDataAsCorrupt() {
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1));
        chunk.append(2000, counter(0, 2, 0, 2));
        FloatHistogramIterator it = FloatHistogramIterator.of(java.util.Arrays.copyOf(chunk.bytes(), 20), null);

        assertThatThrownBy(() -> {
            while (it.next() != ValueType.NONE) {
                // Reads until the data runs out.
            }
        }).isInstanceOf(AmphoraException.class).hasMessageContaining("truncated");
        assertThatThrownBy(it::atHistogram).isInstanceOf(IllegalStateException.class);
    }
}
