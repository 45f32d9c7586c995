package io.amphora.tsdb;

import io.amphora.model.StaleMarker;
import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.Appender;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.Querier;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.SelectHints;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;
import io.amphora.testing.TestingClock;
import io.amphora.tsdb.chunkenc.FloatHistogramChunk;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.XorChunk;
import io.amphora.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Native histograms through the whole storage engine: appends, queries, chunks, WAL, checkpoints and recovery. */
class TsdbHistogramTest {
    private static final TenantId TENANT = TenantId.of("team-h");
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels SERIES = Labels.of("__name__", "rpc_latency_seconds", "job", "api");

    @TempDir
    Path dir;

    private final TestingClock clock = new TestingClock(Instant.ofEpochMilli(T0));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TenantLimits limits = TenantLimits.unlimited();
    private Tsdb tsdb;

    @AfterEach
    void closeTsdb() {
        if (tsdb != null) {
            tsdb.close();
        }
    }

    private Tsdb open() {
        tsdb = Tsdb.open(new TsdbConfig(dir, FsyncPolicy.ALWAYS, HeadOptions.defaults()), limits, clock, registry);
        return tsdb;
    }

    private Tsdb crashAndReopen() {
        tsdb.closeWithoutCheckpoint();
        tsdb = null;
        return open();
    }

    private Tsdb closeAndReopen() {
        tsdb.close();
        tsdb = null;
        return open();
    }

    /** A counter histogram whose buckets grow with {@code i}, gaining a bucket every 25 samples. */
    static Histogram histogram(int i) {
        int buckets = 3 + i / 25;
        long[] deltas = new long[buckets];
        long count = 0;
        long previous = 0;
        for (int b = 0; b < buckets; b++) {
            long c = (b + 1L) * i + b;
            deltas[b] = c - previous;
            previous = c;
            count += c;
        }
        return new Histogram(CounterResetHint.UNKNOWN, 1, 0x1p-128, i, count + i, i * 0.75,
                new Span[] {new Span(-1, buckets)}, deltas, new Span[0], new long[0], new double[0]);
    }

    static FloatHistogram floatHistogram(int i) {
        return new FloatHistogram(CounterResetHint.GAUGE, 0, 0, 0.5, 3.5 + i, -i * 1.25, new Span[] {new Span(0, 2)},
                new double[] {1 + i, 2}, new Span[0], new double[0], new double[0]);
    }

    /**
     * One decoded sample: a float's bits, or the histogram with the hint cleared and empty buckets compacted away
     * (re-encoding a chunk for new buckets widens the earlier samples' layouts with empty buckets, as in Prometheus).
     */
    record Decoded(long t, ValueType type, long valueBits, Object histogram) {
        Decoded {
            histogram = switch (histogram) {
                case null -> null;
                case Histogram h -> Double.isNaN(h.sum()) ? h : h.compact(0);
                case FloatHistogram h -> Double.isNaN(h.sum()) ? h : h.compact(0);
                default -> throw new IllegalArgumentException();
            };
        }
    }

    private List<Decoded> read(Labels series, long mint, long maxt) {
        List<Decoded> out = new ArrayList<>();
        try (Querier q = tsdb.querier(TENANT, mint, maxt)) {
            SeriesSet set = q.select(true, SelectHints.range(mint, maxt), Matcher.equal("__name__", series.metricName()));
            while (set.next()) {
                SampleIterator it = set.at().iterator(null);
                for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
                    out.add(switch (type) {
                        case FLOAT -> new Decoded(it.atT(), type, Double.doubleToRawLongBits(it.atValue()), null);
                        case HISTOGRAM -> new Decoded(it.atT(), type, 0, it.atHistogram().withCounterResetHint(CounterResetHint.UNKNOWN));
                        case FLOAT_HISTOGRAM -> new Decoded(it.atT(), type, 0, it.atFloatHistogram().withCounterResetHint(CounterResetHint.GAUGE));
                        case NONE -> throw new IllegalStateException();
                    });
                }
                assertThat(set.err()).isNull();
            }
        }
        return out;
    }

    private static Decoded h(long t, Histogram h) {
        return new Decoded(t, ValueType.HISTOGRAM, 0, h.withCounterResetHint(CounterResetHint.UNKNOWN));
    }

    private static Decoded fh(long t, FloatHistogram h) {
        return new Decoded(t, ValueType.FLOAT_HISTOGRAM, 0, h);
    }

    private static Decoded f(long t, double v) {
        return new Decoded(t, ValueType.FLOAT, Double.doubleToRawLongBits(v), null);
    }

    /** Appends 300 integer histograms (with a stale marker), then floats, then float histograms, to one series. */
    private List<Decoded> appendMixedSeries() {
        List<Decoded> expected = new ArrayList<>();
        Appender app = tsdb.appender(TENANT);
        for (int i = 0; i < 300; i++) {
            long t = T0 + i * 15_000L;
            Histogram value = i == 150 ? stale() : histogram(i);
            app.appendHistogram(SERIES, t, value);
            expected.add(h(t, value));
            if (i % 40 == 39) {
                app.commit();
                app = tsdb.appender(TENANT);
            }
        }
        for (int i = 300; i < 320; i++) {
            long t = T0 + i * 15_000L;
            app.append(SERIES, t, i * 0.5);
            expected.add(f(t, i * 0.5));
        }
        for (int i = 320; i < 340; i++) {
            long t = T0 + i * 15_000L;
            app.appendFloatHistogram(SERIES, t, floatHistogram(i));
            expected.add(fh(t, floatHistogram(i)));
        }
        app.commit();
        return expected;
    }

    private static Histogram stale() {
        return new Histogram(CounterResetHint.UNKNOWN, 0, 0, 0, 0, Double.longBitsToDouble(StaleMarker.BITS), new Span[0],
                new long[0], new Span[0], new long[0], new double[0]);
    }

    @Test
    void storesAndServesHistogramsFloatsAndFloatHistogramsOfOneSeriesInOrder() {
        open();
        List<Decoded> expected = appendMixedSeries();

        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
        assertThat(read(SERIES, T0 + 100 * 15_000L, T0 + 101 * 15_000L)).containsExactlyElementsOf(expected.subList(100, 102));
    }

    @Test
    void cutsAChunkWhereverTheSampleKindChangesAndReportsEachChunksEncoding() {
        open();
        appendMixedSeries();
        tsdb.checkpoint();

        List<Integer> encodings = new ArrayList<>();
        try (var q = tsdb.chunkQuerier(TENANT, Long.MIN_VALUE, Long.MAX_VALUE)) {
            Iterator<ChunkSeries> it = q.selectChunks(Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "api"));
            for (EncodedChunk chunk : it.next().chunks()) {
                encodings.add(chunk.encoding());
            }
        }
        // New buckets re-encode the first chunk; samples after the stale marker start the second.
        assertThat(encodings).containsExactly(HistogramChunk.ENCODING, HistogramChunk.ENCODING, XorChunk.ENCODING,
                FloatHistogramChunk.ENCODING);
    }

    @Test
    void cutsHistogramChunksOnceTheyReachTheTargetSize() {
        open();
        SplittableRandom random = new SplittableRandom(2);
        long[] counts = new long[40];
        Appender app = tsdb.appender(TENANT);
        for (int i = 0; i < 200; i++) {
            long[] deltas = new long[counts.length];
            long previous = 0;
            long total = 0;
            for (int b = 0; b < counts.length; b++) {
                counts[b] += random.nextLong(1_000);
                deltas[b] = counts[b] - previous;
                previous = counts[b];
                total += counts[b];
            }
            app.appendHistogram(SERIES, T0 + i * 15_000L, new Histogram(CounterResetHint.UNKNOWN, 3, 0, 0, total, i,
                    new Span[] {new Span(0, counts.length)}, deltas, new Span[0], new long[0], new double[0]));
        }
        app.commit();

        List<EncodedChunk> chunks = chunks();
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.data().length).isBetween(1024, 1024 + 400));
        assertThat(chunks.getFirst().data()[2] & 0xC0).as("first chunk's header: unknown").isZero();
        assertThat(chunks.subList(1, chunks.size()))
                .allSatisfy(chunk -> assertThat(chunk.data()[2] & 0xC0).as("header: not a counter reset").isEqualTo(0x40));
    }

    @Test
    void replaysEveryAcknowledgedHistogramBitForBitAfterACrash() {
        open();
        List<Decoded> expected = appendMixedSeries();

        crashAndReopen();

        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
    }

    @Test
    void recoversFromACheckpointAndContinuesTheOpenHistogramChunkAsIfNeverInterrupted() {
        open();
        Appender app = tsdb.appender(TENANT);
        for (int i = 0; i < 30; i++) {
            app.appendHistogram(SERIES, T0 + i * 15_000L, histogram(i));
        }
        app.commit();
        tsdb.checkpoint();
        app = tsdb.appender(TENANT);
        for (int i = 30; i < 40; i++) {
            app.appendHistogram(SERIES, T0 + i * 15_000L, histogram(i));
        }
        app.commit();

        crashAndReopen();
        app = tsdb.appender(TENANT);
        for (int i = 40; i < 60; i++) {
            app.appendHistogram(SERIES, T0 + i * 15_000L, histogram(i));
        }
        app.commit();
        closeAndReopen();

        List<EncodedChunk> chunks = chunks();
        HistogramChunk continuous = new HistogramChunk();
        for (int i = 0; i < 60; i++) {
            assertThat(continuous.append(T0 + i * 15_000L, histogram(i))).isSameAs(continuous);
        }
        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().data()).isEqualTo(continuous.bytes());
    }

    private List<EncodedChunk> chunks() {
        try (var q = tsdb.chunkQuerier(TENANT, Long.MIN_VALUE, Long.MAX_VALUE)) {
            return q.selectChunks(Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "api")).next().chunks();
        }
    }

    @Test
    void ignoresAnIdenticalRepeatAndRefusesADifferentHistogramAtTheSameTimestamp() {
        open();
        Appender first = tsdb.appender(TENANT);
        first.appendHistogram(SERIES, T0, histogram(1));
        first.commit();

        Appender again = tsdb.appender(TENANT);
        again.appendHistogram(SERIES, T0, histogram(1));
        assertThatThrownBy(() -> again.appendHistogram(SERIES, T0, histogram(2)))
                .isInstanceOf(AmphoraException.class)
                .satisfies(e -> assertThat(((AmphoraException) e).code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP));
        assertThatThrownBy(() -> again.append(SERIES, T0, 1.0))
                .isInstanceOf(AmphoraException.class)
                .satisfies(e -> assertThat(((AmphoraException) e).code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP));
        assertThatThrownBy(() -> again.appendHistogram(SERIES, T0 - 1, histogram(0)))
                .isInstanceOf(AmphoraException.class)
                .satisfies(e -> assertThat(((AmphoraException) e).code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_ORDER));
        again.commit();

        crashAndReopen();
        Appender afterRestart = tsdb.appender(TENANT);
        afterRestart.appendHistogram(SERIES, T0, histogram(1));
        assertThatThrownBy(() -> afterRestart.appendHistogram(SERIES, T0, histogram(3))).isInstanceOf(AmphoraException.class);
        afterRestart.commit();
        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(h(T0, histogram(1)));
    }

    @Test
    void acceptsOutOfOrderHistogramsWithinTheWindowAndKeepsThemAcrossCheckpointsAndCrashes() {
        limits = TenantLimits.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofHours(1));
        open();
        List<Decoded> expected = new ArrayList<>();
        Appender app = tsdb.appender(TENANT);
        app.appendHistogram(SERIES, T0 + 3_000_000, histogram(99));
        app.commit();
        expected.add(h(T0 + 3_000_000, histogram(99)));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 40; i++) {
            app = tsdb.appender(TENANT);
            long t = T0 + i * 60_000L;
            switch (random.nextInt(3)) {
                case 0 -> {
                    app.appendHistogram(SERIES, t, histogram(i));
                    expected.add(h(t, histogram(i)));
                }
                case 1 -> {
                    app.appendFloatHistogram(SERIES, t, floatHistogram(i));
                    expected.add(fh(t, floatHistogram(i)));
                }
                default -> {
                    app.append(SERIES, t, i);
                    expected.add(f(t, i));
                }
            }
            app.commit();
            if (i == 20) {
                tsdb.checkpoint();
            }
        }
        expected.sort(java.util.Comparator.comparingLong(Decoded::t));

        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
        crashAndReopen();
        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
        closeAndReopen();
        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
    }

    @Test
    void refusesInvalidHistogramsWithPrometheusMessagesAndKeepsTheRestOfTheBatch() {
        open();
        Histogram negativeBucket = new Histogram(CounterResetHint.UNKNOWN, 0, 0, 0, 1, 1, new Span[] {new Span(0, 2)},
                new long[] {2, -3}, new Span[0], new long[0], new double[0]);
        Histogram badSchema = new Histogram(CounterResetHint.UNKNOWN, 12, 0, 0, 0, 0, new Span[0], new long[0],
                new Span[0], new long[0], new double[0]);
        Appender app = tsdb.appender(TENANT);

        assertThatThrownBy(() -> app.appendHistogram(SERIES, T0, negativeBucket)).isInstanceOf(AmphoraException.class)
                .hasMessageContaining("histogram has a bucket whose observation count is negative")
                .satisfies(e -> assertThat(((AmphoraException) e).code()).isEqualTo(ErrorCode.NATIVE_HISTOGRAM_INVALID));
        assertThatThrownBy(() -> app.appendHistogram(SERIES, T0, badSchema)).isInstanceOf(AmphoraException.class)
                .satisfies(e -> assertThat(((AmphoraException) e).code()).isEqualTo(ErrorCode.NATIVE_HISTOGRAM_INVALID_SCHEMA));
        app.appendHistogram(SERIES, T0, histogram(5));
        app.commit();

        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(h(T0, histogram(5)));
        assertThat(registry.get("cortex_discarded_samples").tag("reason", ErrorCode.NATIVE_HISTOGRAM_INVALID.reason())
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aRolledBackHistogramLeavesTheSeriesAcceptingTheSameTimestampAgain() {
        open();
        Appender rolledBack = tsdb.appender(TENANT);
        rolledBack.appendHistogram(SERIES, T0, histogram(1));
        rolledBack.rollback();

        Appender app = tsdb.appender(TENANT);
        app.appendHistogram(SERIES, T0, histogram(2));
        app.commit();

        assertThat(read(SERIES, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(h(T0, histogram(2)));
    }
}
