package io.amphora.bench.promql;

import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.storage.InMemoryQueryable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * One full range query, in milliseconds, over {@link PromqlBenchmarkData} preloaded into an
 * {@link InMemoryQueryable}: every {@link BenchmarkQuery} on every standard dataset, from the data's start (plus half
 * a step) over the dataset's whole range at a 15 s step (241 steps for 1 h, 5,761 for 24 h).
 *
 * <p>{@code dataset} names series count and range together ({@code 10k-24h}) rather than as two parameters, because
 * JMH runs every combination of parameter values and 100k series over 24 h does not fit this machine (see
 * {@link BenchmarkDataset#STANDARD}). Other sizes of the same form can be given with {@code -p dataset=...}.
 *
 * <p>The engine runs with Prometheus's stock settings except the sample limit and timeout, raised as
 * {@code compare-promql.sh} raises Prometheus's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx10g", "-Xms2g"})
public class PromqlEngineBenchmark {
    @Param({"1k-1h", "10k-1h", "100k-1h", "1k-24h", "10k-24h"})
    public String dataset;

    @Param({"rate", "sum_by_job", "histogram_quantile", "group_left", "topk", "subquery"})
    public String query;

    private InMemoryQueryable store;
    private QueryEngine engine;
    private String promql;
    private long start;
    private long end;

    @Setup(Level.Trial)
    public void setUp() {
        PromqlBenchmarkData data = new PromqlBenchmarkData(BenchmarkDataset.parse(dataset),
                PromqlBenchmarkData.DEFAULT_START_MILLIS, PromqlBenchmarkData.DEFAULT_SEED);
        store = new InMemoryQueryable();
        data.appendTo(store);
        engine = new QueryEngine(PromqlCompare.engineOptions(Duration.ofMinutes(10)), InstantSource.system());
        promql = BenchmarkQuery.fromName(query).promql();
        start = data.queryStartMillis();
        end = data.queryEndMillis();
        // Fails the trial at once, with the engine's message, when the engine cannot evaluate the query.
        QueryResult first = rangeQuery();
        if (((Matrix) first.value()).series().isEmpty()) {
            throw new IllegalStateException(query + " returned no series on " + dataset + ": the data or the engine is wrong");
        }
    }

    @Benchmark
    public QueryResult rangeQuery() {
        return engine.rangeQuery(store, promql, start, end, PromqlBenchmarkData.QUERY_STEP_MILLIS, QueryOptions.DEFAULT);
    }
}
