package io.amphora.bench.promql;

import io.amphora.bench.remotewrite.Protocol;
import io.amphora.bench.remotewrite.RemoteWriteClient;
import io.amphora.bench.remotewrite.SigV4Signer;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.RangeSeries;

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
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * End-to-end query latency of a Grafana dashboard, Amphora against Prometheus, on the same data: loads a
 * {@link PromqlBenchmarkData} dataset into both through their remote-write receivers (the same requests in the same
 * time order), waits until both are idle, then sends the {@link DashboardPanel} range queries to both servers' HTTP
 * APIs as Grafana does and times each full round trip.
 *
 * <p>The sequence, after the loads: untimed warm-up runs of the whole dashboard on both servers, the first of which
 * is checked (every point of Amphora's answer against Prometheus's, {@link ResultComparison}); then
 * {@code --runs} timed runs, in which every panel goes to both servers one after the other, the first server
 * alternating from panel to panel and run to run so that other load on the machine weighs on both alike; then,
 * optionally, runs with {@code stats=true} for each server's own execution time. Every timed answer is read and must
 * be a successful matrix of the same size as the checked one.
 *
 * <p>Run by {@code bench/compare-dashboard.sh}, which starts a fresh Prometheus and a fresh Amphora for each dataset.
 * Exits 0 when every panel ran on both servers with equal answers, 1 otherwise (including a load that failed), 2 for
 * bad arguments.
 */
public final class DashboardCompare {
    private final DashboardOptions options;
    private final RangeQueryEndpoint prometheus;
    private final RangeQueryEndpoint amphora;
    private final PrintStream out;
    private final LongSupplier nanoTime;

    DashboardCompare(DashboardOptions options, RangeQueryEndpoint prometheus, RangeQueryEndpoint amphora,
            PrintStream out, LongSupplier nanoTime) {
        this.options = requireNonNull(options, "options is null");
        this.prometheus = requireNonNull(prometheus, "prometheus is null");
        this.amphora = requireNonNull(amphora, "amphora is null");
        this.out = requireNonNull(out, "out is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(DashboardOptions.USAGE);
            return;
        }
        DashboardOptions options;
        try {
            options = DashboardOptions.parse(args, System.getenv(), InstantSource.system());
        } catch (IllegalArgumentException e) {
            System.err.println("DashboardCompare: " + e.getMessage());
            System.err.print(DashboardOptions.USAGE);
            System.exit(2);
            return;
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Optional<SigV4Signer> signer = options.amphoraSigV4().map(c -> new SigV4Signer(c, InstantSource.system()));
        RangeQueryEndpoint prometheus = new RangeQueryEndpoint(http, options.prometheusQueryUrl(), Optional.empty(),
                options.timeout(), System::nanoTime);
        RangeQueryEndpoint amphora = new RangeQueryEndpoint(http, options.amphoraQueryUrl(), signer,
                options.timeout(), System::nanoTime);
        RemoteWriteClient prometheusWriter = new RemoteWriteClient(http, options.prometheusWriteUrl(), Protocol.V1,
                Optional.empty(), Optional.empty(), Duration.ofMinutes(2));
        RemoteWriteClient amphoraWriter = new RemoteWriteClient(http, options.amphoraWriteUrl(), Protocol.V1,
                Optional.empty(), signer, Duration.ofMinutes(2));
        DashboardCompare compare = new DashboardCompare(options, prometheus, amphora, System.out, System::nanoTime);
        boolean complete;
        try {
            complete = compare.run(prometheusWriter, amphoraWriter);
        } catch (IOException e) {
            System.out.println("DashboardCompare: " + e.getMessage());
            complete = false;
        }
        System.exit(complete ? 0 : 1);
    }

    /**
     * The whole comparison: both loads, the idle wait and the measurements; true when every panel ran on both
     * servers with equal answers.
     *
     * @throws IOException when a load request failed or was refused: the comparison would be void
     */
    boolean run(RemoteWriteClient prometheusWriter, RemoteWriteClient amphoraWriter)
            throws IOException, InterruptedException {
        PromqlBenchmarkData data = new PromqlBenchmarkData(options.dataset(), options.startMillis(), options.seed());
        out.printf(Locale.ROOT, "dataset %s: %,d series (%,d pods x %d, %d jobs), %,d samples, one every %d s, "
                        + "from %s; seed %d%n",
                options.dataset().name(), data.seriesCount(), data.targetCount(), PromqlBenchmarkData.SERIES_PER_TARGET,
                data.jobCount(), data.totalSamples(), options.dataset().scrapeInterval().toSeconds(),
                Instant.ofEpochMilli(data.startMillis()), data.seed());
        out.println("Amphora requests: " + options.amphoraSigV4().map(c -> "signed with SigV4 (" + c + ")")
                .orElse("not signed (no credentials given)"));
        load("Prometheus", data, prometheusWriter);
        load("Amphora", data, amphoraWriter);
        awaitIdle("Prometheus", options.prometheusPid());
        awaitIdle("Amphora", options.amphoraPid());
        DashboardResult result = measure(data);
        out.println();
        out.print(result.report(loadAverage()));
        return result.complete();
    }

    private void load(String server, PromqlBenchmarkData data, RemoteWriteClient writer)
            throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "loading %s through remote write 1.0 (%s), in time order ...%n", server,
                writer.request(new byte[0]).uri());
        RemoteWriteBackfill.Result load = new RemoteWriteBackfill(data, writer, options.targetsPerRequest(),
                options.scrapesPerRequest(), options.loadConcurrency(), nanoTime, out::println).run();
        out.printf(Locale.ROOT, "loaded %s: %,d samples in %,d requests, %.1f s (%,.0f samples/s)%n", server,
                load.samples(), load.requests(), load.elapsedNanos() / 1e9, load.samplesPerSecond());
    }

    private void awaitIdle(String server, OptionalLong pid) throws InterruptedException {
        if (pid.isEmpty()) {
            out.printf(Locale.ROOT, "waiting %d s for %s to settle%n", options.settle().toSeconds(), server);
            Thread.sleep(options.settle());
            return;
        }
        long begin = nanoTime.getAsLong();
        // PrometheusIdleWait judges any process by its CPU time: Amphora's JVM has JIT and GC work to finish.
        Duration idleFor = PrometheusIdleWait.await(pid.getAsLong(), Duration.ofMinutes(10));
        out.printf(Locale.ROOT, "%s (pid %d) idle after %.1f s (%s)%n", server, pid.getAsLong(),
                (nanoTime.getAsLong() - begin) / 1e9,
                idleFor.isZero() ? "gave up waiting" : "quiet for " + idleFor.toSeconds() + " s");
    }

    /** Warm-up with the check, the timed runs and the stats runs over the loaded data. */
    DashboardResult measure(PromqlBenchmarkData data) throws InterruptedException {
        QueryRange range = new QueryRange(data.queryStartMillis(), data.queryEndMillis(), options.step().toMillis());
        List<PanelState> panels = options.panels().stream().map(PanelState::new).toList();
        out.printf(Locale.ROOT, "dashboard of %d panels from %s to %s, step %d s (%,d points per series); "
                        + "load average %s%n",
                panels.size(), Instant.ofEpochMilli(range.start()), Instant.ofEpochMilli(range.end()),
                range.step() / 1000, range.points(), loadAverage());

        long warmupStart = nanoTime.getAsLong();
        for (PanelState panel : panels) {
            check(panel, range);
            out.println("  " + panel.panel.displayName() + ": " + panel.checkLine());
        }
        int passes = 1;
        while (passes < options.warmup() || nanoTime.getAsLong() - warmupStart < options.warmupTime().toNanos()) {
            double[] totals = pass(panels, passes, range, false);
            passes++;
            out.printf(Locale.ROOT, "warm-up run %d: Prometheus %.1f ms, Amphora %.1f ms%n", passes, totals[0], totals[1]);
        }
        out.printf(Locale.ROOT, "warm-up: %d runs of the dashboard in %.1f s; load average %s%n", passes,
                (nanoTime.getAsLong() - warmupStart) / 1e9, loadAverage());

        for (int run = 0; run < options.runs(); run++) {
            double[] totals = pass(panels, run, range, true);
            out.printf(Locale.ROOT, "timed run %d/%d: Prometheus %.1f ms, Amphora %.1f ms; load average %s%n",
                    run + 1, options.runs(), totals[0], totals[1], loadAverage());
        }
        for (int run = 0; run < options.statsRuns(); run++) {
            for (PanelState panel : panels) {
                stats(panel, panel.prometheus, range);
                stats(panel, panel.amphora, range);
            }
        }
        return new DashboardResult(options.dataset().name(), options.step(), range.points(),
                panels.stream().map(PanelState::measurement).toList());
    }

    /**
     * The first run of a panel: Amphora's answer is kept and Prometheus's is compared with it point by point. A
     * server that fails here is not asked again.
     */
    private void check(PanelState panel, QueryRange range) throws InterruptedException {
        List<RangeSeries> amphoraSeries = new ArrayList<>();
        try {
            RangeQueryEndpoint.TimedAnswer answer = amphora.queryRange(panel.panel.promql(), range.start(), range.end(),
                    range.step(), false);
            PrometheusRangeResponse response = answer.parse((labels, timestamps, values) -> amphoraSeries.add(
                    new RangeSeries(labels, timestamps, values, new long[0], new FloatHistogram[0])), false);
            panel.amphora.result = new PanelMeasurement.ResultSize(response.seriesCount(), response.pointCount(),
                    answer.body().length);
        } catch (IOException e) {
            panel.amphora.failure = Optional.of(e.getMessage());
        }
        ResultComparison comparison = panel.amphora.failure.isEmpty()
                ? new ResultComparison(new Matrix(amphoraSeries), options.tolerance()) : null;
        try {
            RangeQueryEndpoint.TimedAnswer answer = prometheus.queryRange(panel.panel.promql(), range.start(),
                    range.end(), range.step(), false);
            PrometheusRangeResponse response = answer.parse(
                    comparison == null ? PrometheusRangeResponse.SeriesVisitor.NONE : comparison, false);
            panel.prometheus.result = new PanelMeasurement.ResultSize(response.seriesCount(), response.pointCount(),
                    answer.body().length);
            if (comparison != null) {
                panel.check = Optional.of(comparison.outcome());
            }
        } catch (IOException e) {
            panel.prometheus.failure = Optional.of(e.getMessage());
        }
    }

    /**
     * One run of the whole dashboard on both servers; returns the run's sums of round trips, Prometheus's then
     * Amphora's. Timed runs record each round trip. A server that fails a panel is not asked it again.
     */
    private double[] pass(List<PanelState> panels, int run, QueryRange range, boolean timed)
            throws InterruptedException {
        double[] totals = new double[2];
        for (int i = 0; i < panels.size(); i++) {
            PanelState panel = panels.get(i);
            boolean prometheusFirst = (run + i) % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean onPrometheus = prometheusFirst == (turn == 0);
                ServerState server = onPrometheus ? panel.prometheus : panel.amphora;
                if (server.failure.isPresent()) {
                    continue;
                }
                try {
                    double millis = roundTrip(panel.panel, server, range);
                    totals[onPrometheus ? 0 : 1] += millis;
                    if (timed) {
                        server.millis.add(millis);
                    }
                } catch (IOException e) {
                    server.failure = Optional.of(e.getMessage());
                }
            }
        }
        return totals;
    }

    /**
     * Sends the panel's query to one server and returns the round trip in ms.
     *
     * @throws IOException when there was no answer, or it was not a successful matrix of the size of the checked
     *     answer
     */
    private double roundTrip(DashboardPanel panel, ServerState server, QueryRange range)
            throws IOException, InterruptedException {
        RangeQueryEndpoint.TimedAnswer answer = server.endpoint.queryRange(panel.promql(), range.start(), range.end(),
                range.step(), false);
        PrometheusRangeResponse response = answer.parse(PrometheusRangeResponse.SeriesVisitor.NONE, false);
        if (response.seriesCount() != server.result.series() || response.pointCount() != server.result.points()) {
            throw new IOException(String.format(Locale.ROOT, "answered %d series and %d points, the first time %d and %d",
                    response.seriesCount(), response.pointCount(), server.result.series(), server.result.points()));
        }
        return answer.millis();
    }

    /** Adds the server's own execTotalTime from a {@code stats=true} run, unless it failed the panel before. */
    private void stats(PanelState panel, ServerState server, QueryRange range) throws InterruptedException {
        if (server.failure.isPresent()) {
            return;
        }
        try {
            RangeQueryEndpoint.TimedAnswer answer = server.endpoint.queryRange(panel.panel.promql(), range.start(),
                    range.end(), range.step(), true);
            server.execMillis.add(answer.parse(PrometheusRangeResponse.SeriesVisitor.NONE, true).timings()
                    .execTotalTime() * 1000);
        } catch (IOException e) {
            // Only the breakdown is missing; the timed figures stand.
            out.println("  stats run of " + panel.panel.displayName() + " on " + server.endpoint.url() + " failed: "
                    + e.getMessage());
        }
    }

    /** The panels' evaluation times: from {@code start} to {@code end}, both included, every {@code step} ms. */
    private record QueryRange(long start, long end, long step) {
        long points() {
            return (end - start) / step + 1;
        }
    }

    /** What has been measured of one panel on one server so far. Confined to the measuring thread. */
    private final class ServerState {
        private final RangeQueryEndpoint endpoint;
        private final List<Double> millis = new ArrayList<>();
        private final List<Double> execMillis = new ArrayList<>();
        private Optional<String> failure = Optional.empty();
        private PanelMeasurement.ResultSize result = PanelMeasurement.ResultSize.NONE;

        ServerState(RangeQueryEndpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** One panel's state on both servers. Confined to the measuring thread. */
    private final class PanelState {
        private final DashboardPanel panel;
        private final ServerState prometheus = new ServerState(DashboardCompare.this.prometheus);
        private final ServerState amphora = new ServerState(DashboardCompare.this.amphora);
        private Optional<ResultComparison.Outcome> check = Optional.empty();

        PanelState(DashboardPanel panel) {
            this.panel = panel;
        }

        String checkLine() {
            StringBuilder line = new StringBuilder();
            prometheus.failure.ifPresent(f -> line.append("Prometheus FAILED (").append(f).append("); "));
            amphora.failure.ifPresent(f -> line.append("Amphora FAILED (").append(f).append("); "));
            check.ifPresent(c -> {
                line.append(c.summary());
                for (String example : c.examples()) {
                    line.append(System.lineSeparator()).append("      ").append(example);
                }
            });
            return line.toString();
        }

        PanelMeasurement measurement() {
            return new PanelMeasurement(panel, prometheus.millis, amphora.millis, prometheus.failure, amphora.failure,
                    check, prometheus.result, amphora.result, prometheus.execMillis, amphora.execMillis);
        }
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
