package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import static io.amphora.tsdb.chunkenc.TestHistograms.buckets;
import static io.amphora.tsdb.chunkenc.TestHistograms.histogram;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.ValueType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HistogramChunkTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final CounterResetHint UNKNOWN = CounterResetHint.UNKNOWN;

    private static Histogram counter(long zeroCount, double sum, long... indexAndCount) {
        return histogram(UNKNOWN, 0, 0x1p-128, zeroCount, sum, buckets(indexAndCount), new TreeMap<>());
    }

    private static Histogram gauge(long zeroCount, double sum, long... indexAndCount) {
        return histogram(CounterResetHint.GAUGE, 0, 0x1p-128, zeroCount, sum, buckets(indexAndCount), new TreeMap<>());
    }

    static List<Histogram> drain(HistogramIterator it) {
        List<Histogram> out = new ArrayList<>();
        while (it.next() == ValueType.HISTOGRAM) {
            out.add(it.atHistogram());
        }
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        return out;
    }

    static List<Long> timestamps(HistogramIterator it) {
        List<Long> out = new ArrayList<>();
        while (it.next() == ValueType.HISTOGRAM) {
            out.add(it.atT());
        }
        return out;
    }

    private static List<String> canonical(List<Histogram> hs) {
        return hs.stream().map(TestHistograms::canonical).toList();
    }

    // Golden vectors, derived by hand from tsdb/docs/format/chunks.md ("Histogram chunk").

    @Test
    void encodesASingleSampleAsTheDocumentedBits() {
        // header 00 01 00; zero threshold 0 (byte 00); schema 0 ("0"); 1 span ("10 001"), length 1 ("10 001"),
        // offset 0 ("0"); 0 negative spans ("0"); t=1000 ("11110" + 12 bits); count 2 ("10 010"); zero count 0
        // ("0"); sum 1.0 (64 bits); bucket 2 ("10 010"): 113 bits, padded to 15 bytes.
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, histogram(UNKNOWN, 0, 0, 0, 1.0, buckets(0, 2), new TreeMap<>()));

        assertThat(HEX.formatHex(chunk.bytes())).isEqualTo("0001000046278FA243FF0000000000000900");
        assertThat(chunk.bitLength()).isEqualTo(24 + 113);
    }

    @Test
    void encodesTheSecondSampleAsDeltasOfDeltasAndAnXorSum() {
        // t delta 15000 ("111110" + 18 bits), count dod 3 ("10 011"), zero count dod 0 ("0"), sum 1.0 -> 1.5 opens
        // a window of 12 leading zeros and 1 significant bit ("1 1 01100 000001 1"), bucket dod 3 ("10 011").
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, histogram(UNKNOWN, 0, 0, 0, 1.0, buckets(0, 2), new TreeMap<>()));
        chunk.append(16000, histogram(UNKNOWN, 0, 0, 0, 1.5, buckets(0, 5), new TreeMap<>()));

        assertThat(HEX.formatHex(chunk.bytes())).isEqualTo("0002000046278FA243FF000000000000097C1D4C4DB01CC0");
    }

    @Test
    void roundTripsCounterHistogramsWithNegativeBucketsAndAZeroBucket() {
        SplittableRandom random = new SplittableRandom(7);
        SortedMap<Integer, Long> positive = buckets(-3, 1, -2, 0, 0, 4, 5, 9, 6, 1);
        SortedMap<Integer, Long> negative = buckets(-1, 3, 2, 8);
        HistogramChunk chunk = new HistogramChunk();
        List<Histogram> sent = new ArrayList<>();
        long zero = 0;
        double sum = 0;
        for (int i = 0; i < 120; i++) {
            positive.replaceAll((k, v) -> v + random.nextLong(1L << random.nextInt(1, 40)));
            negative.replaceAll((k, v) -> v + random.nextLong(50));
            zero += random.nextLong(3);
            sum += random.nextDouble();
            Histogram h = histogram(UNKNOWN, 3, 0x1p-128, zero, sum, new TreeMap<>(positive), new TreeMap<>(negative));
            assertThat(chunk.append(1_700_000_000_000L + 15_000L * i + random.nextLong(-40, 40), h)).isSameAs(chunk);
            sent.add(h);
        }

        List<Histogram> decoded = drain(chunk.iterator(null));
        assertThat(decoded).hasSize(120);
        for (int i = 0; i < sent.size(); i++) {
            CounterResetHint hint = i == 0 ? CounterResetHint.UNKNOWN : CounterResetHint.NOT_COUNTER_RESET;
            assertThat(decoded.get(i)).isEqualTo(sent.get(i).withCounterResetHint(hint));
        }
        assertThat(drain(HistogramIterator.of(chunk.bytes(), null))).isEqualTo(decoded);
        assertThat(chunk.header()).isEqualTo(CounterResetHeader.UNKNOWN);
    }

    @Test
    void reencodesTheChunkWhenBucketsAppearAndKeepsEarlierSamplesWithTheNewBucketsEmpty() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1, 1, 2, 5, 1));
        chunk.append(2000, counter(0, 2, 0, 2, 1, 3, 5, 2));
        HistogramIterator before = chunk.iterator(null);

        assertThat(chunk.append(3000, counter(1, 3, -2, 1, 0, 3, 1, 4, 3, 7, 5, 3, 9, 1))).isSameAs(chunk);

        HistogramChunk widened = new HistogramChunk();
        widened.append(1000, counter(0, 1, -2, 0, 0, 1, 1, 2, 3, 0, 5, 1, 9, 0));
        widened.append(2000, counter(0, 2, -2, 0, 0, 2, 1, 3, 3, 0, 5, 2, 9, 0));
        widened.append(3000, counter(1, 3, -2, 1, 0, 3, 1, 4, 3, 7, 5, 3, 9, 1));
        assertThat(chunk.bytes()).isEqualTo(widened.bytes());
        assertThat(drain(before)).as("an iterator from before the re-encoding").hasSize(2);
        assertThat(canonical(drain(chunk.iterator(null)))).containsExactly(
                TestHistograms.canonical(counter(0, 1, 0, 1, 1, 2, 5, 1)),
                TestHistograms.canonical(counter(0, 2, 0, 2, 1, 3, 5, 2)),
                TestHistograms.canonical(counter(1, 3, -2, 1, 0, 3, 1, 4, 3, 7, 5, 3, 9, 1)));
    }

    @Test
    void insertsBucketsThatAreEmptyInTheChunkButMissingFromTheHistogram() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 0, 1, 2, 2, 0));

        assertThat(chunk.append(2000, counter(0, 2, 1, 3))).isSameAs(chunk);

        Histogram second = drain(chunk.iterator(null)).get(1);
        assertThat(second.positiveSpans()).containsExactly(new Span(0, 3));
        assertThat(second.positiveBuckets()).containsExactly(0, 3, -3);
    }

    @Test
    void startsANewChunkOnACounterReset() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(2, 10, 0, 5, 1, 5));
        byte[] before = chunk.bytes();

        HistogramChunk byCount = chunk.append(2000, counter(2, 11, 0, 1, 1, 5));
        HistogramChunk byMissingBucket = chunk.append(2000, counter(2, 11, 0, 50));
        HistogramChunk byZeroCount = chunk.append(2000, counter(1, 11, 0, 6, 1, 6));
        HistogramChunk byHint = chunk.append(2000, counter(2, 11, 0, 6, 1, 6).withCounterResetHint(CounterResetHint.COUNTER_RESET));

        for (HistogramChunk next : List.of(byCount, byMissingBucket, byZeroCount, byHint)) {
            assertThat(next).isNotSameAs(chunk);
            assertThat(next.header()).isEqualTo(CounterResetHeader.COUNTER_RESET);
            assertThat(next.numSamples()).isEqualTo(1);
            assertThat(next.minTime()).isEqualTo(2000);
        }
        assertThat(chunk.bytes()).isEqualTo(before);
        assertThat(drain(byCount.iterator(null)).getFirst().counterResetHint()).isEqualTo(CounterResetHint.UNKNOWN);
    }

    @Test
    void startsANewChunkWithAnUnknownHeaderWhenTheSchemaOrZeroThresholdChanges() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(2, 10, 0, 5));

        HistogramChunk bySchema = chunk.append(2000, histogram(UNKNOWN, 1, 0x1p-128, 2, 11, buckets(0, 5), new TreeMap<>()));
        HistogramChunk byThreshold = chunk.append(2000, histogram(UNKNOWN, 0, 0.001, 2, 11, buckets(0, 5), new TreeMap<>()));

        assertThat(bySchema).isNotSameAs(chunk);
        assertThat(bySchema.header()).isEqualTo(CounterResetHeader.UNKNOWN);
        assertThat(byThreshold).isNotSameAs(chunk);
        assertThat(byThreshold.header()).isEqualTo(CounterResetHeader.UNKNOWN);
    }

    @Test
    void keepsGaugeHistogramsInOneChunkWhileBucketsComeAndGoAndCountsFall() {
        HistogramChunk chunk = new HistogramChunk();
        List<Histogram> sent = List.of(gauge(5, -3, 0, 4, 1, 9), gauge(1, 2, 1, 2, 4, 7), gauge(0, 0, -2, 1), gauge(3, 1, 0, 1, 4, 1));
        for (int i = 0; i < sent.size(); i++) {
            assertThat(chunk.append(1000L * (i + 1), sent.get(i))).isSameAs(chunk);
        }

        List<Histogram> decoded = drain(chunk.iterator(null));
        assertThat(chunk.header()).isEqualTo(CounterResetHeader.GAUGE);
        assertThat(decoded).extracting(Histogram::counterResetHint).containsOnly(CounterResetHint.GAUGE);
        assertThat(canonical(decoded)).isEqualTo(canonical(sent));
    }

    @Test
    void switchingBetweenGaugeAndCounterHistogramsStartsANewChunk() {
        HistogramChunk gaugeChunk = new HistogramChunk();
        gaugeChunk.append(1000, gauge(0, 1, 0, 1));
        HistogramChunk counterChunk = new HistogramChunk();
        counterChunk.append(1000, counter(0, 1, 0, 1));

        HistogramChunk afterGauge = gaugeChunk.append(2000, counter(0, 2, 0, 2));
        HistogramChunk afterCounter = counterChunk.append(2000, gauge(0, 2, 0, 2));

        // Prometheus 3's integer appender marks a counter chunk after a gauge chunk as "not a counter reset".
        assertThat(afterGauge).isNotSameAs(gaugeChunk);
        assertThat(afterGauge.header()).isEqualTo(CounterResetHeader.NOT_COUNTER_RESET);
        assertThat(afterCounter).isNotSameAs(counterChunk);
        assertThat(afterCounter.header()).isEqualTo(CounterResetHeader.GAUGE);
    }

    @Test
    void storesAStaleMarkerAsItsSumAndStartsANewChunkWhenSamplesResume() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1, 3, 2));
        assertThat(chunk.append(2000, TestHistograms.staleHistogram())).isSameAs(chunk);
        assertThat(chunk.append(3000, TestHistograms.staleHistogram())).isSameAs(chunk);

        HistogramChunk resumed = chunk.append(4000, counter(0, 1, 0, 1, 3, 2));

        List<Histogram> decoded = drain(chunk.iterator(null));
        assertThat(decoded).hasSize(3);
        assertThat(decoded.subList(1, 3)).allSatisfy(h -> {
            assertThat(Double.doubleToRawLongBits(h.sum())).isEqualTo(StaleMarker.BITS);
            assertThat(h.positiveBucketCount()).isZero();
        });
        assertThat(resumed).isNotSameAs(chunk);
        assertThat(resumed.header()).isEqualTo(CounterResetHeader.UNKNOWN);
    }

    @Test
    void aChunkStartingWithAStaleMarkerHasAnEmptyLayout() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, TestHistograms.staleHistogram());

        // zero threshold 00; schema 0, no positive or negative spans ("000"); t=1000 ("11110" + 12 bits); count and
        // zero count 0 ("00"); the stale NaN's 64 bits: 94 bits.
        assertThat(HEX.formatHex(chunk.bytes())).isEqualTo("000100" + "001E3E81FFC0000000000008");
        assertThat(drain(HistogramIterator.of(chunk.bytes(), null))).singleElement()
                .satisfies(h -> assertThat(Double.doubleToRawLongBits(h.sum())).isEqualTo(StaleMarker.BITS));
    }

    @Test
    void roundTripsCustomBucketHistogramsAndCutsWhenTheBoundsChange() {
        double[] bounds = {0.001, 0.5, 1, 2.5, 33554.43, 33554.431, 1e9, -1, 0.1234567};
        Histogram first = histogram(UNKNOWN, Histogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 3, buckets(0, 1, 1, 2, 4, 1, 9, 3),
                new TreeMap<>(), bounds);
        Histogram second = histogram(UNKNOWN, Histogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 7, buckets(0, 2, 1, 2, 4, 5, 9, 3),
                new TreeMap<>(), bounds);
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, first);
        assertThat(chunk.append(2000, second)).isSameAs(chunk);

        List<Histogram> decoded = drain(HistogramIterator.of(chunk.bytes(), null));
        assertThat(decoded.get(0)).isEqualTo(first);
        assertThat(decoded.get(1)).isEqualTo(second.withCounterResetHint(CounterResetHint.NOT_COUNTER_RESET));

        double[] other = bounds.clone();
        other[2] = 1.5;
        HistogramChunk next = chunk.append(3000, histogram(UNKNOWN, Histogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 8,
                buckets(0, 2, 1, 2, 4, 5, 9, 4), new TreeMap<>(), other));
        assertThat(next).isNotSameAs(chunk);
        assertThat(next.header()).isEqualTo(CounterResetHeader.COUNTER_RESET);
    }

    @Test
    void startHeadersFollowWhetherTheHistogramCouldHaveContinuedThePreviousChunk() {
        HistogramChunk previous = new HistogramChunk();
        previous.append(1000, counter(0, 1, 0, 5));

        assertThat(HistogramChunk.start(2000, counter(0, 2, 0, 6, 1, 1), previous).header())
                .isEqualTo(CounterResetHeader.NOT_COUNTER_RESET);
        assertThat(HistogramChunk.start(2000, counter(0, 2, 0, 4), previous).header())
                .isEqualTo(CounterResetHeader.COUNTER_RESET);
        assertThat(HistogramChunk.start(2000, counter(0, 2, 0, 6), null).header()).isEqualTo(CounterResetHeader.UNKNOWN);
        assertThat(HistogramChunk.start(2000, gauge(0, 2, 0, 6), previous).header()).isEqualTo(CounterResetHeader.GAUGE);
        assertThat(previous.numSamples()).isEqualTo(1);
    }

    @Test
    void appendingToAChunkReadBackFromBytesGivesTheBytesOfOneContinuousChunk() {
        SplittableRandom random = new SplittableRandom(11);
        List<Histogram> samples = new ArrayList<>();
        SortedMap<Integer, Long> positive = buckets(0, 1, 2, 1);
        for (int i = 0; i < 40; i++) {
            if (i % 9 == 4) {
                positive.putIfAbsent(random.nextInt(-5, 10), 0L);
            }
            positive.replaceAll((k, v) -> v + random.nextLong(100));
            samples.add(histogram(UNKNOWN, 2, 0, i, i * 1.25 + (i % 3 == 0 ? 0 : random.nextDouble()), new TreeMap<>(positive), new TreeMap<>()));
        }
        HistogramChunk continuous = new HistogramChunk();
        for (int i = 0; i < samples.size(); i++) {
            continuous.append(1000L * i + random.nextLong(3), samples.get(i));
        }
        List<Long> ts = timestamps(continuous.iterator(null));

        for (int split = 1; split < samples.size(); split += 7) {
            HistogramChunk first = new HistogramChunk();
            for (int i = 0; i < split; i++) {
                first.append(ts.get(i), samples.get(i));
            }
            HistogramChunk resumed = HistogramChunk.fromBytes(first.bytes());
            for (int i = split; i < samples.size(); i++) {
                assertThat(resumed.append(ts.get(i), samples.get(i))).isSameAs(resumed);
            }
            assertThat(resumed.bytes()).as("split at %d", split).isEqualTo(continuous.bytes());
        }
    }

    @Test
    void fromBytesRejectsGarbageAfterTheLastSample() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1));
        byte[] data = chunk.bytes();
        byte[] extra = java.util.Arrays.copyOf(data, data.length + 2);
        byte[] dirty = data.clone();
        dirty[dirty.length - 1] |= 1;

        assertThatThrownBy(() -> HistogramChunk.fromBytes(extra)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> HistogramChunk.fromBytes(dirty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding");
        assertThatThrownBy(() -> HistogramChunk.fromBytes(java.util.Arrays.copyOf(data, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated", "corrupt");
    }

    @Test
    void reportsCorruptDataOnEveryCallAfterTheFirstFailure() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1));
        chunk.append(2000, counter(0, 2, 0, 2));
        HistogramIterator truncated = HistogramIterator.of(java.util.Arrays.copyOf(chunk.bytes(), 12), null);

        assertThatThrownBy(truncated::next).isInstanceOf(AmphoraException.class)
                .satisfies(e -> assertThat(((AmphoraException) e).code()).isEqualTo(ErrorCode.CORRUPT_DATA));
        assertThatThrownBy(() -> truncated.seek(0)).isInstanceOf(AmphoraException.class);
        assertThatThrownBy(() -> HistogramIterator.of(new byte[2], null).next()).isInstanceOf(AmphoraException.class);

        byte[] unknownSchema = new HistogramChunk().bytes();
        HistogramChunk withSchema9 = new HistogramChunk();
        withSchema9.append(1000, histogram(UNKNOWN, 9, 0, 0, 0, new TreeMap<>(), new TreeMap<>()));
        assertThat(unknownSchema).hasSize(3);
        assertThatThrownBy(() -> HistogramIterator.of(withSchema9.bytes(), null).next())
                .isInstanceOf(AmphoraException.class).hasMessageContaining("schema 9");
    }

    @Test
    void refusesSamplesOutOfOrderAndHistogramsWhoseBucketsDoNotMatchTheirSpans() {
        HistogramChunk chunk = new HistogramChunk();
        chunk.append(1000, counter(0, 1, 0, 1));
        Histogram inconsistent = new Histogram(UNKNOWN, 0, 0, 0, 1, 1, new Span[] {new Span(0, 2)}, new long[] {1},
                new Span[0], new long[0], new double[0]);

        assertThatThrownBy(() -> chunk.append(1000, counter(0, 1, 0, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chunk.append(2000, inconsistent)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spans describe 2");
    }

    @Test
    void seeksForwardOnlyAndConvertsToFloatHistograms() {
        HistogramChunk chunk = new HistogramChunk();
        for (int i = 1; i <= 5; i++) {
            chunk.append(i * 1000L, counter(i, i, 0, i, 1, 2L * i));
        }
        HistogramIterator it = chunk.iterator(null);

        assertThat(it.seek(2500)).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.atT()).isEqualTo(3000);
        assertThat(it.seek(1000)).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.atT()).isEqualTo(3000);
        FloatHistogram f = it.atFloatHistogram();
        assertThat(f.count()).isEqualTo(3 + 3 + 6);
        assertThat(f.positiveBuckets()).containsExactly(3, 6);
        assertThatThrownBy(it::atValue).isInstanceOf(IllegalStateException.class);
        assertThat(it.seek(6000)).isEqualTo(ValueType.NONE);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }
}
