package io.amphora.tsdb.chunkenc;

import io.amphora.storage.ValueType;
import io.amphora.testing.SystemPrograms;
import io.amphora.tsdb.chunkenc.PrometheusChunkSegments.StoredChunk;
import io.amphora.tsdb.chunkenc.PrometheusIndexSeries.ChunkMeta;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Proves that {@link XorChunk} and {@link XorIterator} are bit-compatible with real Prometheus: a few hundred seeded
 * series that exercise every branch of the XOR encoding are written as OpenMetrics text, Debian's {@code promtool}
 * (Prometheus 2.42) turns them into TSDB blocks, and this test reads those blocks' chunk files directly. Every chunk
 * must decode to exactly the samples written, and re-encoding its samples with a fresh {@link XorChunk} must give
 * Prometheus's bytes, padding included.
 *
 * <p>Skipped when {@code promtool} is not on PATH, except in CI (see {@link SystemPrograms}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusChunkCompatibilityTest {
    private static final long SEED = 0x5EED_C0DE_2042L;
    private static final long BLOCK_MILLIS = 2 * 60 * 60 * 1000L;
    private static final int BLOCKS = 3;
    /**
     * 2023-11-15T00:00:00Z, a multiple of 4 h. promtool writes a block per 2 h and its head also cuts chunks at
     * multiples of its 4 h chunk range; from a 4 h multiple on, those cuts fall on block boundaries, so a short series
     * inside one block stays in one chunk.
     */
    private static final long START = 1_700_006_400_000L;
    private static final long END = START + BLOCKS * BLOCK_MILLIS;
    private static final Duration PROMTOOL_TIMEOUT = Duration.ofSeconds(60);
    /** What every NaN compares as: the text format carries no NaN payload, and Go's parser picks its own. */
    private static final long ANY_NAN = 0x7FF8000000000000L;
    /** Delta-of-delta values on either side of each bucket boundary; each must occur inside some Prometheus chunk. */
    private static final long[] BOUNDARY_DODS = {
        8192, -8191, 8193, -8192, 65536, -65535, 65537, -65536, 524288, -524287, 524289, -524288,
    };
    private static final double[] SPECIAL_VALUES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.1, 1e-300, -1e300,
    };

    private final List<GeneratedSeries> generated = new ArrayList<>();
    private final List<PrometheusChunk> chunks = new ArrayList<>();
    private final Map<Long, StoredChunk> unreferencedChunks = new LinkedHashMap<>();
    private final List<String> indexProblems = new ArrayList<>();

    /** What each series was generated with; {@code key} is the series as written in the text format. */
    private record GeneratedSeries(String key, long[] timestamps, double[] values) {}

    /** A chunk Prometheus wrote, the series the index lists it under, and its samples as {@link XorIterator} read them. */
    private record PrometheusChunk(String seriesKey, ChunkMeta meta, StoredChunk stored, long[] timestamps, double[] values) {}

    /** The ways a sample can be encoded, as Prometheus's writer chooses them; see {@code tsdb/docs/format/chunks.md}. */
    private enum EncodingCase {
        SINGLE_SAMPLE_CHUNK,
        MULTI_BYTE_FIRST_DELTA,
        DOD_ZERO,
        DOD_14_BITS,
        DOD_17_BITS,
        DOD_20_BITS,
        DOD_64_BITS,
        VALUE_UNCHANGED,
        VALUE_IN_WINDOW,
        VALUE_NEW_WINDOW,
        VALUE_NEW_WINDOW_LEADING_CAPPED_AT_31,
        VALUE_NEW_WINDOW_64_SIGNIFICANT_BITS,
        TRAILING_EMPTY_BYTE,
        NO_TRAILING_EMPTY_BYTE,
    }

    @BeforeAll
    void writeBlocksWithPromtool(@TempDir Path directory) throws IOException, InterruptedException {
        Path promtool = SystemPrograms.require("promtool", "prometheus");
        generate(new SplittableRandom(SEED));
        Path input = directory.resolve("samples.om");
        writeOpenMetrics(input);
        Path blocks = Files.createDirectories(directory.resolve("blocks"));
        runPromtool(promtool, input, blocks, directory.resolve("promtool.log"));
        readBlocks(blocks);
    }

    @Test
    void decodesExactlyTheSamplesWrittenThroughPromtool() {
        Map<String, List<PrometheusChunk>> bySeries = new HashMap<>();
        for (PrometheusChunk chunk : chunks) {
            bySeries.computeIfAbsent(chunk.seriesKey(), key -> new ArrayList<>()).add(chunk);
        }
        assertThat(bySeries.keySet()).containsExactlyInAnyOrderElementsOf(generated.stream().map(GeneratedSeries::key).toList());

        for (GeneratedSeries series : generated) {
            List<PrometheusChunk> seriesChunks = new ArrayList<>(bySeries.get(series.key()));
            seriesChunks.sort(Comparator.comparingLong(chunk -> chunk.meta().minTime()));
            long[] timestamps = seriesChunks.stream().flatMapToLong(chunk -> Arrays.stream(chunk.timestamps())).toArray();
            long[] values = seriesChunks.stream()
                    .flatMapToLong(chunk -> Arrays.stream(chunk.values()).mapToLong(PrometheusChunkCompatibilityTest::comparableBits))
                    .toArray();

            assertThat(timestamps).as("timestamps of %s", series.key()).containsExactly(series.timestamps());
            assertThat(values).as("value bits of %s (NaN as %x)", series.key(), ANY_NAN)
                    .containsExactly(Arrays.stream(series.values()).mapToLong(PrometheusChunkCompatibilityTest::comparableBits).toArray());
        }
    }

    @Test
    void reencodesEveryPrometheusChunkToIdenticalBytes() {
        List<String> differences = new ArrayList<>();
        for (PrometheusChunk chunk : chunks) {
            byte[] reencoded = encode(chunk.timestamps(), chunk.values()).bytes();
            if (!Arrays.equals(reencoded, chunk.stored().data())) {
                differences.add(String.format("%s chunk %x (%d samples): Prometheus %s, Amphora %s", chunk.seriesKey(),
                        chunk.stored().ref(), chunk.timestamps().length, HexFormat.of().formatHex(chunk.stored().data()),
                        HexFormat.of().formatHex(reencoded)));
            }
        }
        assertThat(differences).as("chunks whose re-encoding differs from Prometheus's, of %d", chunks.size()).isEmpty();
    }

    @Test
    void chunkFramingMatchesTheBlockFormat() {
        assertThat(indexProblems).isEmpty();
        assertThat(unreferencedChunks.keySet()).as("chunks in segment files that no series references").isEmpty();
        for (PrometheusChunk chunk : chunks) {
            StoredChunk stored = chunk.stored();
            String what = chunk.seriesKey() + " chunk " + Long.toHexString(stored.ref());
            assertThat(stored.encoding()).as("encoding of %s", what).isEqualTo(XorChunk.ENCODING);
            assertThat(stored.storedCrc()).as("CRC32C of %s", what).isEqualTo(stored.computedCrc());
            assertThat(chunk.meta().minTime()).as("index min time of %s", what).isEqualTo(chunk.timestamps()[0]);
            assertThat(chunk.meta().maxTime()).as("index max time of %s", what)
                    .isEqualTo(chunk.timestamps()[chunk.timestamps().length - 1]);
        }
    }

    /** Guards the generator: the comparison above only proves something for the cases Prometheus actually wrote. */
    @Test
    void prometheusChunksExerciseEveryEncodingCase() {
        Set<EncodingCase> cases = EnumSet.noneOf(EncodingCase.class);
        Set<Long> boundaryDods = new HashSet<>();
        for (PrometheusChunk chunk : chunks) {
            classify(chunk, cases, boundaryDods);
        }
        assertThat(cases).containsExactlyInAnyOrder(EncodingCase.values());
        assertThat(boundaryDods).containsExactlyInAnyOrderElementsOf(Arrays.stream(BOUNDARY_DODS).boxed().toList());
        assertThat(chunks.stream().flatMapToDouble(chunk -> Arrays.stream(chunk.values()))
                .mapToObj(PrometheusChunkCompatibilityTest::valueKind).distinct().toList())
                .as("kinds of values inside Prometheus's chunks")
                .containsExactlyInAnyOrder("NaN", "+Inf", "-Inf", "+0", "-0", "subnormal", "largest finite", "normal");
    }

    private static void classify(PrometheusChunk chunk, Set<EncodingCase> cases, Set<Long> boundaryDods) {
        long[] t = chunk.timestamps();
        double[] v = chunk.values();
        if (t.length == 1) {
            cases.add(EncodingCase.SINGLE_SAMPLE_CHUNK);
        } else if (t[1] - t[0] >= 1 << 7) {
            cases.add(EncodingCase.MULTI_BYTE_FIRST_DELTA);
        }
        for (int i = 2; i < t.length; i++) {
            long dod = (t[i] - t[i - 1]) - (t[i - 1] - t[i - 2]);
            cases.add(dodCase(dod));
            if (Arrays.stream(BOUNDARY_DODS).anyMatch(boundary -> boundary == dod)) {
                boundaryDods.add(dod);
            }
        }
        int leading = -1;
        int trailing = 0;
        for (int i = 1; i < v.length; i++) {
            long xor = Double.doubleToRawLongBits(v[i]) ^ Double.doubleToRawLongBits(v[i - 1]);
            if (xor == 0) {
                cases.add(EncodingCase.VALUE_UNCHANGED);
                continue;
            }
            int newLeading = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int newTrailing = Long.numberOfTrailingZeros(xor);
            if (leading >= 0 && newLeading >= leading && newTrailing >= trailing) {
                cases.add(EncodingCase.VALUE_IN_WINDOW);
                continue;
            }
            leading = newLeading;
            trailing = newTrailing;
            if (Long.numberOfLeadingZeros(xor) > 31) {
                cases.add(EncodingCase.VALUE_NEW_WINDOW_LEADING_CAPPED_AT_31);
            } else if (leading == 0 && trailing == 0) {
                cases.add(EncodingCase.VALUE_NEW_WINDOW_64_SIGNIFICANT_BITS);
            } else {
                cases.add(EncodingCase.VALUE_NEW_WINDOW);
            }
        }
        int bitLength = encode(t, v).bitLength();
        cases.add(chunk.stored().data().length == (bitLength + 7) / 8 + 1
                ? EncodingCase.TRAILING_EMPTY_BYTE
                : EncodingCase.NO_TRAILING_EMPTY_BYTE);
    }

    private static String valueKind(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        } else if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        } else if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "+0" : "-0";
        } else if (Math.abs(value) < Double.MIN_NORMAL) {
            return "subnormal";
        }
        return Math.abs(value) == Double.MAX_VALUE ? "largest finite" : "normal";
    }

    private static EncodingCase dodCase(long dod) {
        if (dod == 0) {
            return EncodingCase.DOD_ZERO;
        } else if (dod >= -8191 && dod <= 8192) {
            return EncodingCase.DOD_14_BITS;
        } else if (dod >= -65535 && dod <= 65536) {
            return EncodingCase.DOD_17_BITS;
        } else if (dod >= -524287 && dod <= 524288) {
            return EncodingCase.DOD_20_BITS;
        }
        return EncodingCase.DOD_64_BITS;
    }

    private static XorChunk encode(long[] timestamps, double[] values) {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < timestamps.length; i++) {
            chunk.append(timestamps[i], values[i]);
        }
        return chunk;
    }

    private static long comparableBits(double value) {
        return Double.isNaN(value) ? ANY_NAN : Double.doubleToRawLongBits(value);
    }

    // ---- Running promtool and reading its blocks

    private static void runPromtool(Path promtool, Path input, Path blocks, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                input.toString(), blocks.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(PROMTOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            fail("promtool did not finish within %s; its output:%n%s", PROMTOOL_TIMEOUT, Files.readString(log));
        }
        if (process.exitValue() != 0) {
            fail("promtool exited with %d; its output:%n%s", process.exitValue(), Files.readString(log));
        }
    }

    private void readBlocks(Path blocks) throws IOException {
        List<Path> blockDirectories;
        try (Stream<Path> entries = Files.list(blocks)) {
            blockDirectories = entries.filter(entry -> Files.isRegularFile(entry.resolve("index"))).sorted().toList();
        }
        assertThat(blockDirectories).as("blocks promtool wrote").hasSize(BLOCKS);
        XorIterator iterator = null;
        for (Path block : blockDirectories) {
            Map<Long, StoredChunk> stored = new LinkedHashMap<>(PrometheusChunkSegments.read(block.resolve("chunks")));
            for (PrometheusIndexSeries.Series series : PrometheusIndexSeries.read(block.resolve("index"))) {
                String key = series.labels().get("__name__") + "{series=\"" + series.labels().get("series") + "\"}";
                if (series.labels().size() != 2 || !series.labels().containsKey("series")) {
                    indexProblems.add(block.getFileName() + ": unexpected labels " + series.labels());
                }
                for (ChunkMeta meta : series.chunks()) {
                    StoredChunk chunk = stored.remove(meta.ref());
                    if (chunk == null) {
                        indexProblems.add(block.getFileName() + ": " + key + " refers to no chunk at " + Long.toHexString(meta.ref()));
                        continue;
                    }
                    iterator = XorIterator.of(chunk.data(), iterator);
                    long[] timestamps = new long[iterator.numSamples()];
                    double[] values = new double[iterator.numSamples()];
                    int n = 0;
                    while (iterator.next() == ValueType.FLOAT) {
                        timestamps[n] = iterator.atT();
                        values[n] = iterator.atValue();
                        n++;
                    }
                    chunks.add(new PrometheusChunk(key, meta, chunk, timestamps, values));
                }
            }
            unreferencedChunks.putAll(stored);
        }
    }

    // ---- The samples and their OpenMetrics text

    private void writeOpenMetrics(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (GeneratedSeries series : generated) {
                for (int i = 0; i < series.timestamps().length; i++) {
                    out.append(series.key()).append(' ').append(formatValue(series.values()[i])).append(' ')
                            .append(formatTimestamp(series.timestamps()[i])).append('\n');
                }
            }
            out.append("# EOF\n");
        }
    }

    /**
     * Java's shortest representation that reads back as the same double; Go's {@code strconv.ParseFloat}, which
     * Prometheus's parser uses, rounds correctly too, so it reads back the same bits. Go spells the specials
     * {@code NaN}, {@code +Inf} and {@code -Inf}, not Java's {@code Infinity}.
     */
    private static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        } else if (value == Double.POSITIVE_INFINITY) {
            return "+Inf";
        } else if (value == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(value);
    }

    /**
     * Seconds with four decimals, half a millisecond above {@code millis}: Prometheus's OpenMetrics parser computes
     * {@code int64(seconds * 1000)} in float64, which truncates, so an exact {@code .123} may land on {@code 122}.
     */
    private static String formatTimestamp(long millis) {
        String formatted = (millis / 1000) + "." + String.valueOf(1000 + millis % 1000).substring(1) + "5";
        if ((long) (Double.parseDouble(formatted) * 1000) != millis) {
            throw new IllegalStateException(formatted + " does not parse back to " + millis + " ms the way Go computes it");
        }
        return formatted;
    }

    private void generate(SplittableRandom random) {
        int id = 0;
        for (int i = 0; i < 60; i++) {
            add("amphora_compat_counter", id++, counter(random));
        }
        for (int i = 0; i < 70; i++) {
            add("amphora_compat_gauge", id++, gauge(random, i % 3));
        }
        for (int i = 0; i < 30; i++) {
            add("amphora_compat_constant", id++, constant(random, SPECIAL_VALUES[i % SPECIAL_VALUES.length]));
        }
        for (int i = 0; i < 30; i++) {
            add("amphora_compat_special", id++, special(random));
        }
        for (int i = 0; i < 60; i++) {
            add("amphora_compat_xor", id++, xorWindows(random));
        }
        for (int i = 0; i < 40; i++) {
            add("amphora_compat_irregular", id++, irregular(random, i % BLOCKS));
        }
        for (int i = 0; i < 20; i++) {
            add("amphora_compat_magnitude", id++, magnitudes(random));
        }
        for (int i = 0; i < 30; i++) {
            add("amphora_compat_short", id++, shortSeries(random, 1 + i % 3));
        }
    }

    private void add(String metric, int id, SeriesBuilder builder) {
        generated.add(new GeneratedSeries(metric + "{series=\"" + id + "\"}", builder.timestamps(), builder.values()));
    }

    /** Scraped counters: integer or fractional increments, occasional resets, timestamps with or without jitter. */
    private static SeriesBuilder counter(SplittableRandom random) {
        long interval = new long[] {10_000, 15_000, 30_000, 60_000}[random.nextInt(4)];
        long jitter = new long[] {0, 3, 50, 2_000}[random.nextInt(4)];
        SeriesBuilder series = regular(random, 50 + random.nextInt(550), interval, jitter);
        boolean fractional = random.nextBoolean();
        double value = random.nextInt(1_000_000);
        for (int i = 0; i < series.size(); i++) {
            if (random.nextInt(300) == 0) {
                value = 0;
            } else if (fractional) {
                value += random.nextDouble() * 5;
            } else {
                value += random.nextInt(20);
            }
            series.value(i, value);
        }
        return series;
    }

    /** Gauges: full-precision random walks crossing zero, decimal readings, and arbitrary bit patterns. */
    private static SeriesBuilder gauge(SplittableRandom random, int style) {
        SeriesBuilder series = regular(random, 50 + random.nextInt(450), 15_000, random.nextInt(20));
        double scale = Math.pow(10, random.nextInt(-12, 13));
        double value = random.nextGaussian() * scale;
        for (int i = 0; i < series.size(); i++) {
            switch (style) {
                case 0 -> value += random.nextInt(10) == 0 ? 0 : random.nextGaussian() * scale;
                case 1 -> value = Math.round((20 + 15 * Math.sin(i / 25.0) + random.nextGaussian()) * 10) / 10.0;
                default -> value = randomBits(random);
            }
            series.value(i, value);
        }
        return series;
    }

    private static SeriesBuilder constant(SplittableRandom random, double value) {
        SeriesBuilder series = regular(random, 1 + random.nextInt(300), 15_000, 0);
        for (int i = 0; i < series.size(); i++) {
            series.value(i, value);
        }
        return series;
    }

    /** NaN, infinities, signed zeros, extremes and subnormals among ordinary values. */
    private static SeriesBuilder special(SplittableRandom random) {
        SeriesBuilder series = regular(random, 20 + random.nextInt(300), 30_000, random.nextInt(100));
        for (int i = 0; i < series.size(); i++) {
            series.value(i, random.nextInt(5) < 2
                    ? SPECIAL_VALUES[random.nextInt(SPECIAL_VALUES.length)]
                    : random.nextGaussian() * 1000);
        }
        return series;
    }

    /**
     * Each value is the previous one with chosen bits flipped, so consecutive XORs cover every window case: zero, a
     * field inside the current window, wider or shifted fields that open a new window, fields in the low 32 bits
     * (leading zeros capped at 31), and the sign and lowest bit together (64 significant bits).
     */
    private static SeriesBuilder xorWindows(SplittableRandom random) {
        SeriesBuilder series = regular(random, 20 + random.nextInt(300), 15_000, random.nextInt(3));
        long bits = Double.doubleToRawLongBits(random.nextGaussian() * 1000);
        long lastMask = 0;
        for (int i = 0; i < series.size(); i++) {
            long candidate;
            long mask;
            do {
                mask = switch (random.nextInt(8)) {
                    case 0 -> 0;
                    case 1 -> field(random, 0, 64);
                    case 2 -> field(random, 20, 44);
                    case 3 -> field(random, 0, 32);
                    case 4 -> Long.MIN_VALUE | 1 | field(random, 0, 64);
                    case 5 -> Long.MIN_VALUE;
                    case 6 -> lastMask;
                    default -> random.nextLong();
                };
                candidate = bits ^ mask;
            } while (Double.isNaN(Double.longBitsToDouble(candidate)));
            bits = candidate;
            lastMask = mask;
            series.value(i, Double.longBitsToDouble(bits));
        }
        return series;
    }

    /** Ones from bit {@code low + a} to bit {@code low + b} for random {@code a <= b} within {@code [low, high)}. */
    private static long field(SplittableRandom random, int low, int high) {
        int from = random.nextInt(low, high);
        int to = random.nextInt(from, high);
        long width = to - from + 1;
        return (width == 64 ? -1L : (1L << width) - 1) << from;
    }

    /**
     * Irregular timestamps inside one block, at most 29 samples so Prometheus keeps them in a single chunk: runs of
     * equal deltas (delta of delta zero), small jitter, and spikes {@code base, base + e, base} whose deltas of
     * deltas {@code +e, -e} sit on each side of every bucket boundary, up to gaps that need the 64-bit bucket.
     */
    private static SeriesBuilder irregular(SplittableRandom random, int block) {
        long[] spikes = {1, 2, 100, 4_096, 8_191, 8_192, 8_193, 65_535, 65_536, 65_537, 524_287, 524_288, 524_289,
                1_000_000, 2_500_000};
        long base = new long[] {1, 7, 1_000, 15_000}[random.nextInt(4)];
        List<Long> deltas = new ArrayList<>();
        deltas.add(random.nextBoolean() ? base : 300_000);
        deltas.add(base);
        long span = deltas.get(0) + base;
        while (deltas.size() < 25) {
            long spike = spikes[random.nextInt(spikes.length)];
            if (span + spike + 5 * base + 10 >= BLOCK_MILLIS) {
                break;
            }
            deltas.add(base + spike);
            deltas.add(base);
            span += spike + 2 * base;
            if (random.nextBoolean()) {
                long jittered = Math.max(1, base + random.nextLong(-base / 2 - 1, base / 2 + 2));
                deltas.add(jittered);
                deltas.add(base);
                span += jittered + base;
            }
        }
        long first = START + block * BLOCK_MILLIS + random.nextLong(BLOCK_MILLIS - span);
        SeriesBuilder series = new SeriesBuilder(deltas.size() + 1);
        long t = first;
        series.timestamp(0, t);
        for (int i = 0; i < deltas.size(); i++) {
            t += deltas.get(i);
            series.timestamp(i + 1, t);
        }
        double value = random.nextInt(100);
        for (int i = 0; i < series.size(); i++) {
            value += random.nextInt(3) == 0 ? 0 : random.nextDouble();
            series.value(i, value);
        }
        return series;
    }

    /** Values jumping between magnitudes from subnormal to near the largest double, both signs. */
    private static SeriesBuilder magnitudes(SplittableRandom random) {
        SeriesBuilder series = regular(random, 20 + random.nextInt(300), 60_000, random.nextInt(1_000));
        for (int i = 0; i < series.size(); i++) {
            double sign = random.nextBoolean() ? 1 : -1;
            series.value(i, switch (random.nextInt(4)) {
                case 0 -> sign * random.nextDouble(1, 10) * Math.pow(10, random.nextInt(-307, 308));
                case 1 -> sign * Double.longBitsToDouble(random.nextLong(1, 1L << 52));
                case 2 -> sign * random.nextDouble(1, 10) * Math.pow(10, random.nextInt(-5, 6));
                default -> sign * (random.nextBoolean() ? Double.MAX_VALUE : Double.MIN_VALUE);
            });
        }
        return series;
    }

    /** Series of one to three samples anywhere in the range. */
    private static SeriesBuilder shortSeries(SplittableRandom random, int count) {
        SeriesBuilder series = regular(random, count, 1 + random.nextLong(600_000), 0);
        for (int i = 0; i < count; i++) {
            series.value(i, random.nextGaussian() * Math.pow(10, random.nextInt(-10, 11)));
        }
        return series;
    }

    private static double randomBits(SplittableRandom random) {
        double value;
        do {
            value = Double.longBitsToDouble(random.nextLong());
        } while (Double.isNaN(value));
        return value;
    }

    /**
     * {@code count} timestamps (fewer if they would not fit) {@code interval} apart plus up to {@code jitter} either
     * way, at a random offset within the blocks' range. {@code jitter} must stay below half the interval so timestamps
     * strictly increase.
     */
    private static SeriesBuilder regular(SplittableRandom random, int count, long interval, long jitter) {
        int fitting = (int) Math.min(count, (END - START) / interval - 2);
        long span = (fitting + 1) * interval;
        long first = START + jitter + random.nextLong(END - START - span - 2 * jitter);
        SeriesBuilder series = new SeriesBuilder(fitting);
        for (int i = 0; i < fitting; i++) {
            long offset = jitter == 0 ? 0 : random.nextLong(-jitter, jitter + 1);
            series.timestamp(i, first + i * interval + offset);
        }
        return series;
    }

    /** Parallel timestamp and value arrays of a fixed size, filled by the generators. */
    private static final class SeriesBuilder {
        private final long[] timestamps;
        private final double[] values;

        SeriesBuilder(int size) {
            this.timestamps = new long[size];
            this.values = new double[size];
        }

        int size() {
            return timestamps.length;
        }

        void timestamp(int i, long t) {
            timestamps[i] = t;
        }

        void value(int i, double v) {
            values[i] = v;
        }

        long[] timestamps() {
            for (int i = 1; i < timestamps.length; i++) {
                if (timestamps[i] <= timestamps[i - 1] || timestamps[i] >= END) {
                    throw new IllegalStateException("generated timestamps out of order or range at " + i);
                }
            }
            return timestamps.clone();
        }

        double[] values() {
            return values.clone();
        }
    }
}
