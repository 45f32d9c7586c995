package io.amphora.bench;

import io.amphora.model.Labels;
import io.amphora.model.TenantId;
import io.amphora.storage.Appender;
import io.amphora.tsdb.FsyncPolicy;
import io.amphora.tsdb.Tsdb;
import io.amphora.tsdb.TsdbConfig;
import io.amphora.tsdb.head.Head;
import io.amphora.tsdb.head.HeadOptions;
import io.amphora.tsdb.head.MemSeries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Append cost per sample into one tenant holding 100k series: {@code head} is the in-memory path alone (series
 * lookup by labels, validation, XOR encoding, chunk cutting); {@code tsdb} adds the WAL commit through RocksDB,
 * one commit per 1,000 samples (a typical remote-write request), with the interval fsync policy so that the
 * figure is the engine's cost rather than the disk's fsync latency.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class HeadAppendBenchmark {
    static final int SERIES = 100_000;
    private static final TenantId TENANT = TenantId.of("bench");

    @Param({"head", "tsdb"})
    public String target;

    private SyntheticSeries data;
    private Labels[] labels;
    private Head head;
    private Tsdb tsdb;
    private Path dir;
    private long step;
    private final long start = 1_700_000_000_000L;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = new SyntheticSeries(SERIES, 42, 0);
        labels = new Labels[SERIES];
        for (int i = 0; i < SERIES; i++) {
            labels[i] = data.labels(i);
        }
        if (target.equals("head")) {
            AtomicLong ids = new AtomicLong();
            head = new Head(TENANT, HeadOptions.defaults(), (ref, min, id) -> {
                throw new IllegalStateException("no store");
            }, ids::incrementAndGet, ids::incrementAndGet, InstantSource.system());
        } else {
            dir = Files.createTempDirectory("amphora-bench");
            tsdb = Tsdb.open(new TsdbConfig(dir, FsyncPolicy.INTERVAL, HeadOptions.defaults()), InstantSource.system(), new SimpleMeterRegistry());
        }
        step = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (tsdb != null) {
            tsdb.closeWithoutCheckpoint();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One scrape of every series: 100,000 samples. */
    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void appendOneScrape() {
        long t = start + step++ * SyntheticSeries.SCRAPE_INTERVAL_MILLIS;
        if (head != null) {
            for (int i = 0; i < SERIES; i++) {
                // Look up by labels as a push does; refs are not cached across requests.
                MemSeries s = head.getOrCreate(labels[i]);
                double v = data.nextValue(i);
                head.reserve(s, t, v, 0);
                head.apply(s, t, v, t);
            }
        } else {
            Appender app = tsdb.appender(TENANT);
            for (int i = 0; i < SERIES; i++) {
                app.append(labels[i], t, data.nextValue(i));
                if (i % 1000 == 999) {
                    app.commit();
                    app = tsdb.appender(TENANT);
                }
            }
            app.commit();
        }
    }
}
