package io.amphora.promql.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import io.amphora.model.Labels;
import io.amphora.storage.Appender;
import io.amphora.storage.InMemoryQueryable;

/**
 * Data and an engine for the engine's unit tests: series written as {@code name{a="b"}} with values at a fixed
 * interval from time 0, and queries run with Prometheus's test-harness settings.
 */
final class EngineFixture {
    static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    final InMemoryQueryable storage = new InMemoryQueryable();
    private final QueryEngine engine;

    EngineFixture() {
        this(EngineOptions.conformanceTests());
    }

    EngineFixture(EngineOptions options) {
        this.engine = new QueryEngine(options, InstantSource.fixed(Instant.EPOCH));
    }

    /** Values at 0, interval, 2·interval, ...; a null value leaves a gap. */
    EngineFixture series(Labels labels, Duration interval, Double... values) {
        Appender appender = storage.appender();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                appender.append(labels, i * interval.toMillis(), values[i]);
            }
        }
        appender.commit();
        return this;
    }

    /** The float {@code value} at each {@code timestamps[i]}, started at {@code startTimestamps[i]} (0 = unknown). */
    EngineFixture seriesWithStartTimestamps(Labels labels, double value, long[] timestamps, long[] startTimestamps) {
        Appender appender = storage.appender();
        for (int i = 0; i < timestamps.length; i++) {
            appender.appendWithStartTimestamp(labels, startTimestamps[i], timestamps[i], value);
        }
        appender.commit();
        return this;
    }

    EngineFixture series(String name, List<String> labels, Duration interval, Double... values) {
        String[] pairs = new String[labels.size() + 2];
        pairs[0] = Labels.METRIC_NAME;
        pairs[1] = name;
        for (int i = 0; i < labels.size(); i++) {
            pairs[i + 2] = labels.get(i);
        }
        return series(Labels.of(pairs), interval, values);
    }

    QueryEngine engine() {
        return engine;
    }

    QueryResult instant(String query, long timeMillis) {
        return engine.instantQuery(storage, query, timeMillis, QueryOptions.DEFAULT);
    }

    QueryResult range(String query, long start, long end, long step) {
        return engine.rangeQuery(storage, query, start, end, step, QueryOptions.DEFAULT);
    }

    static Labels labels(String... namesAndValues) {
        return Labels.of(namesAndValues);
    }

    static long minutes(long m) {
        return m * 60_000;
    }
}
