package io.amphora.bench;

import io.amphora.model.TenantId;
import io.amphora.storage.Appender;
import io.amphora.tsdb.FsyncPolicy;
import io.amphora.tsdb.Tsdb;
import io.amphora.tsdb.TsdbConfig;
import io.amphora.tsdb.chunkenc.XorChunk;
import io.amphora.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedWriter;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;

/**
 * Measures the storage footprint of the ingester's engine on a realistic mix ({@link SyntheticSeries}):
 *
 * <ol>
 *   <li>bytes per sample on disk: {@code --series} series scraped every 15 s for {@code --hours} hours (a multiple
 *       of 2, starting on a 2 h boundary), then one more scrape past the last boundary so every chunk holding the
 *       measured samples is closed; after a checkpoint and a full RocksDB compaction, the live SST bytes of the
 *       {@code chunks} family (keys, headers, checksums and compression included) divided by the measured samples;</li>
 *   <li>heap bytes per active series: in a fresh engine, {@code --heap-series} series receive 60 samples each
 *       (half an open chunk, the average state of an active series); the heap retained after full GCs, minus the
 *       heap before, divided by the series count. Labels, the label index, the series map, open chunks and
 *       buffers are all included.</li>
 * </ol>
 *
 * Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.amphora.bench.StorageFootprint}
 * {@code [--series=10000] [--hours=12] [--jitter-ms=0] [--heap-series=100000] [--openmetrics-out=FILE]}
 *
 * <p>{@code --openmetrics-out} also writes every measured sample as OpenMetrics text, so that the same data can be
 * turned into Prometheus blocks with {@code promtool tsdb create-blocks-from openmetrics FILE DIR} and their
 * {@code chunks/} sizes compared (see {@code bench/compare-footprint.sh}).
 */
public final class StorageFootprint {
    private static final TenantId TENANT = TenantId.of("footprint");
    private static final long TWO_HOURS = 2 * 3_600_000L;

    private StorageFootprint() {}

    public static void main(String[] args) throws Exception {
        int series = intArg(args, "--series", 10_000);
        int hours = intArg(args, "--hours", 12);
        int jitter = intArg(args, "--jitter-ms", 0);
        int heapSeries = intArg(args, "--heap-series", 100_000);
        String openMetrics = stringArg(args, "--openmetrics-out");
        if (hours % 2 != 0) {
            throw new IllegalArgumentException("--hours must be a multiple of 2");
        }
        diskBytesPerSample(series, hours, jitter, openMetrics);
        heapBytesPerSeries(heapSeries);
    }

    private static void diskBytesPerSample(int seriesCount, int hours, int jitter, String openMetricsOut) throws IOException {
        Path dir = Files.createTempDirectory("amphora-footprint");
        try (Writer om = openMetricsOut == null ? Writer.nullWriter()
                : new BufferedWriter(new FileWriter(openMetricsOut, StandardCharsets.UTF_8), 1 << 20)) {
            SyntheticSeries data = new SyntheticSeries(seriesCount, 7, jitter);
            long start = Math.floorDiv(1_700_000_000_000L, TWO_HOURS) * TWO_HOURS;
            int steps = (int) (hours * 3_600_000L / SyntheticSeries.SCRAPE_INTERVAL_MILLIS);
            long samples = 0;
            // The same samples encoded into bare XOR chunks of 120 (the start is 2 h aligned and 2 h hold 480
            // scrapes, so the engine cuts at the same places): the encoding's share of the footprint.
            XorChunk[] open = new XorChunk[seriesCount];
            long rawChunkBytes = 0;
            try (Tsdb tsdb = Tsdb.open(new TsdbConfig(dir, FsyncPolicy.INTERVAL, HeadOptions.defaults()),
                    InstantSource.system(), new SimpleMeterRegistry())) {
                for (int step = 0; step <= steps; step++) {
                    Appender app = tsdb.appender(TENANT);
                    for (int i = 0; i < seriesCount; i++) {
                        long t = Math.max(start, step == steps ? start + steps * SyntheticSeries.SCRAPE_INTERVAL_MILLIS : data.timestamp(start, step));
                        double v = data.nextValue(i);
                        app.append(data.labels(i), t, v);
                        if (step < steps) {
                            if (open[i] == null || open[i].numSamples() == 120) {
                                rawChunkBytes += open[i] == null ? 0 : open[i].sizeBytes();
                                open[i] = new XorChunk();
                            }
                            open[i].append(t, v);
                            if (openMetricsOut != null) {
                                writeOpenMetrics(om, data.labels(i), t, v);
                            }
                        }
                    }
                    app.commit();
                    if (step < steps) {
                        samples += seriesCount;
                    }
                    if (step % 480 == 0) {
                        tsdb.checkpoint();
                    }
                }
                tsdb.checkpoint();
                om.write("# EOF\n");
                for (XorChunk chunk : open) {
                    rawChunkBytes += chunk.sizeBytes();
                }
                long bytes = tsdb.compactAndMeasureChunkBytes();
                System.out.printf("disk: %d series x %d h at 15 s (jitter %d ms): %d samples in closed chunks; "
                                + "XOR chunk data %.3f bytes/sample; chunks column family on disk %d bytes -> %.3f bytes/sample%n",
                        seriesCount, hours, jitter, samples, (double) rawChunkBytes / samples, bytes, (double) bytes / samples);
            }
        } finally {
            delete(dir);
        }
    }

    private static void writeOpenMetrics(Writer out, io.amphora.model.Labels labels, long t, double v) throws IOException {
        StringBuilder line = new StringBuilder(200).append(labels.metricName()).append('{');
        boolean first = true;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.name(i).equals("__name__")) {
                continue;
            }
            line.append(first ? "" : ",").append(labels.name(i)).append("=\"").append(labels.value(i)).append('"');
            first = false;
        }
        // Shortest round-tripping decimal: Go's parser reads back the identical double.
        line.append("} ").append(v).append(' ').append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append('\n');
        out.write(line.toString());
    }

    private static void heapBytesPerSeries(int seriesCount) throws IOException {
        Path dir = Files.createTempDirectory("amphora-heap");
        try {
            // The engine must hold its own label strings, as it does for decoded pushes: it gets fresh copies, and
            // the generator stays alive on both sides of the measurement so only the engine's share is counted.
            SyntheticSeries data = new SyntheticSeries(seriesCount, 11, 0);
            long before = usedHeapAfterGc();
            long start = 1_700_000_000_000L;
            try (Tsdb tsdb = Tsdb.open(new TsdbConfig(dir, FsyncPolicy.INTERVAL, HeadOptions.defaults()),
                    InstantSource.system(), new SimpleMeterRegistry())) {
                for (int step = 0; step < 60; step++) {
                    Appender app = tsdb.appender(TENANT);
                    for (int i = 0; i < seriesCount; i++) {
                        app.append(data.freshLabels(i), start + step * SyntheticSeries.SCRAPE_INTERVAL_MILLIS, data.nextValue(i));
                    }
                    app.commit();
                }
                tsdb.checkpoint();
                long after = usedHeapAfterGc();
                System.out.printf("heap: %d active series (60 samples each): %d bytes retained -> %.0f bytes/series "
                                + "(chunk data and buffers alone: %.0f bytes/series)%n",
                        seriesCount, after - before, (double) (after - before) / seriesCount,
                        (double) tsdb.chunkHeapBytes() / seriesCount);
                if (data.count() != seriesCount) {
                    throw new IllegalStateException("generator changed size");
                }
            }
        } finally {
            delete(dir);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String stringArg(String[] args, String name) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        return fallback;
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
