package io.amphora.tsdb;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.HistogramValidation;
import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.TenantId;
import io.amphora.storage.Appender;
import io.amphora.storage.ChunkQuerier;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.Querier;
import io.amphora.storage.SelectHints;
import io.amphora.storage.SeriesSet;
import io.amphora.tsdb.head.AppendResult;
import io.amphora.tsdb.head.Head;
import io.amphora.tsdb.head.HeadRecord;
import io.amphora.tsdb.head.MemSeries;
import io.amphora.tsdb.store.Keys;
import io.amphora.tsdb.store.RocksDbStore;
import io.amphora.tsdb.store.WalRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.util.Objects.requireNonNull;

/**
 * An ingester's storage engine: one {@link Head} per tenant in memory, all of it durable in one RocksDB instance.
 *
 * <p>Write path: {@link #appender} checks each sample against its series and reserves it;
 * {@link Appender#commit()} writes the accepted samples as one WAL record (and the records of series created by
 * the batch) in one atomic RocksDB write, fsynced per the {@link FsyncPolicy}, then makes them visible in memory,
 * and returns only then. A failed write leaves memory unchanged.
 * {@link #checkpoint()} persists closed chunks and each series' open chunk and drops the WAL records they cover.
 * {@link #open} rebuilds the heads from the last checkpoint and replays the WAL after it; see
 * {@code tsdb/docs/recovery.md}.
 *
 * <p>Thread-safe.
 */
public final class Tsdb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tsdb.class);
    private static final long PROGRESS_LOG_NANOS = Duration.ofSeconds(5).toNanos();

    private final TsdbConfig config;
    private final TenantLimits limits;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final RocksDbStore store;
    private final ConcurrentHashMap<TenantId, TenantState> tenants = new ConcurrentHashMap<>();
    /** Commits hold it shared; checkpoints and tenant deletion hold it exclusively, so no commit is in flight. */
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong nextRef = new AtomicLong(1);
    private final AtomicLong nextChunkId = new AtomicLong(1);
    private final AtomicLong walBytesSinceCheckpoint = new AtomicLong();

    private final Counter ingestedSamples;
    private final Counter walRecords;
    private final Timer checkpointDuration;
    private final Timer commitDuration;

    private Tsdb(TsdbConfig config, TenantLimits limits, InstantSource clock, MeterRegistry registry) {
        this.config = config;
        this.limits = limits;
        this.clock = clock;
        this.registry = registry;
        this.store = RocksDbStore.open(config.dir());
        this.ingestedSamples = Counter.builder("cortex_ingester_ingested_samples")
                .description("Samples ingested and made durable.").register(registry);
        this.walRecords = Counter.builder("cortex_ingester_wal_records_written")
                .description("WAL records written (one per committed push).").register(registry);
        this.checkpointDuration = Timer.builder("cortex_ingester_checkpoint_duration")
                .description("Time to persist closed and open chunks and truncate the WAL.").register(registry);
        this.commitDuration = Timer.builder("cortex_ingester_commit_duration")
                .description("Time to make a push durable (WAL write including fsync).").register(registry);
        Gauge.builder("cortex_ingester_memory_series", tenants, t -> t.values().stream().mapToLong(s -> s.head.numSeries()).sum())
                .description("Series held in memory.").register(registry);
        Gauge.builder("cortex_ingester_memory_users", tenants, Map::size)
                .description("Tenants with data in this ingester.").register(registry);
        Gauge.builder("cortex_ingester_wal_bytes_since_checkpoint", walBytesSinceCheckpoint, AtomicLong::get)
                .description("WAL bytes written since the last checkpoint (replayed on restart).").register(registry);
    }

    /** Opens the store with no per-tenant limits; see {@link #open(TsdbConfig, TenantLimits, InstantSource, MeterRegistry)}. */
    public static Tsdb open(TsdbConfig config, InstantSource clock, MeterRegistry registry) {
        return open(config, TenantLimits.unlimited(), clock, registry);
    }

    /** Opens the store under {@code config.dir()}, recovering every tenant's head; logs progress. */
    public static Tsdb open(TsdbConfig config, TenantLimits limits, InstantSource clock, MeterRegistry registry) {
        requireNonNull(config, "config is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(registry, "registry is null");
        Tsdb tsdb = new Tsdb(config, limits, clock, registry);
        try {
            tsdb.recover();
        } catch (RuntimeException e) {
            tsdb.store.close();
            throw e;
        }
        return tsdb;
    }

    public TsdbConfig config() {
        return config;
    }

    /**
     * An appender for one tenant's samples; see {@link Appender} for the per-sample refusal contract. The tenant's
     * limits are read now and hold for this appender.
     */
    public Appender appender(TenantId tenant) {
        return new TenantAppender(tenantState(tenant), limits.maxSeriesPerUser(tenant), limits.maxSeriesPerMetric(tenant),
                limits.outOfOrderWindow(tenant).toMillis());
    }

    /**
     * The labels of one tenant's existing series with exactly these sorted pairs, looked up under the claimed
     * stable hash (see {@link Head#existingLabels}); null when there is no such series or the tenant has no data.
     */
    public Labels existingLabels(TenantId tenant, long stableHash, String[] sortedPairs) {
        TenantState state = tenants.get(requireNonNull(tenant, "tenant is null"));
        return state == null ? null : state.head.existingLabels(stableHash, sortedPairs);
    }

    /** A querier over one tenant; a tenant without data yields nothing. */
    public Querier querier(TenantId tenant, long mint, long maxt) {
        TenantState state = tenants.get(tenant);
        return state == null ? EmptyQuerier.INSTANCE : state.head.querier(mint, maxt);
    }

    /** Encoded chunks of one tenant's series (for the ingester's QueryStream). */
    public ChunkQuerier chunkQuerier(TenantId tenant, long mint, long maxt) {
        TenantState state = tenants.get(tenant);
        if (state == null) {
            return new ChunkQuerier() {
                @Override
                public Iterator<ChunkSeries> selectChunks(long from, long to, io.amphora.model.Matcher... matchers) {
                    return Collections.emptyIterator();
                }

                @Override
                public void close() {}
            };
        }
        return state.head.chunkQuerier(mint, maxt);
    }

    public Set<TenantId> tenants() {
        return Set.copyOf(tenants.keySet());
    }

    /** Series in memory for a tenant (0 when unknown). */
    public long numSeries(TenantId tenant) {
        TenantState state = tenants.get(tenant);
        return state == null ? 0 : state.head.numSeries();
    }

    /** Series of a tenant that received a sample within the active-series window. */
    public long activeSeries(TenantId tenant) {
        TenantState state = tenants.get(tenant);
        return state == null ? 0 : state.head.activeSeries();
    }

    public long walBytesSinceCheckpoint() {
        return walBytesSinceCheckpoint.get();
    }

    /**
     * Persists every chunk closed since the last checkpoint and the open state of every changed series, and drops
     * the WAL records this covers — all in one fsynced atomic write. Commits wait while it runs; appends do not.
     */
    public void checkpoint() {
        long seq;
        commitLock.writeLock().lock();
        try {
            seq = checkpointLocked(null);
        } finally {
            commitLock.writeLock().unlock();
        }
        // Outside the lock: commits go on while the dropped records' space is reclaimed.
        store.compactWalBefore(seq);
    }

    /** Makes commits written under {@link FsyncPolicy#INTERVAL} durable against power loss. */
    public void syncWal() {
        store.syncWal();
    }

    /**
     * Deletes everything stored for a tenant, in memory and on disk (one range delete per column family), in one
     * atomic write with a checkpoint so that no WAL record of the tenant survives. Appenders of the tenant that have
     * not committed yet fail.
     */
    public void deleteTenant(TenantId tenant) {
        long seq;
        commitLock.writeLock().lock();
        try {
            TenantState removed = tenants.remove(tenant);
            if (removed != null) {
                removed.deleted = true;
                removed.meters.forEach(registry::remove);
            }
            seq = checkpointLocked(batch -> batch.deleteTenant(tenant));
            log.info("deleted all data of tenant {}", tenant);
        } finally {
            commitLock.writeLock().unlock();
        }
        store.compactWalBefore(seq);
        store.compactTenant(tenant);
    }

    /** @return the WAL sequence number the checkpoint covers (records below it were dropped) */
    private long checkpointLocked(java.util.function.Consumer<RocksDbStore.Batch> extra) {
        long start = System.nanoTime();
        long seq = nextSeq.get();
        RocksDbStore.Batch batch = store.newBatch();
        List<MemSeries.Checkpoint> done = new ArrayList<>();
        List<MemSeries> madeDurable = new ArrayList<>();
        for (TenantState state : tenants.values()) {
            state.head.forEachSeries(series -> {
                MemSeries.Checkpoint c = series.checkpoint();
                if (c == null) {
                    return;
                }
                if (!series.isDurable()) {
                    batch.putSeries(state.prefix, series.ref(), series.labels());
                    madeDurable.add(series);
                }
                for (int i = 0; i < c.chunkIds().length; i++) {
                    batch.putChunk(state.prefix, series.ref(), c.chunkIds()[i], c.chunks()[i]);
                }
                if (c.head() == null) {
                    batch.deleteHead(state.prefix, series.ref());
                } else {
                    batch.putHead(state.prefix, series.ref(), c.head().encode());
                }
                done.add(c);
            });
        }
        if (extra != null) {
            extra.accept(batch);
        }
        batch.checkpoint(seq);
        store.write(batch, true);
        done.forEach(MemSeries.Checkpoint::markPersisted);
        madeDurable.forEach(MemSeries::markDurable);
        walBytesSinceCheckpoint.set(0);
        checkpointDuration.record(Duration.ofNanos(System.nanoTime() - start));
        log.debug("checkpoint at WAL sequence {}: {} series written", seq, done.size());
        return seq;
    }

    private TenantState tenantState(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        TenantState state = tenants.get(tenant);
        if (state != null) {
            return state;
        }
        return tenants.computeIfAbsent(tenant, this::newTenantState);
    }

    private TenantState newTenantState(TenantId tenant) {
        byte[] prefix = Keys.tenantPrefix(tenant);
        Head head = new Head(tenant, config.headOptions(),
                (ref, minTime, chunkId) -> store.readChunk(prefix, ref, minTime, chunkId),
                nextRef::getAndIncrement, nextChunkId::getAndIncrement, clock);
        TenantState state = new TenantState(tenant, prefix, head);
        state.meters.add(Gauge.builder("cortex_ingester_active_series", head, Head::activeSeries)
                .description("Series that received a sample in the active-series window.")
                .tag("user", tenant.value()).register(registry));
        state.meters.add(Gauge.builder("cortex_ingester_tenant_memory_series", head, Head::numSeries)
                .description("Series held in memory, per tenant.")
                .tag("user", tenant.value()).register(registry));
        return state;
    }

    private Counter discarded(TenantId tenant, ErrorCode code) {
        return Counter.builder("cortex_discarded_samples")
                .description("Samples refused, by reason.")
                .tag("reason", code.reason()).tag("user", tenant.value()).register(registry);
    }

    private Counter corrupt(String kind) {
        return Counter.builder("cortex_ingester_corrupt_records")
                .description("Stored records that failed their checksum or could not be decoded.")
                .tag("kind", kind).register(registry);
    }

    private void recover() {
        long start = System.nanoTime();
        log.info("recovering ingester storage from {}", config.dir());
        Map<TenantId, Map<Long, MemSeries>> byRef = new HashMap<>();
        Map<String, String> interner = new HashMap<>();
        long[] maxRef = {0};
        long[] counts = new long[4];
        store.scanSeries((tenant, ref, encoded) -> {
            maxRef[0] = Math.max(maxRef[0], ref);
            Labels labels;
            try {
                labels = intern(RocksDbStore.decodeLabels(encoded), interner);
            } catch (IllegalArgumentException e) {
                corrupt("series").increment();
                log.error("series record {} of tenant {} is corrupt and is skipped: {}", ref, tenant, e.getMessage());
                return;
            }
            MemSeries s = tenantState(tenant).head.restoreSeries(ref, labels);
            byRef.computeIfAbsent(tenant, t -> new HashMap<>()).put(ref, s);
            counts[0]++;
        });
        interner.clear();
        store.scanPostings((tenant, name, value, ref) -> {
            MemSeries s = lookup(byRef, tenant, ref);
            if (s == null) {
                return; // a posting of a skipped corrupt series
            }
            try {
                tenantState(tenant).head.restorePosting(name, value, s);
            } catch (IllegalArgumentException e) {
                corrupt("postings").increment();
                log.error("label index of tenant {} is inconsistent: {}", tenant, e.getMessage());
            }
        });
        long[] maxChunk = {0};
        store.scanChunkMeta((tenant, ref, minTime, chunkId, maxTime) -> {
            maxChunk[0] = Math.max(maxChunk[0], chunkId);
            MemSeries s = lookup(byRef, tenant, ref);
            if (s != null) {
                tenantState(tenant).head.restoreClosedChunk(s, minTime, maxTime, chunkId);
                counts[1]++;
            }
        });
        store.scanHead((key, value) -> {
            TenantId tenant = Keys.tenantOf(key);
            long ref = Keys.getLong(key, Keys.prefixLength(key));
            MemSeries s = lookup(byRef, tenant, ref);
            if (s == null) {
                return;
            }
            try {
                tenantState(tenant).head.restoreHead(s, HeadRecord.decode(value));
            } catch (IllegalArgumentException e) {
                corrupt("head").increment();
                log.error("open-chunk checkpoint of series {} of tenant {} is corrupt and is skipped: {}", ref, tenant, e.getMessage());
            }
        });
        nextRef.set(maxRef[0] + 1);
        nextChunkId.set(maxChunk[0] + 1);
        log.info("loaded {} series and {} chunks of {} tenants in {} ms; replaying WAL", counts[0], counts[1],
                tenants.size(), Duration.ofNanos(System.nanoTime() - start).toMillis());

        long checkpointSeq = store.checkpointSeq();
        long now = clock.millis();
        long[] lastSeq = {checkpointSeq - 1};
        long[] lastLog = {System.nanoTime()};
        store.scanWal(checkpointSeq, (key, value) -> {
            long seq = Keys.getLong(key, 0);
            lastSeq[0] = seq;
            WalRecord record;
            try {
                record = WalRecord.decode(value);
            } catch (IllegalArgumentException e) {
                corrupt("wal").increment();
                log.error("WAL record {} is corrupt and is skipped: {}", seq, e.getMessage());
                return;
            }
            TenantState state = tenantState(record.tenant());
            for (int i = 0; i < record.count(); i++) {
                MemSeries s = lookup(byRef, record.tenant(), record.ref(i));
                if (s == null) {
                    counts[3]++;
                    continue;
                }
                long seen = Math.min(record.timestamp(i), now);
                Object histogram = record.histogram(i) != null ? record.histogram(i) : record.floatHistogram(i);
                if (histogram != null) {
                    state.head.applyHistogram(s, record.timestamp(i), histogram, seen);
                } else {
                    state.head.apply(s, record.timestamp(i), record.value(i), seen);
                }
                counts[2]++;
            }
            if (System.nanoTime() - lastLog[0] > PROGRESS_LOG_NANOS) {
                lastLog[0] = System.nanoTime();
                log.info("WAL replay in progress: record {} ({} samples so far)", seq, counts[2]);
            }
        });
        if (counts[3] > 0) {
            corrupt("wal-orphan-samples").increment(counts[3]);
            log.error("{} WAL samples refer to series whose record is missing and were skipped", counts[3]);
        }
        nextSeq.set(Math.max(checkpointSeq, lastSeq[0] + 1));
        // Drop tenants that only appeared in skipped records and hold nothing.
        tenants.values().removeIf(state -> {
            if (state.head.numSeries() == 0) {
                state.meters.forEach(registry::remove);
                return true;
            }
            return false;
        });
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        Gauge.builder("cortex_ingester_wal_replay_duration_seconds", () -> tookMs / 1000.0)
                .description("Time the last start-up took to recover the heads.").register(registry);
        log.info("recovery done in {} ms: {} tenants, {} series, {} WAL samples replayed from {} records",
                tookMs, tenants.size(), counts[0], counts[2], lastSeq[0] - checkpointSeq + 1);
        checkpoint();
    }

    private static Labels intern(Labels labels, Map<String, String> interner) {
        String[] pairs = new String[labels.size() * 2];
        for (int i = 0; i < labels.size(); i++) {
            pairs[i * 2] = interner.computeIfAbsent(labels.name(i), k -> k);
            pairs[i * 2 + 1] = interner.computeIfAbsent(labels.value(i), k -> k);
        }
        return Labels.ofSortedPairs(pairs);
    }

    private static MemSeries lookup(Map<TenantId, Map<Long, MemSeries>> byRef, TenantId tenant, long ref) {
        Map<Long, MemSeries> refs = byRef.get(tenant);
        return refs == null ? null : refs.get(ref);
    }

    /**
     * Checkpoints (so a restart replays no WAL record), flushes RocksDB's memtables to compressed files (so it
     * replays none of its own log either), drops superseded open-chunk versions, and closes the store.
     */
    @Override
    public void close() {
        try {
            checkpoint();
            store.flush();
            store.compactHead();
        } finally {
            store.close();
        }
    }

    /**
     * Closes the store without the final checkpoint, leaving the disk exactly as a crash after the last
     * acknowledged commit would (RocksDB's own files are closed cleanly). For crash-recovery tests and tools.
     */
    public void closeWithoutCheckpoint() {
        store.close();
    }

    /** Measurement hook for tools: on-disk bytes of closed chunks after a full compaction. */
    public long compactAndMeasureChunkBytes() {
        store.compactAll();
        return store.chunkFilesBytes();
    }

    /** Heap bytes held by chunk data and per-series buffers across tenants. */
    public long chunkHeapBytes() {
        long total = 0;
        for (TenantState state : tenants.values()) {
            total += state.head.chunkHeapBytes();
        }
        return total;
    }

    private static final class TenantState {
        final TenantId tenant;
        final byte[] prefix;
        final Head head;
        final List<Meter> meters = Collections.synchronizedList(new ArrayList<>());
        volatile boolean deleted;

        TenantState(TenantId tenant, byte[] prefix, Head head) {
            this.tenant = tenant;
            this.prefix = prefix;
            this.head = head;
        }
    }

    /** Stages one commit of one tenant. Not thread-safe. */
    private final class TenantAppender implements Appender {
        private final TenantState state;
        private final int maxSeriesPerUser;
        private final int maxSeriesPerMetric;
        private final long outOfOrderWindowMillis;
        private MemSeries[] series = new MemSeries[64];
        private long[] refs = new long[64];
        private long[] timestamps = new long[64];
        private double[] values = new double[64];
        /** Null until the batch stages a histogram; then the histogram of each staged sample, null for floats. */
        private Object[] histograms;
        private int count;
        private boolean finished;

        TenantAppender(TenantState state, int maxSeriesPerUser, int maxSeriesPerMetric, long outOfOrderWindowMillis) {
            this.state = state;
            this.maxSeriesPerUser = maxSeriesPerUser;
            this.maxSeriesPerMetric = maxSeriesPerMetric;
            this.outOfOrderWindowMillis = outOfOrderWindowMillis;
        }

        /**
         * Appends an integer native histogram. It must be valid as Prometheus's TSDB checks it
         * ({@link HistogramValidation}); an invalid one is refused with Prometheus's message.
         */
        @Override
        public void appendHistogram(Labels labels, long timestamp, Histogram histogram) {
            requireNonNull(histogram, "histogram is null");
            appendHistogramSample(labels, timestamp, histogram, HistogramValidation.firstViolation(histogram), histogram.schema());
        }

        /** Appends a float native histogram; validated as {@link #appendHistogram} is. */
        @Override
        public void appendFloatHistogram(Labels labels, long timestamp, FloatHistogram histogram) {
            requireNonNull(histogram, "histogram is null");
            appendHistogramSample(labels, timestamp, histogram, HistogramValidation.firstViolation(histogram), histogram.schema());
        }

        private void appendHistogramSample(Labels labels, long timestamp, Object histogram, String violation, int schema) {
            if (finished) {
                throw new IllegalStateException("appender already committed or rolled back");
            }
            if (violation != null) {
                ErrorCode code = HistogramValidation.isValidSchema(schema)
                        ? ErrorCode.NATIVE_HISTOGRAM_INVALID : ErrorCode.NATIVE_HISTOGRAM_INVALID_SCHEMA;
                discarded(state.tenant, code).increment();
                throw new AmphoraException(code, violation + " (timestamp=" + timestamp + ", series=" + labels + ")");
            }
            MemSeries s = series(labels);
            AppendResult result = state.head.reserveHistogram(s, timestamp, histogram, outOfOrderWindowMillis);
            switch (result) {
                case APPENDED -> {
                    if (histograms == null) {
                        histograms = new Object[series.length];
                    }
                    stage(s, timestamp, 0);
                    histograms[count - 1] = histogram;
                }
                case DUPLICATE_IGNORED -> { }
                case OUT_OF_ORDER, DUPLICATE_TIMESTAMP, OUT_OF_BOUNDS -> refuse(result, timestamp, labels);
            }
        }

        /**
         * The tsdb does not store start timestamps yet (neither the head nor the chunk formats have room for them):
         * the start timestamp is dropped and the sample appended as {@link #append} does, so reads report it as
         * unknown (0).
         */
        @Override
        public void appendWithStartTimestamp(Labels labels, long startTimestamp, long timestamp, double value) {
            append(labels, timestamp, value);
        }

        /** Drops the start timestamp as {@link #appendWithStartTimestamp} does; see {@link #appendHistogram}. */
        @Override
        public void appendHistogramWithStartTimestamp(
                Labels labels, long startTimestamp, long timestamp, Histogram histogram) {
            appendHistogram(labels, timestamp, histogram);
        }

        /** Drops the start timestamp as {@link #appendWithStartTimestamp} does; see {@link #appendFloatHistogram}. */
        @Override
        public void appendFloatHistogramWithStartTimestamp(
                Labels labels, long startTimestamp, long timestamp, FloatHistogram histogram) {
            appendFloatHistogram(labels, timestamp, histogram);
        }

        private MemSeries series(Labels labels) {
            if (labels.isEmpty()) {
                discarded(state.tenant, ErrorCode.INVALID_REQUEST).increment();
                throw new AmphoraException(ErrorCode.INVALID_REQUEST, "series has no labels");
            }
            try {
                return state.head.getOrCreate(labels, maxSeriesPerUser, maxSeriesPerMetric);
            } catch (AmphoraException e) {
                discarded(state.tenant, e.code()).increment();
                throw e;
            }
        }

        private void refuse(AppendResult result, long timestamp, Labels labels) {
            discarded(state.tenant, result.error()).increment();
            throw new AmphoraException(result.error(), result.error().message()
                    + " (timestamp=" + timestamp + ", series=" + labels + ")");
        }

        @Override
        public void append(Labels labels, long timestamp, double value) {
            if (finished) {
                throw new IllegalStateException("appender already committed or rolled back");
            }
            MemSeries s = series(labels);
            AppendResult result = state.head.reserve(s, timestamp, value, outOfOrderWindowMillis);
            switch (result) {
                case APPENDED -> stage(s, timestamp, value);
                case DUPLICATE_IGNORED -> { }
                case OUT_OF_ORDER, DUPLICATE_TIMESTAMP, OUT_OF_BOUNDS -> refuse(result, timestamp, labels);
            }
        }

        private void stage(MemSeries s, long timestamp, double value) {
            if (count == refs.length) {
                int n = count * 2;
                series = Arrays.copyOf(series, n);
                refs = Arrays.copyOf(refs, n);
                timestamps = Arrays.copyOf(timestamps, n);
                values = Arrays.copyOf(values, n);
                if (histograms != null) {
                    histograms = Arrays.copyOf(histograms, n);
                }
            }
            series[count] = s;
            refs[count] = s.ref();
            timestamps[count] = timestamp;
            values[count++] = value;
        }

        /** Writes the WAL record (and new series' records) in one atomic write, then makes the samples visible. */
        @Override
        public void commit() {
            if (finished) {
                throw new IllegalStateException("appender already committed or rolled back");
            }
            finished = true;
            if (count == 0) {
                return;
            }
            long start = System.nanoTime();
            commitLock.readLock().lock();
            try {
                if (state.deleted) {
                    releaseAll();
                    throw new AmphoraException(ErrorCode.INVALID_REQUEST, "tenant " + state.tenant + " was deleted during the push");
                }
                RocksDbStore.Batch batch = store.newBatch();
                Set<MemSeries> created = Collections.newSetFromMap(new IdentityHashMap<>());
                for (int i = 0; i < count; i++) {
                    MemSeries s = series[i];
                    if (!s.isDurable() && created.add(s)) {
                        batch.putSeries(state.prefix, s.ref(), s.labels());
                    }
                }
                byte[] record = WalRecord.encode(state.tenant, refs, timestamps, values, histograms, count);
                batch.putWal(nextSeq.getAndIncrement(), record);
                try {
                    store.write(batch, config.fsyncPolicy() == FsyncPolicy.ALWAYS);
                } catch (RuntimeException e) {
                    releaseAll();
                    throw e;
                }
                walBytesSinceCheckpoint.addAndGet(record.length);
                created.forEach(MemSeries::markDurable);
                long seen = state.head.nowMillis();
                for (int i = 0; i < count; i++) {
                    if (histograms != null && histograms[i] != null) {
                        state.head.applyHistogram(series[i], timestamps[i], histograms[i], seen);
                    } else {
                        state.head.apply(series[i], timestamps[i], values[i], seen);
                    }
                }
            } finally {
                commitLock.readLock().unlock();
            }
            walRecords.increment();
            ingestedSamples.increment(count);
            commitDuration.record(Duration.ofNanos(System.nanoTime() - start));
        }

        @Override
        public void rollback() {
            if (finished) {
                throw new IllegalStateException("appender already committed or rolled back");
            }
            finished = true;
            releaseAll();
        }

        private void releaseAll() {
            for (int i = count - 1; i >= 0; i--) {
                if (histograms != null && histograms[i] != null) {
                    state.head.releaseHistogram(series[i], timestamps[i], histograms[i]);
                } else {
                    state.head.release(series[i], timestamps[i], values[i]);
                }
            }
        }
    }

    private enum EmptyQuerier implements Querier {
        INSTANCE;

        @Override
        public SeriesSet select(boolean sortSeries, SelectHints hints, io.amphora.model.Matcher... matchers) {
            return io.amphora.storage.EmptySeriesSet.INSTANCE;
        }

        @Override
        public List<String> labelValues(String name, io.amphora.model.Matcher... matchers) {
            return List.of();
        }

        @Override
        public List<String> labelNames(io.amphora.model.Matcher... matchers) {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
