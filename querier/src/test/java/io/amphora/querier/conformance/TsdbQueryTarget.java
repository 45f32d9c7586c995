package io.amphora.querier.conformance;

import io.amphora.model.TenantId;
import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.promqltest.LoadSeries;
import io.amphora.promql.promqltest.QueryTarget;
import io.amphora.storage.Appender;
import io.amphora.storage.Queryable;
import io.amphora.tsdb.FsyncPolicy;
import io.amphora.tsdb.Tsdb;
import io.amphora.tsdb.TsdbConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The {@link QueryEngine} (with the harness's settings) over one tenant of a RocksDB-backed {@link Tsdb} on disk:
 * the conformance scripts run against the store the ingesters use, so they see what its head and chunk formats
 * keep (for instance the counter-reset hints that histogram chunks carry) and what its appender refuses.
 *
 * <p>Each {@link #clear()} switches to a tenant that has never been written, so the data of one script section
 * never reaches another. A {@code load} command is one appender and one commit, so the head judges all of its
 * samples against what earlier commands stored (its bounds rule is relative to the tenant's newest committed
 * sample): a command may span any time range, but a later command must not reach more than half the chunk range
 * (1 h) behind the newest stored sample. Start timestamps are handed to the appender, which drops them: the TSDB
 * does not store them.
 */
final class TsdbQueryTarget implements QueryTarget, AutoCloseable {
    private final Tsdb tsdb;
    private final QueryEngine engine;
    private int generation;
    private TenantId tenant;

    /**
     * Opens a TSDB under {@code dir}, which must be empty or hold only this target's earlier data.
     *
     * @param clock the TSDB's wall clock (active-series accounting) and the engine's (query timeouts)
     */
    TsdbQueryTarget(Path dir, InstantSource clock) {
        requireNonNull(dir, "dir is null");
        requireNonNull(clock, "clock is null");
        TsdbConfig defaults = TsdbConfig.defaults(dir);
        // Nothing here must survive a power loss, and one fsync per load would dominate the run.
        TsdbConfig config = new TsdbConfig(dir, FsyncPolicy.INTERVAL, defaults.headOptions());
        this.tsdb = Tsdb.open(config, clock, new SimpleMeterRegistry());
        this.engine = new QueryEngine(EngineOptions.conformanceTests(), clock);
        this.tenant = nextTenant();
    }

    @Override
    public void load(List<LoadSeries> series) {
        requireNonNull(series, "series is null");
        Appender appender = tsdb.appender(tenant);
        try {
            for (LoadSeries one : series) {
                for (LoadSeries.Point point : one.points()) {
                    if (point.isHistogram()) {
                        appender.appendFloatHistogramWithStartTimestamp(one.labels(), point.startTimestamp(),
                                point.timestamp(), point.histogram());
                    } else {
                        appender.appendWithStartTimestamp(one.labels(), point.startTimestamp(), point.timestamp(),
                                point.value());
                    }
                }
            }
        } catch (RuntimeException e) {
            appender.rollback();
            throw e;
        }
        appender.commit();
    }

    @Override
    public void clear() {
        tenant = nextTenant();
    }

    @Override
    public QueryResult instant(String query, long timeMillis) {
        return engine.instantQuery(queryable(), query, timeMillis, QueryOptions.DEFAULT);
    }

    @Override
    public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
        return engine.rangeQuery(queryable(), query, startMillis, endMillis, stepMillis, QueryOptions.DEFAULT);
    }

    /** The tenant the next load and query use. */
    TenantId tenant() {
        return tenant;
    }

    @Override
    public void close() {
        tsdb.close();
    }

    private Queryable queryable() {
        TenantId current = tenant;
        return (mint, maxt) -> tsdb.querier(current, mint, maxt);
    }

    private TenantId nextTenant() {
        return TenantId.of("conformance-" + ++generation);
    }
}
