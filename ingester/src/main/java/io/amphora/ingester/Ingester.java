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

import static java.util.Objects.requireNonNull;

/**
 * The ingester: receives pushes for many tenants, keeps them durable in its {@link Tsdb}, and answers queries
 * over what it holds. Starting it recovers the store (replaying the WAL, with progress in the log); stopping it
 * checkpoints so that the next start replays nothing.
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
        tsdb.close();
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
        Appender appender = running().appender(tenant);
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
     * when there is none. Pushing with them spares the store hashing and comparing the labels again.
     */
    public Labels existingLabels(TenantId tenant, long stableHash, String[] sortedPairs) {
        return running().existingLabels(tenant, stableHash, sortedPairs);
    }

    /** The tenant's metric metadata, sorted by metric family; {@code metric} empty for all; 0 = no limit. */
    public List<MetricMetadata> metricsMetadata(TenantId tenant, String metric, int limit, int limitPerMetric) {
        running();
        TenantMetadata m = metadata.get(tenant);
        return m == null ? List.of() : m.list(metric, limit, limitPerMetric);
    }

    /** Series matching all matchers with their chunks overlapping {@code [mint, maxt]}, sorted by labels. */
    public Iterator<ChunkSeries> queryStream(TenantId tenant, long mint, long maxt, List<Matcher> matchers) {
        ChunkQuerier querier = running().chunkQuerier(tenant, mint, maxt);
        return querier.selectChunks(mint, maxt, matchers.toArray(Matcher[]::new));
    }

    public List<String> labelNames(TenantId tenant, long mint, long maxt, List<Matcher> matchers, int limit) {
        try (Querier q = running().querier(tenant, mint, maxt)) {
            return truncate(q.labelNames(matchers.toArray(Matcher[]::new)), limit);
        }
    }

    public List<String> labelValues(TenantId tenant, String name, long mint, long maxt, List<Matcher> matchers, int limit) {
        try (Querier q = running().querier(tenant, mint, maxt)) {
            return truncate(q.labelValues(name, matchers.toArray(Matcher[]::new)), limit);
        }
    }

    /** Labels of the series matching all matchers that have samples in {@code [mint, maxt]}, sorted. */
    public List<Labels> series(TenantId tenant, long mint, long maxt, List<Matcher> matchers, int limit) {
        try (Querier q = running().querier(tenant, mint, maxt)) {
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

    /** Deletes everything this ingester holds for a tenant. */
    public void deleteTenant(TenantId tenant) {
        running().deleteTenant(tenant);
        metadata.remove(tenant);
    }

    public IngesterConfig config() {
        return config;
    }

    private static <T> List<T> truncate(List<T> list, int limit) {
        return limit > 0 && list.size() > limit ? List.copyOf(list.subList(0, limit)) : list;
    }
}
