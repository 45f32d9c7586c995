package io.amphora.bench;

import io.amphora.model.TenantId;
import io.amphora.storage.Appender;
import io.amphora.tsdb.FsyncPolicy;
import io.amphora.tsdb.Tsdb;
import io.amphora.tsdb.TsdbConfig;
import io.amphora.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
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
 * {@code [--series=10000] [--hours=12] [--jitter-ms=0] [--heap-series=100000]}
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
        if (hours % 2 != 0) {
            throw new IllegalArgumentException("--hours must be a multiple of 2");
        }
        diskBytesPerSample(series, hours, jitter);
        heapBytesPerSeries(heapSeries);
    }

    private static void diskBytesPerSample(int seriesCount, int hours, int jitter) throws IOException {
        Path dir = Files.createTempDirectory("amphora-footprint");
        try {
            SyntheticSeries data = new SyntheticSeries(seriesCount, 7, jitter);
            long start = Math.floorDiv(1_700_000_000_000L, TWO_HOURS) * TWO_HOURS;
            int steps = (int) (hours * 3_600_000L / SyntheticSeries.SCRAPE_INTERVAL_MILLIS);
            long samples = 0;
            try (Tsdb tsdb = Tsdb.open(new TsdbConfig(dir, FsyncPolicy.INTERVAL, HeadOptions.defaults()),
                    InstantSource.system(), new SimpleMeterRegistry())) {
                for (int step = 0; step <= steps; step++) {
                    Appender app = tsdb.appender(TENANT);
                    for (int i = 0; i < seriesCount; i++) {
                        long t = step == steps ? start + steps * SyntheticSeries.SCRAPE_INTERVAL_MILLIS : data.timestamp(start, step);
                        app.append(data.labels(i), Math.max(t, start), data.nextValue(i));
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
                long bytes = tsdb.compactAndMeasureChunkBytes();
                System.out.printf("disk: %d series x %d h at 15 s (jitter %d ms): %d samples in closed chunks, "
                                + "chunks column family %d bytes -> %.3f bytes/sample%n",
                        seriesCount, hours, jitter, samples, bytes, (double) bytes / samples);
            }
        } finally {
            delete(dir);
        }
    }

    private static void heapBytesPerSeries(int seriesCount) throws IOException {
        Path dir = Files.createTempDirectory("amphora-heap");
        try {
            SyntheticSeries data = new SyntheticSeries(seriesCount, 11, 0);
            long before = usedHeapAfterGc();
            long start = 1_700_000_000_000L;
            try (Tsdb tsdb = Tsdb.open(new TsdbConfig(dir, FsyncPolicy.INTERVAL, HeadOptions.defaults()),
                    InstantSource.system(), new SimpleMeterRegistry())) {
                for (int step = 0; step < 60; step++) {
                    Appender app = tsdb.appender(TENANT);
                    for (int i = 0; i < seriesCount; i++) {
                        app.append(data.labels(i), start + step * SyntheticSeries.SCRAPE_INTERVAL_MILLIS, data.nextValue(i));
                    }
                    app.commit();
                }
                tsdb.checkpoint();
                // Drop the generator's own label objects so only the engine's copies remain.
                data = null;
                long after = usedHeapAfterGc();
                System.out.printf("heap: %d active series (60 samples each): %d bytes retained -> %.0f bytes/series "
                                + "(chunk data and buffers alone: %.0f bytes/series)%n",
                        seriesCount, after - before, (double) (after - before) / seriesCount,
                        (double) tsdb.chunkHeapBytes() / seriesCount);
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
