package io.amphora.tsdb.chunkenc;

import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.ValueType;
import io.amphora.testing.SystemPrograms;
import io.amphora.tsdb.chunkenc.PrometheusChunkSegments.StoredChunk;
import io.amphora.tsdb.chunkenc.PrometheusIndexSeries.ChunkMeta;
import io.amphora.tsdb.chunkenc.RemoteWriteHistograms.Entry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Proves that {@link HistogramChunk} and {@link FloatHistogramChunk} (and their iterators) are bit-compatible with
 * real Prometheus: seeded integer and float native histogram series, counters and gauges, with buckets appearing
 * (so Prometheus re-encodes its chunks), gauge buckets disappearing, counter resets detected and hinted, schema and
 * zero-threshold changes and staleness markers, are sent through Prometheus's remote-write receiver to Debian's
 * {@code prometheus} (2.42, {@code --enable-feature=native-histograms}); its admin API snapshots the head into a
 * block, and this test reads the block's {@code chunks/} files directly. Every chunk must decode to the histograms
 * sent, and feeding the same histograms to Amphora's chunks, with the chunk boundaries Prometheus chose, must give
 * Prometheus's bytes, counter reset header included.
 *
 * <p>Where Prometheus 2.42 and 3.x decide differently, Amphora follows 3.x and the generator avoids the case:
 * counter histograms never drop a bucket (2.42 cuts a chunk even for an empty one, 3.x inserts it), integer series
 * never switch from gauge to counter histograms (2.42 gives the new chunk an unknown header, 3.x "not a reset"),
 * and custom-bucket histograms (schema -53), which 2.42 does not know, are covered by the round-trip tests only.
 *
 * <p>Skipped when {@code prometheus} is not on PATH, except in CI (see {@link SystemPrograms}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusHistogramChunkCompatibilityTest {
    private static final long SEED = 0x4157_0_2042L;
    /** 2023-11-15T00:00:00Z, a multiple of 2 h: Prometheus's head cuts chunks at multiples of its 2 h range. */
    private static final long START = 1_700_006_400_000L;
    private static final long RANGE = 2 * 60 * 60 * 1000L;
    /** Requests carry this much time of every series, so no sample falls behind the head's out-of-bounds limit. */
    private static final long REQUEST_SLICE = 5 * 60 * 1000L;
    private static final long CLOSING_SAMPLE = START + RANGE + 60_000;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final double[] ZERO_THRESHOLDS = {0, 0x1p-128, 0x1p-20, 0.001, 1e-9};

    private final List<GeneratedSeries> generated = new ArrayList<>();
    private final List<PrometheusChunk> chunks = new ArrayList<>();

    private record GeneratedSeries(String key, boolean floats, List<Entry> entries) {
        Map<String, String> labels() {
            Matcher m = Pattern.compile("(\\w+)\\{series=\"(\\d+)\"}").matcher(key);
            if (!m.matches()) {
                throw new IllegalStateException(key);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("__name__", m.group(1));
            labels.put("series", m.group(2));
            return labels;
        }
    }

    /** A chunk Prometheus wrote, the series it belongs to, and its samples as Amphora's iterator read them. */
    private record PrometheusChunk(String seriesKey, ChunkMeta meta, StoredChunk stored, long[] timestamps,
            List<String> decoded, CounterResetHeader header) {}

    private enum Case {
        INT_HEADER_UNKNOWN, INT_HEADER_COUNTER_RESET, INT_HEADER_NOT_COUNTER_RESET, INT_HEADER_GAUGE,
        FLOAT_HEADER_UNKNOWN, FLOAT_HEADER_COUNTER_RESET, FLOAT_HEADER_NOT_COUNTER_RESET, FLOAT_HEADER_GAUGE,
        INT_RECODED, FLOAT_RECODED, INT_GAUGE_LOST_BUCKET, FLOAT_GAUGE_LOST_BUCKET,
        INT_STALE_MARKER, FLOAT_STALE_MARKER, SINGLE_SAMPLE_CHUNK, NEGATIVE_BUCKETS,
        ZERO_THRESHOLD_ZERO, ZERO_THRESHOLD_POWER_OF_TWO, ZERO_THRESHOLD_RAW,
        /** The stream ends on a byte boundary after a whole-byte write: Prometheus 2.x leaves an empty byte. */
        TRAILING_EMPTY_BYTE, NO_TRAILING_EMPTY_BYTE,
    }

    @BeforeAll
    void writeThroughPrometheus(@TempDir Path directory) throws Exception {
        Path prometheus = SystemPrograms.require("prometheus", "prometheus");
        generate(new SplittableRandom(SEED));
        try (PrometheusServer server = PrometheusServer.start(prometheus, directory)) {
            for (long from = START; from < START + RANGE; from += REQUEST_SLICE) {
                for (GeneratedSeries series : generated) {
                    long lo = from;
                    List<Entry> slice = series.entries().stream()
                            .filter(e -> e.timestamp() >= lo && e.timestamp() < lo + REQUEST_SLICE).toList();
                    if (!slice.isEmpty()) {
                        server.remoteWrite(RemoteWriteHistograms.writeRequest(series.labels(), slice));
                    }
                }
            }
            // Prometheus 2.42 re-encodes chunks that are still open when it snapshots its head (and cannot re-encode
            // gauge histograms that way). One more sample per series in the next chunk range closes every chunk
            // this test compares; the chunks that sample opens are left out.
            for (GeneratedSeries series : generated) {
                Entry first = series.entries().getFirst();
                server.remoteWrite(RemoteWriteHistograms.writeRequest(series.labels(),
                        List.of(new Entry(CLOSING_SAMPLE, first.histogram(), first.floatHistogram()))));
            }
            readBlocks(server.snapshot());
        }
    }

    @Test
    void decodesExactlyTheHistogramsSentThroughRemoteWrite() {
        Map<String, List<PrometheusChunk>> bySeries = bySeries();
        assertThat(bySeries.keySet()).containsExactlyInAnyOrderElementsOf(generated.stream().map(GeneratedSeries::key).toList());
        for (GeneratedSeries series : generated) {
            List<Long> timestamps = new ArrayList<>();
            List<String> decoded = new ArrayList<>();
            for (PrometheusChunk chunk : bySeries.get(series.key())) {
                for (long t : chunk.timestamps()) {
                    timestamps.add(t);
                }
                decoded.addAll(chunk.decoded());
            }
            assertThat(timestamps).as("timestamps of %s", series.key())
                    .containsExactlyElementsOf(series.entries().stream().map(Entry::timestamp).toList());
            assertThat(decoded).as("histograms of %s", series.key())
                    .containsExactlyElementsOf(series.entries().stream().map(PrometheusHistogramChunkCompatibilityTest::canonical).toList());
        }
    }

    @Test
    void reencodesEveryPrometheusChunkToIdenticalBytes() {
        Map<String, GeneratedSeries> byKey = new HashMap<>();
        generated.forEach(s -> byKey.put(s.key(), s));
        List<String> differences = new ArrayList<>();
        bySeries().forEach((key, seriesChunks) -> {
            GeneratedSeries series = byKey.get(key);
            Object previous = null;
            for (PrometheusChunk chunk : seriesChunks) {
                List<Entry> entries = series.entries().stream()
                        .filter(e -> e.timestamp() >= chunk.meta().minTime() && e.timestamp() <= chunk.meta().maxTime())
                        .toList();
                Reencoded mine = series.floats()
                        ? reencodeFloat(entries, (FloatHistogramChunk) previous)
                        : reencodeInt(entries, (HistogramChunk) previous);
                previous = mine.chunk();
                String what = String.format("%s chunk %x (%d samples, header %s)", key, chunk.stored().ref(),
                        entries.size(), chunk.header());
                if (mine.cutAt() != Long.MIN_VALUE) {
                    differences.add(what + ": Amphora would start a new chunk at " + mine.cutAt());
                } else if (!java.util.Arrays.equals(mine.bytes(), chunk.stored().data())) {
                    differences.add(what + ": Prometheus " + HexFormat.of().formatHex(chunk.stored().data())
                            + ", Amphora " + HexFormat.of().formatHex(mine.bytes()));
                }
            }
        });
        assertThat(differences).as("chunks whose re-encoding differs from Prometheus's, of %d", chunks.size()).isEmpty();
    }

    @Test
    void chunkFramingMatchesTheBlockFormat() {
        for (PrometheusChunk chunk : chunks) {
            String what = chunk.seriesKey() + " chunk " + Long.toHexString(chunk.stored().ref());
            assertThat(chunk.stored().encoding()).as("encoding of %s", what)
                    .isIn(HistogramChunk.ENCODING, FloatHistogramChunk.ENCODING);
            assertThat(chunk.stored().storedCrc()).as("CRC32C of %s", what).isEqualTo(chunk.stored().computedCrc());
            assertThat(chunk.meta().minTime()).as("min time of %s", what).isEqualTo(chunk.timestamps()[0]);
            assertThat(chunk.meta().maxTime()).as("max time of %s", what)
                    .isEqualTo(chunk.timestamps()[chunk.timestamps().length - 1]);
        }
    }

    /** Guards the generator: the comparisons above only prove something for cases Prometheus actually wrote. */
    @Test
    void prometheusChunksExerciseEveryCase() {
        Map<String, GeneratedSeries> byKey = new HashMap<>();
        generated.forEach(s -> byKey.put(s.key(), s));
        Set<Case> cases = EnumSet.noneOf(Case.class);
        for (PrometheusChunk chunk : chunks) {
            boolean floats = chunk.stored().encoding() == FloatHistogramChunk.ENCODING;
            cases.add(Case.valueOf((floats ? "FLOAT" : "INT") + "_HEADER_" + chunk.header().name()));
            if (chunk.timestamps().length == 1) {
                cases.add(Case.SINGLE_SAMPLE_CHUNK);
            }
            if (chunk.decoded().contains("stale")) {
                cases.add(floats ? Case.FLOAT_STALE_MARKER : Case.INT_STALE_MARKER);
            }
            List<Entry> entries = byKey.get(chunk.seriesKey()).entries().stream()
                    .filter(e -> e.timestamp() >= chunk.meta().minTime() && e.timestamp() <= chunk.meta().maxTime())
                    .toList();
            int layoutBuckets = layoutBuckets(chunk);
            List<Integer> sentBuckets = entries.stream().map(PrometheusHistogramChunkCompatibilityTest::bucketCount).toList();
            if (layoutBuckets > sentBuckets.getFirst()) {
                cases.add(floats ? Case.FLOAT_RECODED : Case.INT_RECODED);
            }
            if (chunk.header() == CounterResetHeader.GAUGE && sentBuckets.stream().anyMatch(n -> n > 0 && n < layoutBuckets)) {
                cases.add(floats ? Case.FLOAT_GAUGE_LOST_BUCKET : Case.INT_GAUGE_LOST_BUCKET);
            }
            double zt = zeroThreshold(entries.getFirst());
            cases.add(zt == 0 ? Case.ZERO_THRESHOLD_ZERO
                    : Math.getExponent(zt) > -1000 && zt == Math.scalb(1.0, Math.getExponent(zt)) ? Case.ZERO_THRESHOLD_POWER_OF_TWO
                    : Case.ZERO_THRESHOLD_RAW);
            cases.add(chunk.stored().data().length == (endBit(chunk) + 7) / 8 + 1
                    ? Case.TRAILING_EMPTY_BYTE : Case.NO_TRAILING_EMPTY_BYTE);
            if (entries.stream().anyMatch(PrometheusHistogramChunkCompatibilityTest::hasNegativeBuckets)) {
                cases.add(Case.NEGATIVE_BUCKETS);
            }
        }
        assertThat(cases).containsExactlyInAnyOrder(Case.values());
    }

    // ---- Re-encoding with Amphora

    private record Reencoded(Object chunk, byte[] bytes, long cutAt) {}

    /**
     * Encodes a Prometheus chunk's samples. The first one continues {@code previous} when Amphora's appender would
     * start a new chunk for it anyway (a reset, schema change, ...), and otherwise starts one the way the head does
     * when it cuts for size or time, with {@code previous} deciding the header.
     */
    private static Reencoded reencodeInt(List<Entry> entries, HistogramChunk previous) {
        Entry first = entries.getFirst();
        HistogramChunk chunk = null;
        if (previous != null) {
            HistogramChunk probe = HistogramChunk.fromBytes(previous.bytes());
            HistogramChunk next = probe.append(first.timestamp(), first.histogram());
            chunk = next != probe ? next : null;
        }
        if (chunk == null) {
            chunk = HistogramChunk.start(first.timestamp(), first.histogram(), previous);
        }
        for (Entry e : entries.subList(1, entries.size())) {
            if (chunk.append(e.timestamp(), e.histogram()) != chunk) {
                return new Reencoded(chunk, chunk.bytes(), e.timestamp());
            }
        }
        return new Reencoded(chunk, chunk.bytes(), Long.MIN_VALUE);
    }

    private static Reencoded reencodeFloat(List<Entry> entries, FloatHistogramChunk previous) {
        Entry first = entries.getFirst();
        FloatHistogramChunk chunk = null;
        if (previous != null) {
            FloatHistogramChunk probe = FloatHistogramChunk.fromBytes(previous.bytes());
            FloatHistogramChunk next = probe.append(first.timestamp(), first.floatHistogram());
            chunk = next != probe ? next : null;
        }
        if (chunk == null) {
            chunk = FloatHistogramChunk.start(first.timestamp(), first.floatHistogram(), previous);
        }
        for (Entry e : entries.subList(1, entries.size())) {
            if (chunk.append(e.timestamp(), e.floatHistogram()) != chunk) {
                return new Reencoded(chunk, chunk.bytes(), e.timestamp());
            }
        }
        return new Reencoded(chunk, chunk.bytes(), Long.MIN_VALUE);
    }

    // ---- Reading the snapshot

    private Map<String, List<PrometheusChunk>> bySeries() {
        Map<String, List<PrometheusChunk>> bySeries = new TreeMap<>();
        for (PrometheusChunk chunk : chunks) {
            bySeries.computeIfAbsent(chunk.seriesKey(), k -> new ArrayList<>()).add(chunk);
        }
        bySeries.values().forEach(list -> list.sort(Comparator.comparingLong(c -> c.meta().minTime())));
        return bySeries;
    }

    private void readBlocks(Path snapshot) throws IOException {
        List<Path> blocks;
        try (Stream<Path> entries = Files.list(snapshot)) {
            blocks = entries.filter(entry -> Files.isRegularFile(entry.resolve("index"))).sorted().toList();
        }
        assertThat(blocks).as("blocks in the snapshot").isNotEmpty();
        for (Path block : blocks) {
            Map<Long, StoredChunk> stored = PrometheusChunkSegments.read(block.resolve("chunks"));
            for (PrometheusIndexSeries.Series series : PrometheusIndexSeries.read(block.resolve("index"))) {
                String key = series.labels().get("__name__") + "{series=\"" + series.labels().get("series") + "\"}";
                for (ChunkMeta meta : series.chunks()) {
                    if (meta.minTime() >= CLOSING_SAMPLE) {
                        continue;
                    }
                    StoredChunk chunk = stored.get(meta.ref());
                    if (chunk == null) {
                        fail("%s refers to no chunk at %x", key, meta.ref());
                    }
                    chunks.add(decode(key, meta, chunk));
                }
            }
        }
    }

    private static PrometheusChunk decode(String key, ChunkMeta meta, StoredChunk chunk) {
        List<Long> timestamps = new ArrayList<>();
        List<String> decoded = new ArrayList<>();
        CounterResetHeader header;
        if (chunk.encoding() == HistogramChunk.ENCODING) {
            HistogramIterator it = HistogramIterator.of(chunk.data(), null);
            header = it.header();
            while (it.next() == ValueType.HISTOGRAM) {
                timestamps.add(it.atT());
                decoded.add(TestHistograms.canonical(it.atHistogram()));
            }
        } else {
            FloatHistogramIterator it = FloatHistogramIterator.of(chunk.data(), null);
            header = it.header();
            while (it.next() == ValueType.FLOAT_HISTOGRAM) {
                timestamps.add(it.atT());
                decoded.add(TestHistograms.canonical(it.atFloatHistogram()));
            }
        }
        return new PrometheusChunk(key, meta, chunk, timestamps.stream().mapToLong(Long::longValue).toArray(), decoded, header);
    }

    /** The number of buckets in the chunk's layout (what its first sample holds after any re-encoding). */
    private static int layoutBuckets(PrometheusChunk chunk) {
        if (chunk.stored().encoding() == HistogramChunk.ENCODING) {
            HistogramIterator it = HistogramIterator.of(chunk.stored().data(), null);
            it.next();
            Histogram h = it.atHistogram();
            return h.positiveBucketCount() + h.negativeBucketCount();
        }
        FloatHistogramIterator it = FloatHistogramIterator.of(chunk.stored().data(), null);
        it.next();
        FloatHistogram h = it.atFloatHistogram();
        return h.positiveBucketCount() + h.negativeBucketCount();
    }

    /** Where the chunk's last sample ends, in bits from the start of the data. */
    private static int endBit(PrometheusChunk chunk) {
        if (chunk.stored().encoding() == HistogramChunk.ENCODING) {
            HistogramIterator it = HistogramIterator.of(chunk.stored().data(), null);
            while (it.next() == ValueType.HISTOGRAM) {
                // Read to the end.
            }
            return it.bitPosition();
        }
        FloatHistogramIterator it = FloatHistogramIterator.of(chunk.stored().data(), null);
        while (it.next() == ValueType.FLOAT_HISTOGRAM) {
            // Read to the end.
        }
        return it.bitPosition();
    }

    private static String canonical(Entry e) {
        return e.histogram() != null ? TestHistograms.canonical(e.histogram()) : TestHistograms.canonical(e.floatHistogram());
    }

    private static int bucketCount(Entry e) {
        return e.histogram() != null
                ? e.histogram().positiveBucketCount() + e.histogram().negativeBucketCount()
                : e.floatHistogram().positiveBucketCount() + e.floatHistogram().negativeBucketCount();
    }

    private static double zeroThreshold(Entry e) {
        return e.histogram() != null ? e.histogram().zeroThreshold() : e.floatHistogram().zeroThreshold();
    }

    private static boolean hasNegativeBuckets(Entry e) {
        return bucketCount(e) > (e.histogram() != null ? e.histogram().positiveBucketCount() : e.floatHistogram().positiveBucketCount());
    }

    // ---- The histograms

    private void generate(SplittableRandom random) {
        int id = 0;
        for (int i = 0; i < 14; i++) {
            add("amphora_compat_histogram", id++, false, counter(random, false, 150 + random.nextInt(300)));
        }
        for (int i = 0; i < 6; i++) {
            add("amphora_compat_gauge_histogram", id++, false, gauge(random, false, 60 + random.nextInt(250)));
        }
        for (int i = 0; i < 14; i++) {
            add("amphora_compat_float_histogram", id++, true, counter(random, true, 150 + random.nextInt(300)));
        }
        for (int i = 0; i < 6; i++) {
            add("amphora_compat_float_gauge_histogram", id++, true, gauge(random, true, 60 + random.nextInt(250)));
        }
        for (int i = 0; i < 4; i++) {
            List<Entry> entries = new ArrayList<>(gauge(random, true, 40 + random.nextInt(40)));
            long after = entries.getLast().timestamp();
            counter(random, true, 40 + random.nextInt(40)).stream()
                    .map(e -> new Entry(after + e.timestamp() - START + 1, null, e.floatHistogram()))
                    .filter(e -> e.timestamp() < START + RANGE)
                    .forEach(entries::add);
            add("amphora_compat_float_mixed_histogram", id++, true, entries);
        }
        for (int i = 0; i < 6; i++) {
            add("amphora_compat_short_histogram", id++, i % 2 == 1, counter(random, i % 2 == 1, 1 + random.nextInt(3)));
        }
    }

    private void add(String metric, int id, boolean floats, List<Entry> entries) {
        generated.add(new GeneratedSeries(metric + "{series=\"" + id + "\"}", floats, List.copyOf(entries)));
    }

    /** Timestamps 15 s apart with a series-specific jitter, or irregular gaps, all inside the 2 h range. */
    private static long[] timestamps(SplittableRandom random, int n) {
        long jitter = new long[] {0, 3, 50, 2_000}[random.nextInt(4)];
        boolean irregular = random.nextInt(5) == 0;
        long[] ts = new long[n];
        long t = START + 1 + random.nextLong(10 * 60 * 1000L);
        int k = 0;
        for (int i = 0; i < n; i++) {
            long step = irregular ? 1 + random.nextLong(new long[] {5, 300, 20_000, 200_000}[random.nextInt(4)]) : 15_000;
            long offset = jitter == 0 ? 0 : random.nextLong(-jitter, jitter + 1);
            t += step;
            long at = t + offset;
            if (at >= START + RANGE) {
                break;
            }
            if (k > 0 && at <= ts[k - 1]) {
                at = ts[k - 1] + 1;
            }
            ts[k++] = at;
        }
        return java.util.Arrays.copyOf(ts, k);
    }

    /** An increment whose size class varies, so bucket deltas of deltas reach every varbit width. */
    private static long increment(SplittableRandom random) {
        return switch (random.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5 -> 0;
            case 6, 7, 8 -> random.nextLong(5);
            case 9, 10 -> random.nextLong(33);
            case 11, 12 -> random.nextLong(257);
            case 13, 14 -> random.nextLong(2_049);
            case 15 -> random.nextLong(131_073);
            case 16 -> random.nextLong(16_777_217);
            case 17 -> random.nextInt(40) == 0 ? random.nextLong(1L << 40, 1L << 52) : random.nextLong(10);
            case 18 -> random.nextInt(200) == 0 ? random.nextLong(1L << 55, 1L << 56) : random.nextLong(3);
            default -> 1;
        };
    }

    private static int randomSchema(SplittableRandom random) {
        return random.nextInt(4) == 0 ? random.nextInt(-4, 9) : random.nextInt(0, 4);
    }

    private static void addBuckets(SplittableRandom random, SortedMap<Integer, Long> buckets, int n) {
        for (int i = 0; i < n; i++) {
            buckets.putIfAbsent(random.nextInt(-15, 40), random.nextLong(20));
        }
    }

    /**
     * Counter histograms: growing counts, buckets appearing, counter resets (real and hinted), schema and zero
     * threshold changes, staleness markers. Float series use multiples of 1/8, so sums of counts are exact.
     */
    private static List<Entry> counter(SplittableRandom random, boolean floats, int n) {
        long[] ts = timestamps(random, n);
        int schema = randomSchema(random);
        double zt = ZERO_THRESHOLDS[random.nextInt(ZERO_THRESHOLDS.length)];
        SortedMap<Integer, Long> positive = new TreeMap<>();
        SortedMap<Integer, Long> negative = new TreeMap<>();
        addBuckets(random, positive, 1 + random.nextInt(25));
        if (random.nextBoolean()) {
            addBuckets(random, negative, 1 + random.nextInt(8));
        }
        long zeroCount = random.nextLong(100);
        double sum = random.nextDouble() * 1000;
        boolean calm = random.nextBoolean();
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            CounterResetHint hint = random.nextInt(4) == 0 ? CounterResetHint.NOT_COUNTER_RESET : CounterResetHint.UNKNOWN;
            // Calm series change only by gaining buckets, so Prometheus cuts their chunks by size and time.
            int event = calm ? 10 + random.nextInt(190) : random.nextInt(200);
            if (event < 2 && i > 0) {
                out.add(stale(ts[i], floats));
                continue;
            } else if (event < 5 && i > 0) {
                positive.replaceAll((k, v) -> v / 3);
                negative.replaceAll((k, v) -> v / 3);
                zeroCount /= 3;
                sum /= 3;
            } else if (event < 7 && i > 0) {
                hint = CounterResetHint.COUNTER_RESET;
            } else if (event < 9 && i > 0) {
                schema = randomSchema(random);
                positive.clear();
                addBuckets(random, positive, 1 + random.nextInt(10));
            } else if (event < 10 && i > 0) {
                zt = ZERO_THRESHOLDS[random.nextInt(ZERO_THRESHOLDS.length)];
            } else if (event < 30) {
                addBuckets(random, random.nextInt(4) == 0 ? negative : positive, 1 + random.nextInt(3));
            }
            positive.replaceAll((k, v) -> v + increment(random));
            negative.replaceAll((k, v) -> v + increment(random));
            zeroCount += increment(random) % 1000;
            sum += random.nextInt(8) == 0 ? 0 : random.nextDouble() * 100;
            out.add(floats ? floatEntry(ts[i], hint, schema, zt, zeroCount, sum, positive, negative)
                    : new Entry(ts[i], TestHistograms.histogram(hint, schema, zt, zeroCount, sum, TestHistograms.copy(positive),
                            TestHistograms.copy(negative)), null));
        }
        return out;
    }

    private static Entry floatEntry(long t, CounterResetHint hint, int schema, double zt, long zeroCount, double sum,
            SortedMap<Integer, Long> positive, SortedMap<Integer, Long> negative) {
        SortedMap<Integer, Double> p = new TreeMap<>();
        positive.forEach((k, v) -> p.put(k, (v % (1L << 40)) / 8.0));
        SortedMap<Integer, Double> n = new TreeMap<>();
        negative.forEach((k, v) -> n.put(k, (v % (1L << 40)) / 8.0));
        // Prometheus 2.42 takes a remote-write histogram for a float one only when its count is positive.
        double zc = (zeroCount % (1L << 40)) / 8.0 + 0.125;
        return new Entry(t, null, TestHistograms.floatHistogram(hint, schema, zt, zc, sum, p, n));
    }

    private static Entry stale(long t, boolean floats) {
        if (!floats) {
            return new Entry(t, TestHistograms.staleHistogram(), null);
        }
        FloatHistogram stale = TestHistograms.staleFloatHistogram();
        return new Entry(t, null, new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 1, stale.sum(),
                new io.amphora.model.histogram.Span[0], new double[0], new io.amphora.model.histogram.Span[0],
                new double[0], new double[0]));
    }

    /**
     * Gauge histograms: each sample a random subset of a pool of buckets with counts going up and down, so the
     * chunk and the samples are widened both ways; occasional schema changes and stale markers (hinted gauge).
     */
    private static List<Entry> gauge(SplittableRandom random, boolean floats, int n) {
        long[] ts = timestamps(random, n);
        int schema = randomSchema(random);
        double zt = ZERO_THRESHOLDS[random.nextInt(ZERO_THRESHOLDS.length)];
        TreeSet<Integer> pool = new TreeSet<>();
        for (int i = 0; i < 4 + random.nextInt(20); i++) {
            pool.add(random.nextInt(-20, 30));
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            int event = random.nextInt(100);
            if (event == 0 && i > 0) {
                FloatHistogram staleF = TestHistograms.staleFloatHistogram();
                out.add(floats
                        ? new Entry(ts[i], null, new FloatHistogram(CounterResetHint.GAUGE, 0, 0, 0, 1, staleF.sum(),
                                new io.amphora.model.histogram.Span[0], new double[0], new io.amphora.model.histogram.Span[0],
                                new double[0], new double[0]))
                        : new Entry(ts[i], TestHistograms.staleHistogram().withCounterResetHint(CounterResetHint.GAUGE), null));
                continue;
            }
            if (event < 3) {
                schema = randomSchema(random);
            }
            SortedMap<Integer, Long> positive = new TreeMap<>();
            SortedMap<Integer, Long> negative = new TreeMap<>();
            for (int index : pool) {
                if (random.nextInt(3) != 0) {
                    (index % 5 == 0 ? negative : positive).put(index, random.nextLong(1 + random.nextLong(1L << random.nextInt(1, 30))));
                }
            }
            long zeroCount = random.nextLong(1000);
            double sum = random.nextGaussian() * 1e4;
            if (floats) {
                SortedMap<Integer, Double> p = new TreeMap<>();
                positive.forEach((k, v) -> p.put(k, random.nextBoolean() ? v : v * random.nextDouble()));
                SortedMap<Integer, Double> ng = new TreeMap<>();
                negative.forEach((k, v) -> ng.put(k, v / 4.0));
                FloatHistogram h = TestHistograms.floatHistogram(CounterResetHint.GAUGE, schema, zt, zeroCount + 1, sum, p, ng);
                // Sums of full-precision counts may round differently in Prometheus's validation: leave headroom.
                out.add(new Entry(ts[i], null, new FloatHistogram(CounterResetHint.GAUGE, schema, zt, h.zeroCount(),
                        Math.ceil(h.count()) + 16, sum, h.positiveSpans().toArray(new io.amphora.model.histogram.Span[0]),
                        h.positiveBuckets(), h.negativeSpans().toArray(new io.amphora.model.histogram.Span[0]),
                        h.negativeBuckets(), new double[0])));
            } else {
                out.add(new Entry(ts[i], TestHistograms.histogram(CounterResetHint.GAUGE, schema, zt, zeroCount, sum, positive, negative), null));
            }
        }
        return out;
    }

    // ---- Prometheus

    /** A Prometheus server on a loopback port with its own data directory; {@link #close()} stops it. */
    private static final class PrometheusServer implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path data;
        private final Path log;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private PrometheusServer(Process process, int port, Path data, Path log) {
            this.process = process;
            this.port = port;
            this.data = data;
            this.log = log;
        }

        static PrometheusServer start(Path prometheus, Path directory) throws Exception {
            Path config = Files.writeString(directory.resolve("prometheus.yml"), "global:\n  scrape_interval: 1h\n");
            Path data = Files.createDirectories(directory.resolve("data"));
            Path log = directory.resolve("prometheus.log");
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port,
                    "--enable-feature=native-histograms", "--web.enable-remote-write-receiver", "--web.enable-admin-api")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusServer server = new PrometheusServer(process, port, data, log);
            try {
                server.awaitReady();
            } catch (Exception | AssertionError e) {
                server.close();
                throw e;
            }
            return server;
        }

        private void awaitReady() throws Exception {
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("prometheus exited with %d; its log:%n%s", process.exitValue(), Files.readString(log));
                }
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/-/ready")).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // Polled again below until the deadline.
                }
                Thread.sleep(100);
            }
            fail("prometheus was not ready within %s; its log:%n%s", STARTUP_TIMEOUT, Files.readString(log));
        }

        void remoteWrite(byte[] writeRequest) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/write"))
                    .header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(writeRequest))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                fail("remote write answered %d: %s", response.statusCode(), response.body());
            }
        }

        /** Snapshots the head into a block and returns the snapshot's directory. */
        Path snapshot() throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/admin/tsdb/snapshot"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            Matcher name = Pattern.compile("\"name\":\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 200 || !name.find()) {
                fail("snapshot answered %d: %s", response.statusCode(), response.body());
            }
            return data.resolve("snapshots").resolve(name.group(1));
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
