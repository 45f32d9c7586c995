package io.amphora.tsdb;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.storage.Appender;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.Querier;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.SelectHints;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;
import io.amphora.testing.TestingClock;
import io.amphora.tsdb.head.HeadOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsdbTest {
    private static final TenantId TENANT = TenantId.of("team-a");
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final TestingClock clock = new TestingClock(Instant.ofEpochMilli(T0));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Tsdb tsdb;

    @AfterEach
    void closeTsdb() {
        if (tsdb != null) {
            tsdb.close();
        }
    }

    private TenantLimits limits = TenantLimits.unlimited();

    private Tsdb open() {
        tsdb = Tsdb.open(new TsdbConfig(dir, FsyncPolicy.ALWAYS, HeadOptions.defaults()), limits, clock, registry);
        return tsdb;
    }

    private Tsdb crashAndReopen() {
        tsdb.closeWithoutCheckpoint();
        tsdb = null;
        return open();
    }

    private static Labels series(String name, String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "__name__";
        all[1] = name;
        System.arraycopy(more, 0, all, 2, more.length);
        return Labels.of(all);
    }

    private void append(TenantId tenant, Labels labels, long t, double v) {
        Appender app = tsdb.appender(tenant);
        app.append(labels, t, v);
        app.commit();
    }

    /** All samples of the series matching the matchers, as (t, raw value bits) pairs. */
    private static List<long[]> samples(Tsdb tsdb, TenantId tenant, Matcher... matchers) {
        List<long[]> out = new ArrayList<>();
        try (Querier q = tsdb.querier(tenant, Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), matchers);
            while (set.next()) {
                SampleIterator it = set.at().iterator(null);
                while (it.next() == ValueType.FLOAT) {
                    out.add(new long[] {it.atT(), Double.doubleToRawLongBits(it.atValue())});
                }
            }
            assertThat(set.err()).isNull();
        }
        return out;
    }

    private static double[] specialValues() {
        return new double[] {0.0, -0.0, 1.5, Double.NaN, Double.longBitsToDouble(0x7ff0000000000002L),
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, -42.25};
    }

    @Test
    void storesEverySpecialDoubleBitForBit() {
        open();
        Labels s = series("up", "job", "api");
        double[] values = specialValues();
        Appender app = tsdb.appender(TENANT);
        for (int i = 0; i < values.length; i++) {
            app.append(s, T0 + i * 15_000L, values[i]);
        }
        app.commit();

        List<long[]> got = samples(tsdb, TENANT, Matcher.equal("job", "api"));
        assertThat(got).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(got.get(i)).containsExactly(T0 + i * 15_000L, Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void findsAnExistingSeriesByAClaimedStableHashOnlyWhenEveryLabelMatches() {
        open();
        Labels up = series("up", "job", "api");
        String[] pairs = {"__name__", "up", "job", "api"};
        assertThat(tsdb.existingLabels(TENANT, up.stableHash(), pairs)).isNull();
        append(TENANT, up, T0, 1);

        Labels found = tsdb.existingLabels(TENANT, up.stableHash(), pairs);

        assertThat(found).isEqualTo(up);
        assertThat(tsdb.existingLabels(TENANT, up.stableHash(), pairs.clone())).isSameAs(found);
        assertThat(tsdb.existingLabels(TENANT, up.stableHash() + 1, pairs)).isNull();
        assertThat(tsdb.existingLabels(TENANT, up.stableHash(), new String[] {"__name__", "up", "job", "web"})).isNull();
        assertThat(tsdb.existingLabels(TENANT, up.stableHash(), new String[] {"__name__", "up"})).isNull();
        assertThat(tsdb.existingLabels(TenantId.of("team-b"), up.stableHash(), pairs)).isNull();
        Appender app = tsdb.appender(TENANT);
        app.append(found, T0 + 1000, 2);
        app.commit();
        assertThat(samples(tsdb, TENANT, Matcher.equal("job", "api"))).hasSize(2);
    }

    @Test
    void refusesOutOfOrderAndDuplicateSamplesButKeepsTheRestOfTheBatch() {
        open();
        Labels a = series("a");
        Labels b = series("b");
        Appender app = tsdb.appender(TENANT);
        app.append(a, T0 + 2000, 1);
        assertThatThrownBy(() -> app.append(a, T0 + 1000, 2))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_ORDER))
                .hasMessageContaining("out of order sample");
        assertThatThrownBy(() -> app.append(a, T0 + 2000, 3))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP))
                .hasMessageContaining("duplicate sample for timestamp");
        app.append(a, T0 + 2000, 1); // identical: accepted silently
        app.append(b, T0 + 1000, 5);
        app.commit();

        assertThat(samples(tsdb, TENANT, Matcher.equal("__name__", "a"))).hasSize(1);
        assertThat(samples(tsdb, TENANT, Matcher.equal("__name__", "b"))).hasSize(1);
        assertThat(registry.get("cortex_discarded_samples").tag("reason", "sample-out-of-order").counter().count()).isEqualTo(1);
    }

    @Test
    void refusesSamplesOlderThanHalfAChunkRangeBehindTheNewest() {
        open();
        append(TENANT, series("a"), T0, 1);
        assertThatThrownBy(() -> append(TENANT, series("new"), T0 - HOUR - 1, 1))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_BOUNDS))
                .hasMessageContaining("sample timestamp out of bounds");
        append(TENANT, series("new"), T0 - HOUR, 1);
    }

    @Test
    void aSeriesWhoseOnlySampleWasRefusedReadsAsEmptyOverTheWholeTimeRange() {
        open();
        append(TENANT, series("a"), T0, 1);
        assertThatThrownBy(() -> append(TENANT, series("refused"), T0 - HOUR - 1, 1))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_BOUNDS));

        assertThat(samples(tsdb, TENANT)).extracting(p -> p[0]).containsExactly(T0);
        Iterator<ChunkSeries> it = tsdb.chunkQuerier(TENANT, Long.MIN_VALUE, Long.MAX_VALUE)
                .selectChunks(Long.MIN_VALUE, Long.MAX_VALUE);
        List<Labels> withChunks = new ArrayList<>();
        it.forEachRemaining(series -> withChunks.add(series.labels()));
        assertThat(withChunks).containsExactly(series("a"));
    }

    @Test
    void acceptsOutOfOrderSamplesWithinTheWindowAndMergesThemOnRead() {
        limits = TenantLimits.of(Integer.MAX_VALUE, Integer.MAX_VALUE, java.time.Duration.ofMinutes(10));
        open();
        Labels s = series("a");
        append(TENANT, s, T0 + 60_000, 1);
        append(TENANT, s, T0 + 30_000, 0.5);
        append(TENANT, s, T0 + 90_000, 2);
        assertThatThrownBy(() -> append(TENANT, s, T0 + 90_000 - 11 * 60_000, 1))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_BOUNDS));

        assertThat(samples(tsdb, TENANT)).extracting(p -> p[0]).containsExactly(T0 + 30_000, T0 + 60_000, T0 + 90_000);
        crashAndReopen();
        assertThat(samples(tsdb, TENANT)).extracting(p -> p[0]).containsExactly(T0 + 30_000, T0 + 60_000, T0 + 90_000);
    }

    @Test
    void refusesNewSeriesBeyondThePerUserAndPerMetricLimitsButKeepsWritingExistingOnes() {
        limits = TenantLimits.of(3, 2, java.time.Duration.ZERO);
        open();
        append(TENANT, series("a", "i", "1"), T0, 1);
        append(TENANT, series("a", "i", "2"), T0, 1);
        assertThatThrownBy(() -> append(TENANT, series("a", "i", "3"), T0, 1))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MAX_SERIES_PER_METRIC))
                .hasMessageContaining("per-metric series limit of 2 exceeded");
        append(TENANT, series("b"), T0, 1);
        assertThatThrownBy(() -> append(TENANT, series("c"), T0, 1))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MAX_SERIES_PER_USER))
                .hasMessageContaining("per-user series limit of 3 exceeded");
        append(TENANT, series("a", "i", "1"), T0 + 1000, 2);
        append(TenantId.of("other"), series("c"), T0, 1);
        assertThat(registry.get("cortex_discarded_samples").tag("reason", "per_user_series_limit").counter().count()).isEqualTo(1);

        crashAndReopen();
        assertThatThrownBy(() -> append(TENANT, series("a", "i", "3"), T0 + 2000, 1))
                .as("limits count recovered series").isInstanceOf(AmphoraException.class);
    }

    @Test
    void cutsChunksAt120SamplesAndAtChunkRangeBoundaries() {
        open();
        Labels s = series("a");
        long start = Math.floorDiv(T0, 2 * HOUR) * 2 * HOUR; // aligned to a 2 h boundary
        Appender app = tsdb.appender(TENANT);
        for (int i = 0; i < 250; i++) {
            app.append(s, start + i * 1000L, i);
        }
        // Crossing the next 2 h boundary cuts even a short chunk.
        app.append(s, start + 2 * HOUR - 1, 1);
        app.append(s, start + 2 * HOUR, 2);
        app.commit();

        Iterator<ChunkSeries> it = tsdb.chunkQuerier(TENANT, Long.MIN_VALUE, Long.MAX_VALUE)
                .selectChunks(Long.MIN_VALUE, Long.MAX_VALUE);
        List<EncodedChunk> chunks = it.next().chunks();
        assertThat(chunks).extracting(EncodedChunk::minTime)
                .containsExactly(start, start + 120_000, start + 240_000, start + 2 * HOUR);
        assertThat(chunks.get(2).maxTime()).isEqualTo(start + 2 * HOUR - 1);
    }

    @Test
    void recoversEveryAcknowledgedSampleAfterACrashWithoutCheckpoint() {
        open();
        List<long[]> expected = writeManySeries(50, 300);
        assertThat(samples(tsdb, TENANT)).hasSize(expected.size());

        crashAndReopen();
        assertSameSamples(samples(tsdb, TENANT), expected);
    }

    @Test
    void recoversFromCheckpointPlusTheWalWrittenAfterIt() {
        open();
        writeManySeries(20, 200);
        tsdb.checkpoint();
        assertThat(tsdb.walBytesSinceCheckpoint()).isZero();
        List<long[]> expected = writeManySeries(20, 400); // continues the same series
        crashAndReopen();
        assertSameSamples(samples(tsdb, TENANT), expected);
        // Appending continues where the series left off.
        append(TENANT, series("m0", "i", "0"), T0 + 400 * 15_000L, 7);
        assertThatThrownBy(() -> append(TENANT, series("m0", "i", "0"), T0 + 10, 7))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_BOUNDS));
    }

    @Test
    void cleanCloseLeavesNothingToReplay() {
        open();
        List<long[]> expected = writeManySeries(10, 130);
        tsdb.close();
        tsdb = null;
        open();
        assertThat(registry.get("cortex_ingester_wal_bytes_since_checkpoint").gauge().value()).isZero();
        assertSameSamples(samples(tsdb, TENANT), expected);
    }

    /** Writes {@code perSeries} samples to {@code n} series (continuing earlier calls); returns all samples. */
    private List<long[]> writeManySeries(int n, int perSeries) {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < perSeries; i++) {
            Appender app = tsdb.appender(TENANT);
            for (int s = 0; s < n; s++) {
                double v = s % 3 == 0 ? i * 1.5 + s : Math.sin(i + s);
                try {
                    app.append(series("m" + s, "i", String.valueOf(s)), T0 + i * 15_000L, v);
                } catch (AmphoraException e) {
                    if (e.code() != ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP && e.code() != ErrorCode.SAMPLE_OUT_OF_ORDER) {
                        throw e;
                    }
                }
            }
            app.commit();
        }
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < perSeries; i++) {
                double v = s % 3 == 0 ? i * 1.5 + s : Math.sin(i + s);
                all.add(new long[] {T0 + i * 15_000L, Double.doubleToRawLongBits(v)});
            }
        }
        return all;
    }

    private static void assertSameSamples(List<long[]> actual, List<long[]> expected) {
        List<String> a = actual.stream().map(p -> p[0] + ":" + p[1]).sorted().toList();
        List<String> e = expected.stream().map(p -> p[0] + ":" + p[1]).sorted().toList();
        assertThat(a).isEqualTo(e);
    }

    @Test
    void keepsTenantsApart() {
        open();
        TenantId other = TenantId.of("team-b");
        append(TENANT, series("up", "job", "a"), T0, 1);
        append(other, series("up", "job", "b"), T0, 2);
        assertThat(samples(tsdb, TENANT)).hasSize(1);
        try (Querier q = tsdb.querier(TENANT, Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(q.labelValues("job")).containsExactly("a");
        }
        try (Querier q = tsdb.querier(TenantId.of("nobody"), Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(q.labelNames()).isEmpty();
        }
    }

    @Test
    void deletingATenantRemovesItsDataForGoodAndLeavesOthers() {
        open();
        TenantId other = TenantId.of("team-a2"); // shares a prefix with TENANT's id
        writeManySeries(5, 150);
        tsdb.checkpoint();
        append(TENANT, series("late"), T0 + 200 * 15_000L, 1); // in the WAL only
        append(other, series("kept"), T0, 1);

        tsdb.deleteTenant(TENANT);
        assertThat(tsdb.tenants()).containsExactly(other);
        assertThat(samples(tsdb, TENANT)).isEmpty();

        crashAndReopen();
        assertThat(tsdb.tenants()).containsExactly(other);
        assertThat(samples(tsdb, TENANT)).isEmpty();
        assertThat(samples(tsdb, other)).hasSize(1);
        // The tenant can start over.
        append(TENANT, series("again"), T0, 1);
        assertThat(samples(tsdb, TENANT)).hasSize(1);
    }

    @Test
    void reportsACorruptChunkInsteadOfServingIt() throws Exception {
        open();
        writeManySeries(1, 130); // one closed chunk
        tsdb.close();
        tsdb = null;
        flipLastByteOfFirstValue("chunks");

        open();
        assertThatThrownBy(() -> samples(tsdb, TENANT))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining("corrupt");
    }

    @Test
    void skipsAndCountsACorruptWalRecordAndRecoversTheRest() throws Exception {
        open();
        append(TENANT, series("a"), T0, 1);
        append(TENANT, series("a"), T0 + 1000, 2);
        tsdb.closeWithoutCheckpoint();
        tsdb = null;
        flipLastByteOfFirstValue("wal");

        open();
        assertThat(samples(tsdb, TENANT)).extracting(p -> p[0]).containsExactly(T0 + 1000);
        assertThat(registry.get("cortex_ingester_corrupt_records").tag("kind", "wal").counter().count()).isEqualTo(1);
    }

    private void flipLastByteOfFirstValue(String family) throws Exception {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : RocksDB.listColumnFamilies(new org.rocksdb.Options(), dir.toString())) {
            descriptors.add(new ColumnFamilyDescriptor(name));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (RocksDB db = RocksDB.open(new org.rocksdb.DBOptions(), dir.toString(), descriptors, handles)) {
            ColumnFamilyHandle cf = null;
            for (int i = 0; i < descriptors.size(); i++) {
                if (new String(descriptors.get(i).getName(), StandardCharsets.US_ASCII).equals(family)) {
                    cf = handles.get(i);
                }
            }
            assertThat(cf).isNotNull();
            try (RocksIterator it = db.newIterator(cf)) {
                it.seekToFirst();
                assertThat(it.isValid()).isTrue();
                byte[] value = it.value();
                value[value.length - 1] ^= 0x01;
                db.put(cf, it.key(), value);
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    @Test
    void countsSeriesAsActiveForTwoHoursAfterTheirLastSample() {
        open();
        append(TENANT, series("a"), T0, 1);
        append(TENANT, series("b"), T0, 1);
        assertThat(tsdb.activeSeries(TENANT)).isEqualTo(2);
        clock.advance(java.time.Duration.ofMinutes(90));
        append(TENANT, series("b"), T0 + 60_000, 1);
        clock.advance(java.time.Duration.ofMinutes(31));
        assertThat(tsdb.activeSeries(TENANT)).isEqualTo(1);
        assertThat(tsdb.numSeries(TENANT)).isEqualTo(2);
        assertThat(registry.get("cortex_ingester_active_series").tag("user", TENANT.value()).gauge().value()).isEqualTo(1);
    }

    @Test
    void concurrentPushesToSharedAndOwnSeriesAreAllDurable() throws Exception {
        open();
        int threads = 4;
        int rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                results.add(pool.submit(() -> {
                    int accepted = 0;
                    for (int i = 0; i < rounds; i++) {
                        Appender app = tsdb.appender(TENANT);
                        app.append(series("own", "w", String.valueOf(worker)), T0 + i, i);
                        try {
                            // Every worker races for the same timestamps of a shared series.
                            app.append(series("shared"), T0 + i, i);
                            accepted++;
                        } catch (AmphoraException e) {
                            assertThat(e.code()).isIn(ErrorCode.SAMPLE_OUT_OF_ORDER, ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP);
                        }
                        app.commit();
                    }
                    return accepted;
                }));
            }
            for (Future<Integer> f : results) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<long[]> before = samples(tsdb, TENANT);
        assertThat(samples(tsdb, TENANT, Matcher.equal("__name__", "own"))).hasSize(threads * rounds);
        crashAndReopen();
        assertSameSamples(samples(tsdb, TENANT), before);
    }
}
