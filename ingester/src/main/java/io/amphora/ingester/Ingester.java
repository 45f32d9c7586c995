package io.amphora.ingester;

import com.google.common.util.concurrent.AbstractIdleService;
import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.ring.Lifecycler;
import io.amphora.storage.Appender;
import io.amphora.storage.ChunkQuerier;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.Querier;
import io.amphora.storage.SelectHints;
import io.amphora.storage.SeriesSet;
import io.amphora.tsdb.FsyncPolicy;
import io.amphora.tsdb.TenantLimits;
import io.amphora.tsdb.Tsdb;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The ingester: receives pushes for many tenants, keeps them durable in its {@link Tsdb}, and answers queries
 * over what it holds. Starting it recovers the store (replaying the WAL, with progress in the log); stopping it
 * checkpoints so that the next start replays nothing.
 *
 * <p>Deleting a tenant ({@link #deleteTenant}) removes everything held for it, in memory and on disk, and is safe
 * against concurrent calls for the same tenant: pushes that arrive while it runs are turned away with
 * {@link TenantDeletionInProgressException}, reads see no data, and the ones already running finish first; once it
 * has returned, a push starts the tenant afresh, empty. It is crash-safe: it is recorded durably before any data is
 * touched ({@link TenantDeletionMarkers}), and a start finishes a deletion a crash interrupted before the ingester
 * joins the ring.
 *
 * <p>Thread-safe; calls made while the service is not running fail with {@link IllegalStateException}.
 */
public final class Ingester extends AbstractIdleService {
    private static final Logger log = LoggerFactory.getLogger(Ingester.class);

    private final IngesterConfig config;
    private final Overrides overrides;
    private final InstantSource clock;
    private final MeterRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final Lifecycler lifecycler;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private volatile Tsdb tsdb;
    private volatile long lastCheckpointMillis;
    private final ConcurrentHashMap<TenantId, TenantMetadata> metadata = new ConcurrentHashMap<>();
    private final TenantActivity activity = new TenantActivity();
    private final TenantDeletionMarkers deletionMarkers;
    /** Held by a tenant deletion and by {@link #shutDown}, so the store is not closed under a running deletion. */
    private final ReentrantLock deletionLock = new ReentrantLock();

    /**
     * @param lifecycler this ingester's entry in the ingester ring: joined once the store is recovered, heartbeated
     *     while running, left before the final flush, so distributors only send to a ready ingester
     */
    public Ingester(IngesterConfig config, Overrides overrides, InstantSource clock, MeterRegistry registry,
                    ScheduledExecutorService scheduler, Lifecycler lifecycler) {
        this.lifecycler = requireNonNull(lifecycler, "lifecycler is null");
        this.config = requireNonNull(config, "config is null").validate();
        this.overrides = requireNonNull(overrides, "overrides is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.deletionMarkers = new TenantDeletionMarkers(config.dataDir());
    }

    @Override
    protected void startUp() {
        log.info("ingester starting: data in {}, fsync policy {}", config.dataDir(), config.fsyncPolicy());
        tsdb = Tsdb.open(config.tsdbConfig(), new TenantLimits() {
            @Override
            public int maxSeriesPerUser(TenantId tenant) {
                return overrides.forTenant(tenant).maxSeriesPerUser();
            }

            @Override
            public int maxSeriesPerMetric(TenantId tenant) {
                return overrides.forTenant(tenant).maxSeriesPerMetric();
            }

            @Override
            public Duration outOfOrderWindow(TenantId tenant) {
                return overrides.forTenant(tenant).outOfOrderTimeWindow();
            }
        }, clock, registry);
        try {
            finishInterruptedDeletions();
        } catch (RuntimeException e) {
            try {
                tsdb.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        lastCheckpointMillis = clock.millis();
        long checkEvery = Math.max(100, Math.min(10_000, config.checkpointInterval().toMillis() / 4));
        tasks.add(scheduler.scheduleWithFixedDelay(this::maybeCheckpoint, checkEvery, checkEvery, TimeUnit.MILLISECONDS));
        if (config.fsyncPolicy() == FsyncPolicy.INTERVAL) {
            long every = config.fsyncInterval().toMillis();
            tasks.add(scheduler.scheduleWithFixedDelay(this::syncWal, every, every, TimeUnit.MILLISECONDS));
        }
        lifecycler.join();
        long heartbeat = lifecycler.config().heartbeatPeriod().toMillis();
        tasks.add(scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS));
        log.info("ingester ready: {} tenants; joined the ring as {} at {}", tsdb.tenants().size(),
                lifecycler.config().instanceId(), lifecycler.config().address());
    }

    /** Completes the deletions a crash interrupted, before the ring sends this ingester anything. */
    private void finishInterruptedDeletions() {
        for (TenantId tenant : deletionMarkers.pending()) {
            log.info("finishing the deletion of tenant {} that was interrupted before the last stop", tenant);
            purge(tsdb, tenant);
            deletionMarkers.unmark(tenant);
        }
    }

    private void heartbeat() {
        try {
            lifecycler.heartbeat();
        } catch (RuntimeException e) {
            log.error("ring heartbeat failed", e);
        }
    }

    @Override
    protected void shutDown() {
        tasks.forEach(task -> task.cancel(false));
        try {
            lifecycler.leave();
        } catch (RuntimeException e) {
            log.error("leaving the ring failed", e);
        }
        log.info("ingester stopping: flushing open chunks");
        deletionLock.lock();
        try {
            tsdb.close();
        } finally {
            deletionLock.unlock();
        }
        log.info("ingester stopped: all data flushed");
    }

    private void maybeCheckpoint() {
        try {
            boolean due = clock.millis() - lastCheckpointMillis >= config.checkpointInterval().toMillis()
                    || tsdb.walBytesSinceCheckpoint() >= config.checkpointWalBytes();
            if (due) {
                tsdb.checkpoint();
                lastCheckpointMillis = clock.millis();
            }
        } catch (RuntimeException e) {
            log.error("checkpoint failed", e);
        }
    }

    private void syncWal() {
        try {
            tsdb.syncWal();
        } catch (RuntimeException e) {
            log.error("WAL fsync failed", e);
        }
    }

    private Tsdb running() {
        Tsdb t = tsdb;
        if (!isRunning() || t == null) {
            throw new IllegalStateException("ingester is " + state().toString().toLowerCase());
        }
        return t;
    }

    /**
     * Stores the samples of every series that it can and reports the rest. Returns once the accepted samples are
     * durable.
     *
     * @throws AmphoraException with {@link ErrorCode#INTERNAL} when the store cannot make them durable (nothing of
     *     this push is acknowledged then)
     */
    public PushResult push(TenantId tenant, List<SeriesSamples> series) {
        return push(tenant, series, List.of());
    }

    /**
     * Stores samples as {@link #push(TenantId, List)} does, and the metric metadata within the tenant's metadata
     * limits; a refused metadata entry {@code i} is reported as a failure with series index {@code -1 - i}.
     */
    public PushResult push(TenantId tenant, List<SeriesSamples> series, List<MetricMetadata> metricMetadata) {
        Tsdb store = running();
        try (TenantActivity.Permit permit = activity.enter(tenant)) {
            if (permit == null) {
                throw new TenantDeletionInProgressException(tenant);
            }
            return pushAdmitted(store, tenant, series, metricMetadata);
        }
    }

    private PushResult pushAdmitted(Tsdb store, TenantId tenant, List<SeriesSamples> series, List<MetricMetadata> metricMetadata) {
        Appender appender = store.appender(tenant);
        long accepted = 0;
        long rejected = 0;
        List<PushResult.SeriesFailure> failures = new ArrayList<>();
        for (SeriesSamples s : series) {
            AmphoraException first = null;
            int refused = 0;
            for (int i = 0; i < s.timestamps().length; i++) {
                try {
                    appender.append(s.labels(), s.timestamps()[i], s.values()[i]);
                    accepted++;
                } catch (AmphoraException e) {
                    if (!e.code().isClientError()) {
                        throw e;
                    }
                    refused++;
                    if (first == null) {
                        first = e;
                    }
                }
            }
            for (HistogramSample h : s.histograms()) {
                try {
                    if (h.histogram() != null) {
                        appender.appendHistogram(s.labels(), h.timestamp(), h.histogram());
                    } else {
                        appender.appendFloatHistogram(s.labels(), h.timestamp(), h.floatHistogram());
                    }
                    accepted++;
                } catch (AmphoraException e) {
                    if (!e.code().isClientError()) {
                        throw e;
                    }
                    refused++;
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                rejected += refused;
                failures.add(new PushResult.SeriesFailure(s.index(), first.code(), first.getMessage(), refused));
            }
        }
        appender.commit();
        if (!metricMetadata.isEmpty()) {
            Limits limits = overrides.forTenant(tenant);
            TenantMetadata tenantMetadata = metadata.computeIfAbsent(tenant, t -> new TenantMetadata());
            for (int i = 0; i < metricMetadata.size(); i++) {
                try {
                    tenantMetadata.add(metricMetadata.get(i), limits.maxMetadataPerUser(), limits.maxMetadataPerMetric());
                } catch (AmphoraException e) {
                    failures.add(new PushResult.SeriesFailure(-1 - i, e.code(), e.getMessage(), 0));
                }
            }
        }
        return new PushResult(accepted, rejected, failures);
    }

    /**
     * The labels of the tenant's existing series whose labels are exactly {@code sortedPairs}, found under the
     * sender's claimed {@link Labels#stableHash()} and matched label by label (a wrong claim finds nothing); null
     * when there is none. Pushing with them spares the store hashing and comparing the labels again. Not held off by
     * a tenant deletion: labels are plain values, and a push that uses them after the deletion creates its series
     * afresh.
     */
    public Labels existingLabels(TenantId tenant, long stableHash, String[] sortedPairs) {
        return running().existingLabels(tenant, stableHash, sortedPairs);
    }

    /**
     * The tenant's metric metadata, sorted by metric family; {@code metric} empty for all; 0 = no limit. A tenant
     * being deleted has none.
     */
    public List<MetricMetadata> metricsMetadata(TenantId tenant, String metric, int limit, int limitPerMetric) {
        running();
        try (TenantActivity.Permit permit = activity.enter(tenant)) {
            TenantMetadata m = permit == null ? null : metadata.get(tenant);
            return m == null ? List.of() : m.list(metric, limit, limitPerMetric);
        }
    }

    /**
     * Hands {@code sink} the series matching all matchers with their chunks overlapping {@code [mint, maxt]}, sorted
     * by labels, on the calling thread. A tenant being deleted has none. The tenant's deletion waits until this
     * returns, since closed chunks are read from the store while the sink is fed; a sink must therefore not wait on
     * anything that waits for a deletion.
     */
    public void queryStream(TenantId tenant, long mint, long maxt, List<Matcher> matchers, Consumer<ChunkSeries> sink) {
        Tsdb store = running();
        try (TenantActivity.Permit permit = activity.enter(tenant)) {
            if (permit == null) {
                return;
            }
            try (ChunkQuerier querier = store.chunkQuerier(tenant, mint, maxt)) {
                Iterator<ChunkSeries> it = querier.selectChunks(mint, maxt, matchers.toArray(Matcher[]::new));
                while (it.hasNext()) {
                    sink.accept(it.next());
                }
            }
        }
    }

    /** Label names of the tenant's matching series, sorted; a tenant being deleted has none. */
    public List<String> labelNames(TenantId tenant, long mint, long maxt, List<Matcher> matchers, int limit) {
        Tsdb store = running();
        try (TenantActivity.Permit permit = activity.enter(tenant)) {
            if (permit == null) {
                return List.of();
            }
            try (Querier q = store.querier(tenant, mint, maxt)) {
                return truncate(q.labelNames(matchers.toArray(Matcher[]::new)), limit);
            }
        }
    }

    /** Values of label {@code name} among the tenant's matching series, sorted; a tenant being deleted has none. */
    public List<String> labelValues(TenantId tenant, String name, long mint, long maxt, List<Matcher> matchers, int limit) {
        Tsdb store = running();
        try (TenantActivity.Permit permit = activity.enter(tenant)) {
            if (permit == null) {
                return List.of();
            }
            try (Querier q = store.querier(tenant, mint, maxt)) {
                return truncate(q.labelValues(name, matchers.toArray(Matcher[]::new)), limit);
            }
        }
    }

    /**
     * Labels of the series matching all matchers that have samples in {@code [mint, maxt]}, sorted; a tenant being
     * deleted has none.
     */
    public List<Labels> series(TenantId tenant, long mint, long maxt, List<Matcher> matchers, int limit) {
        Tsdb store = running();
        try (TenantActivity.Permit permit = activity.enter(tenant)) {
            if (permit == null) {
                return List.of();
            }
            return seriesAdmitted(store, tenant, mint, maxt, matchers, limit);
        }
    }

    private static List<Labels> seriesAdmitted(Tsdb store, TenantId tenant, long mint, long maxt, List<Matcher> matchers, int limit) {
        try (Querier q = store.querier(tenant, mint, maxt)) {
            SeriesSet set = q.select(true, SelectHints.range(mint, maxt), matchers.toArray(Matcher[]::new));
            List<Labels> out = new ArrayList<>();
            while ((limit <= 0 || out.size() < limit) && set.next()) {
                out.add(set.at().labels());
            }
            if (set.err() != null) {
                throw set.err();
            }
            return out;
        }
    }

    /**
     * Deletes everything this ingester holds for a tenant: its series, chunks and write-ahead records in memory and on
     * disk (the store compacts them out of its files before this returns), its metric metadata and its per-tenant
     * metrics. Idempotent: a tenant the ingester does not know is deleted without error. Deletions run one at a time.
     * RocksDB's own bookkeeping keeps a few of the deleted keys until the store is next opened: its MANIFEST lists the
     * key bounds of the files the compaction dropped, and its log the deletion's own record.
     *
     * <p>Concurrent calls for the tenant: pushes and reads already running finish first; while the deletion runs,
     * pushes fail with {@link TenantDeletionInProgressException} and reads see no data; once this has returned, a push
     * starts the tenant afresh, empty. Pushes and reads of other tenants go on, apart from the store's commit pause
     * for the checkpoint the deletion writes.
     *
     * <p>Returns once the deletion is durable. A marker written before any data is touched records it until everything
     * is gone, so a crash in between leaves the marker, and the next start finishes the deletion before this
     * ingester joins the ring. When this throws once the marker is written, the marker stays: the next call or the
     * next start finishes the deletion.
     *
     * @return the series held in memory for the tenant when the deletion began
     * @throws IllegalStateException when the ingester is not running
     * @throws AmphoraException with {@link ErrorCode#INTERNAL} when the store or the marker cannot be written
     */
    public long deleteTenant(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        running();
        deletionLock.lock();
        try {
            Tsdb store = running(); // it may have stopped while this waited for another deletion
            try (TenantActivity.Exclusion ignored = activity.exclude(tenant)) {
                long series = store.numSeries(tenant);
                deletionMarkers.mark(tenant);
                purge(store, tenant);
                deletionMarkers.unmark(tenant);
                log.info("deleted tenant {}: {} series", tenant, series);
                return series;
            }
        } finally {
            deletionLock.unlock();
        }
    }

    /**
     * Removes the tenant from the store (one atomic write, then space reclaimed), its metadata and the per-tenant
     * metrics of this ingester: every meter tagged {@code user=<tenant>} named {@code cortex_ingester_*} or
     * {@code cortex_discarded_samples}, the names the ingester and its store register. Idempotent.
     */
    private void purge(Tsdb store, TenantId tenant) {
        store.deleteTenant(tenant);
        metadata.remove(tenant);
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (tenant.value().equals(id.getTag("user"))
                    && (id.getName().startsWith("cortex_ingester_") || id.getName().equals("cortex_discarded_samples"))) {
                registry.remove(meter);
            }
        }
    }

    public IngesterConfig config() {
        return config;
    }

    private static <T> List<T> truncate(List<T> list, int limit) {
        return limit > 0 && list.size() > limit ? List.copyOf(list.subList(0, limit)) : list;
    }
}
