package io.amphora.bench.promql;

import io.amphora.bench.remotewrite.Protocol;
import io.amphora.bench.remotewrite.RemoteWriteClient;
import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.storage.InMemoryQueryable;
import io.amphora.storage.Queryable;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Amphora's PromQL engine against Prometheus's on the same data, in one run: loads a {@link PromqlBenchmarkData}
 * dataset into a running Prometheus through remote write (time order) and into an {@link InMemoryQueryable} in this
 * JVM, then runs each {@link BenchmarkQuery} as a range query on both and prints, per query, the median time of each
 * engine, the ratio Amphora/Prometheus, and whether the two results agree.
 *
 * <p>What is timed: for Prometheus, its engine's own {@code execTotalTime} from the answer's {@code stats=all}
 * (storage selects, evaluation and sorting, without parsing, HTTP and JSON encoding); for Amphora, the wall time of
 * {@code QueryEngine.rangeQuery} (parsing included) after untimed warm-up runs ({@code --warmup} runs and
 * {@code --warmup-seconds}, whichever takes longer). Timed runs alternate
 * between the engines, so that other load on the machine weighs on both alike. The two read different storage:
 * Prometheus its TSDB (head chunks in memory and memory-mapped, older data in compressed, memory-mapped blocks),
 * Amphora an in-memory queryable of plain arrays that copies the samples each select returns.
 *
 * <p>Run by {@code bench/compare-promql.sh}, which starts a fresh Prometheus for each dataset. Exits 0 when every
 * query ran on both engines with equal results, 1 otherwise, 2 for bad arguments.
 */
public final class PromqlCompare {
    private final CompareOptions options;
    private final PrometheusQueryClient prometheus;
    private final QueryEngine engine;
    private final PrintStream out;
    private final LongSupplier nanoTime;

    PromqlCompare(CompareOptions options, PrometheusQueryClient prometheus, QueryEngine engine, PrintStream out,
            LongSupplier nanoTime) {
        this.options = requireNonNull(options, "options is null");
        this.prometheus = requireNonNull(prometheus, "prometheus is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.out = requireNonNull(out, "out is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(CompareOptions.USAGE);
            return;
        }
        CompareOptions options;
        try {
            options = CompareOptions.parse(args, InstantSource.system());
        } catch (IllegalArgumentException e) {
            System.err.println("PromqlCompare: " + e.getMessage());
            System.err.print(CompareOptions.USAGE);
            System.exit(2);
            return;
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        PrometheusQueryClient prometheus = new PrometheusQueryClient(http, options.prometheusUrl(), options.timeout());
        RemoteWriteClient writer = new RemoteWriteClient(http, options.prometheusUrl().resolve("/api/v1/write"),
                Protocol.V1, Optional.empty(), Optional.empty(), Duration.ofMinutes(2));
        QueryEngine engine = new QueryEngine(engineOptions(options.timeout()), InstantSource.system());
        PromqlCompare compare = new PromqlCompare(options, prometheus, engine, System.out, System::nanoTime);
        boolean complete = compare.run(writer);
        System.exit(complete ? 0 : 1);
    }

    /**
     * Prometheus's stock engine settings with the sample limit and timeout raised as {@code compare-promql.sh}
     * raises Prometheus's ({@code --query.max-samples}, {@code --query.timeout}), so neither engine refuses a query
     * the other runs.
     */
    static EngineOptions engineOptions(Duration timeout) {
        EngineOptions defaults = EngineOptions.defaults();
        return new EngineOptions(defaults.parserOptions(), defaults.lookbackDelta(), 1_000_000_000L, timeout,
                defaults.defaultSubqueryStep(), defaults.delayedNameRemoval(), defaults.startTimestamps());
    }

    /** The whole comparison; true when every query ran on both engines with equal results. */
    boolean run(RemoteWriteClient writer) throws IOException, InterruptedException {
        PromqlBenchmarkData data = new PromqlBenchmarkData(options.dataset(), options.startMillis(), options.seed());
        out.printf(Locale.ROOT, "dataset %s: %,d series (%,d pods x %d, %d jobs), %,d samples, one every %d s, "
                        + "from %s; seed %d%n",
                options.dataset().name(), data.seriesCount(), data.targetCount(), PromqlBenchmarkData.SERIES_PER_TARGET,
                data.jobCount(), data.totalSamples(), options.dataset().scrapeInterval().toSeconds(),
                Instant.ofEpochMilli(data.startMillis()), data.seed());

        out.println("loading Prometheus through remote write 1.0, in time order ...");
        RemoteWriteBackfill.Result load = new RemoteWriteBackfill(data, writer, options.targetsPerRequest(),
                options.scrapesPerRequest(), options.loadConcurrency(), nanoTime, out::println).run();
        out.printf(Locale.ROOT, "loaded Prometheus: %,d samples in %,d requests, %.1f s (%,.0f samples/s)%n",
                load.samples(), load.requests(), load.elapsedNanos() / 1e9, load.samplesPerSecond());
        waitForPrometheus();

        long amphoraLoadStart = nanoTime.getAsLong();
        InMemoryQueryable amphora = new InMemoryQueryable();
        data.appendTo(amphora);
        out.printf(Locale.ROOT, "loaded Amphora's InMemoryQueryable: %,d series in %.1f s%n", amphora.seriesCount(),
                (nanoTime.getAsLong() - amphoraLoadStart) / 1e9);

        out.printf(Locale.ROOT, "range queries from %s to %s, step %d s: %d runs each (medians), Amphora after at "
                        + "least %d warm-up runs and %d s; load average %s%n",
                Instant.ofEpochMilli(data.queryStartMillis()), Instant.ofEpochMilli(data.queryEndMillis()),
                PromqlBenchmarkData.QUERY_STEP_MILLIS / 1000, options.runs(), options.warmup(),
                options.warmupTime().toSeconds(), loadAverage());
        List<QueryMeasurement> measurements = new ArrayList<>();
        for (BenchmarkQuery query : options.queries()) {
            QueryMeasurement measurement = measure(query, data, amphora);
            measurements.add(measurement);
            out.println("  " + query.displayName() + ": " + describe(measurement));
        }
        out.println();
        out.print(report(options.dataset().name(), measurements, loadAverage()));
        return measurements.stream().allMatch(QueryMeasurement::complete);
    }

    QueryMeasurement measure(BenchmarkQuery query, PromqlBenchmarkData data, Queryable amphora)
            throws InterruptedException {
        long start = data.queryStartMillis();
        long end = data.queryEndMillis();
        long step = PromqlBenchmarkData.QUERY_STEP_MILLIS;
        Optional<String> amphoraFailure = Optional.empty();
        Optional<String> prometheusFailure = Optional.empty();
        Optional<ResultComparison.Outcome> check = Optional.empty();
        long amphoraSamples = -1;
        long prometheusSamples = -1;

        // The first Amphora run is a warm-up whose result is kept for the check against Prometheus's first run.
        Matrix amphoraResult = null;
        try {
            QueryResult result = engine.rangeQuery(amphora, query.promql(), start, end, step, QueryOptions.DEFAULT);
            amphoraResult = (Matrix) result.value();
            amphoraSamples = result.stats().totalSamples();
        } catch (RuntimeException e) {
            amphoraFailure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            ResultComparison comparison = amphoraResult == null ? null
                    : new ResultComparison(amphoraResult, options.tolerance());
            PrometheusRangeResponse answer = prometheus.queryRange(query.promql(), start, end, step,
                    comparison == null ? PrometheusRangeResponse.SeriesVisitor.NONE : comparison);
            prometheusSamples = answer.totalQueryableSamples();
            if (comparison != null) {
                check = Optional.of(comparison.outcome());
            }
        } catch (IOException e) {
            prometheusFailure = Optional.of(e.getMessage());
        }
        amphoraResult = null;
        if (amphoraFailure.isEmpty()) {
            long warmupStart = nanoTime.getAsLong();
            long warmupNanos = options.warmupTime().toNanos();
            for (int i = 1; i < options.warmup() || nanoTime.getAsLong() - warmupStart < warmupNanos; i++) {
                engine.rangeQuery(amphora, query.promql(), start, end, step, QueryOptions.DEFAULT);
            }
        }

        List<Double> prometheusExec = new ArrayList<>();
        List<Double> prometheusEval = new ArrayList<>();
        List<Double> amphoraMillis = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            if (prometheusFailure.isEmpty()) {
                try {
                    PrometheusRangeResponse answer = prometheus.queryRange(query.promql(), start, end, step,
                            PrometheusRangeResponse.SeriesVisitor.NONE);
                    prometheusExec.add(answer.timings().execTotalTime() * 1000);
                    prometheusEval.add(answer.timings().evalTotalTime() * 1000);
                } catch (IOException e) {
                    prometheusFailure = Optional.of(e.getMessage());
                }
            }
            if (amphoraFailure.isEmpty()) {
                try {
                    long before = nanoTime.getAsLong();
                    engine.rangeQuery(amphora, query.promql(), start, end, step, QueryOptions.DEFAULT);
                    amphoraMillis.add((nanoTime.getAsLong() - before) / 1e6);
                } catch (RuntimeException e) {
                    amphoraFailure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        return new QueryMeasurement(query, prometheusExec, prometheusEval, amphoraMillis, prometheusFailure,
                amphoraFailure, check, prometheusSamples, amphoraSamples);
    }

    private void waitForPrometheus() throws InterruptedException {
        if (options.prometheusPid().isEmpty()) {
            out.printf(Locale.ROOT, "waiting %d s for Prometheus to finish compactions%n", options.settle().toSeconds());
            Thread.sleep(options.settle());
            return;
        }
        long pid = options.prometheusPid().getAsLong();
        long begin = nanoTime.getAsLong();
        Duration idleFor = PrometheusIdleWait.await(pid, Duration.ofMinutes(10));
        out.printf(Locale.ROOT, "Prometheus (pid %d) idle after %.1f s (%s)%n", pid,
                (nanoTime.getAsLong() - begin) / 1e9, idleFor.isZero() ? "gave up waiting" : "quiet for " + idleFor.toSeconds() + " s");
    }

    private static String describe(QueryMeasurement m) {
        StringBuilder line = new StringBuilder();
        line.append("Prometheus ").append(m.prometheusFailure().map(f -> "FAILED (" + f + ")")
                .orElse(QueryMeasurement.number(m.prometheusMedianMillis(), "%.1f ms")));
        line.append(", Amphora ").append(m.amphoraFailure().map(f -> "FAILED (" + f + ")")
                .orElse(QueryMeasurement.number(m.amphoraMedianMillis(), "%.1f ms")));
        m.check().ifPresent(c -> {
            line.append("; ").append(c.summary());
            for (String example : c.examples()) {
                line.append(System.lineSeparator()).append("      ").append(example);
            }
        });
        return line.toString();
    }

    /** The table of one dataset's figures, its {@code RESULT} lines and the notes on what was measured. */
    static String report(String dataset, List<QueryMeasurement> measurements, String loadAverage) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-20s %14s %14s %12s %8s  %s%n", "dataset " + dataset,
                "Prometheus ms", "(eval ms)", "Amphora ms", "A/P", "results"));
        for (QueryMeasurement m : measurements) {
            String results = m.prometheusFailure().isPresent() ? "Prometheus failed"
                    : m.amphoraFailure().isPresent() ? "Amphora failed: " + abbreviate(m.amphoraFailure().get())
                    : m.check().map(ResultComparison.Outcome::summary).orElse("not compared");
            s.append(String.format(Locale.ROOT, "%-20s %14s %14s %12s %8s  %s%n", m.query().displayName(),
                    QueryMeasurement.number(m.prometheusMedianMillis(), "%.1f"),
                    QueryMeasurement.number(m.prometheusEvalMedianMillis(), "(%.1f)"),
                    QueryMeasurement.number(m.amphoraMedianMillis(), "%.1f"),
                    QueryMeasurement.number(m.ratio(), "%.2f"), results));
        }
        for (QueryMeasurement m : measurements) {
            s.append(m.resultLine(dataset)).append(System.lineSeparator());
        }
        s.append("""
                Prometheus ms: median of its engine's execTotalTime (stats=all): selects, evaluation, sorting; not \
                parsing, HTTP or JSON.
                  Prometheus reads its TSDB: head chunks (in memory / memory-mapped) and compressed blocks (mmapped).
                Amphora ms: median wall time of QueryEngine.rangeQuery in this JVM (parsing included), after JIT warm-up,
                  over an InMemoryQueryable: uncompressed arrays, each select copies the matching samples.
                A/P: Amphora / Prometheus; below 1 means Amphora was faster. Results: every point of both answers
                  compared, relative tolerance as given.
                """);
        s.append("machine load average at the end: ").append(loadAverage).append(System.lineSeparator());
        return s.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
