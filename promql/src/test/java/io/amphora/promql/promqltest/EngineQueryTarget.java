package io.amphora.promql.promqltest;

import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.storage.Appender;
import io.amphora.storage.InMemoryQueryable;

import java.time.InstantSource;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The {@link QueryEngine} over an {@link InMemoryQueryable}: the unit-level target of the conformance run. Each
 * {@link #clear()} starts a new, empty store, as the upstream harness opens a new storage.
 *
 * <p>Samples with a start timestamp ({@code @st} lines) are stored with it through
 * {@link Appender#appendWithStartTimestamp} and its histogram twin; the store keeps them.
 */
public final class EngineQueryTarget implements QueryTarget {
    private final QueryEngine engine;
    private InMemoryQueryable storage = new InMemoryQueryable();

    public EngineQueryTarget(QueryEngine engine) {
        this.engine = requireNonNull(engine, "engine is null");
    }

    /**
     * The engine with the settings of Prometheus's harness ({@link EngineOptions#conformanceTests()}).
     *
     * @param clock the engine's clock, used only for query timeouts
     */
    public static EngineQueryTarget withConformanceSettings(InstantSource clock) {
        return new EngineQueryTarget(new QueryEngine(EngineOptions.conformanceTests(), clock));
    }

    @Override
    public void load(List<LoadSeries> series) {
        requireNonNull(series, "series is null");
        Appender appender = storage.appender();
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
        storage = new InMemoryQueryable();
    }

    @Override
    public QueryResult instant(String query, long timeMillis) {
        return engine.instantQuery(storage, query, timeMillis, QueryOptions.DEFAULT);
    }

    @Override
    public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
        return engine.rangeQuery(storage, query, startMillis, endMillis, stepMillis, QueryOptions.DEFAULT);
    }
}
