package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.storage.Queryable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The querier: answers a workspace's PromQL queries and label, series and metadata lookups from the ingesters.
 *
 * <p>Each query gets its own decorated queryable, {@code LimitingQueryable(IngesterQueryable)}, over the tenant it
 * was called for and the limits {@link Overrides} gives that tenant at that moment, so limits and data never leak
 * between workspaces or queries.
 *
 * <p>At most {@link QuerierConfig#maxConcurrent()} PromQL queries run at once; up to {@link QuerierConfig#maxQueued()}
 * more wait, in arrival order, at most {@link QuerierConfig#queueTimeout()}; beyond that a query is refused with
 * {@link TooManyOutstandingQueriesException}.
 *
 * <p>Errors: a {@link QueryLimitExceededException} becomes a {@link QueryException} of type
 * {@link QueryErrorType#EXECUTION} (HTTP 422) with the limit's message, an {@link IngesterQueryFailedException} one of
 * type {@link QueryErrorType#INTERNAL}; the engine's own {@link QueryException}s pass through. Label, series and
 * metadata lookups throw {@link IngesterQueryFailedException} as is.
 *
 * <p>Counts {@code cortex_query_samples_processed_total{user}}, the samples each successful query processed. Thread-safe.
 */
public final class Querier {
    private final QueryEngine engine;
    private final IngesterSeriesSource ingesters;
    private final Overrides overrides;
    private final QuerierConfig config;
    private final MeterRegistry registry;
    private final Semaphore slots;
    private final AtomicInteger queued = new AtomicInteger();

    public Querier(QueryEngine engine, IngesterSeriesSource ingesters, Overrides overrides, QuerierConfig config,
            MeterRegistry registry) {
        this.engine = requireNonNull(engine, "engine is null");
        this.ingesters = requireNonNull(ingesters, "ingesters is null");
        this.overrides = requireNonNull(overrides, "overrides is null");
        this.config = requireNonNull(config, "config is null").validate();
        this.registry = requireNonNull(registry, "registry is null");
        this.slots = new Semaphore(config.maxConcurrent(), true);
    }

    /** The data of {@code tenant} as one query sees it: ingesters, with the tenant's per-query limits. */
    public Queryable queryable(TenantId tenant) {
        requireNonNull(tenant, "tenant is null");
        QueryLimiter limiter = new QueryLimiter(QueryLimits.of(overrides.forTenant(tenant)));
        return new LimitingQueryable(new IngesterQueryable(ingesters, tenant, limiter), limiter);
    }

    public QueryResult instantQuery(TenantId tenant, String query, long timeMillis, QueryOptions options) {
        return run(tenant, queryable -> engine.instantQuery(queryable, query, timeMillis, options));
    }

    public QueryResult rangeQuery(TenantId tenant, String query, long startMillis, long endMillis, long stepMillis,
            QueryOptions options) {
        return run(tenant, queryable -> engine.rangeQuery(queryable, query, startMillis, endMillis, stepMillis, options));
    }

    /** Sorted label names of the tenant's series matching all matchers in {@code [start, end]}. */
    public List<String> labelNames(TenantId tenant, long start, long end, Matcher... matchers) {
        try (io.amphora.storage.Querier querier = queryable(tenant).querier(start, end)) {
            return querier.labelNames(matchers);
        }
    }

    /** Sorted values of label {@code name} among the tenant's series matching all matchers in {@code [start, end]}. */
    public List<String> labelValues(TenantId tenant, String name, long start, long end, Matcher... matchers) {
        try (io.amphora.storage.Querier querier = queryable(tenant).querier(start, end)) {
            return querier.labelValues(name, matchers);
        }
    }

    /** The label sets of the tenant's series matching all matchers in {@code [start, end]}, sorted. */
    public List<Labels> series(TenantId tenant, long start, long end, Matcher... matchers) {
        requireNonNull(tenant, "tenant is null");
        return ingesters.series(tenant, start, end, List.of(matchers));
    }

    /** See {@link IngesterSeriesSource#metricsMetadata}. */
    public List<MetricMetadata> metricsMetadata(TenantId tenant, String metric, int limit, int limitPerMetric) {
        requireNonNull(tenant, "tenant is null");
        return ingesters.metricsMetadata(tenant, metric, limit, limitPerMetric);
    }

    private QueryResult run(TenantId tenant, Function<Queryable, QueryResult> query) {
        Queryable queryable = queryable(tenant);
        acquireSlot();
        QueryResult result;
        try {
            result = query.apply(queryable);
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            slots.release();
        }
        samplesProcessed(tenant).increment(result.stats().totalSamples());
        return result;
    }

    private void acquireSlot() {
        if (slots.tryAcquire()) {
            return;
        }
        int waiting = queued.incrementAndGet();
        try {
            if (waiting > config.maxQueued()) {
                throw new TooManyOutstandingQueriesException(config.maxConcurrent(), config.maxQueued());
            }
            if (!slots.tryAcquire(config.queueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new QueryException(QueryErrorType.TIMEOUT, "query timed out in query queue");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(QueryErrorType.CANCELED, "query was canceled in query queue", e);
        } finally {
            queued.decrementAndGet();
        }
    }

    /** Finds our storage failures however the engine wrapped them, and gives them their API error type. */
    private static RuntimeException translate(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof QueryLimitExceededException limit) {
                return new QueryException(QueryErrorType.EXECUTION, limit.getMessage(), e);
            }
            if (cause instanceof IngesterQueryFailedException failed) {
                return new QueryException(QueryErrorType.INTERNAL, failed.getMessage(), e);
            }
        }
        return e;
    }

    private Counter samplesProcessed(TenantId tenant) {
        return Counter.builder("cortex_query_samples_processed")
                .description("Number of samples processed to execute a query.")
                .tag("user", tenant.value())
                .register(registry);
    }
}
