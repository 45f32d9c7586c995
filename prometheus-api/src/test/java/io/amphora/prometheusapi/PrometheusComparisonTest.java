package io.amphora.prometheusapi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;
import io.amphora.storage.Appender;
import io.amphora.storage.InMemoryQueryable;
import io.amphora.storage.Querier;
import io.amphora.storage.SelectHints;
import io.amphora.storage.SeriesSet;
import io.amphora.testing.SystemPrograms;

import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Sends the same requests to a real Prometheus server (Debian's 2.42, started here on loopback over blocks that
 * {@code promtool} builds from the same samples) and to this module's parser and codec (with Amphora's engine over
 * an in-memory store), and requires byte-identical bodies and equal statuses.
 *
 * <p>Only requests whose answers Prometheus 2.42 and 3.x agree on are compared; the few differences in wording
 * between the two ({@link #PROMETHEUS_2_WORDING}) are mapped to 3.x's before comparing. Skipped where the
 * {@code prometheus} package is not installed (and fails in CI, where it must be).
 */
class PrometheusComparisonTest {
    private static final long BASE_SECONDS = 1_700_000_000L;
    /** Prometheus 2.42's wording on the left, Prometheus 3's on the right. */
    private static final Map<String, String> PROMETHEUS_2_WORDING = Map.of(
            "Invalid time value for '", "invalid time value for '");

    @TempDir
    static Path directory;

    private static Process prometheus;
    private static String baseUrl;
    private static InMemoryQueryable storage;
    private static QueryEngine engine;
    private static ApiRequestParser parser;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void startPrometheusOverTheSameSamples() throws Exception {
        Path prometheusBinary = SystemPrograms.require("prometheus", "prometheus");
        Path promtool = SystemPrograms.require("promtool", "prometheus");
        List<TestSeries> series = testSeries();

        storage = new InMemoryQueryable();
        Appender appender = storage.appender();
        StringBuilder openMetrics = new StringBuilder();
        int maxPoints = series.stream().mapToInt(s -> s.timestamps.length).max().orElse(0);
        for (int i = 0; i < maxPoints; i++) {
            for (TestSeries s : series) {
                if (i < s.timestamps.length) {
                    appender.append(s.labels, s.timestamps[i], s.values[i]);
                    openMetrics.append(s.openMetricsName).append(' ').append(s.openMetricsValues[i]).append(' ')
                            .append(s.timestamps[i] / 1000).append('.')
                            .append(String.format("%03d", s.timestamps[i] % 1000)).append('\n');
                }
            }
        }
        appender.commit();
        openMetrics.append("# EOF\n");
        Path input = directory.resolve("samples.om");
        Files.writeString(input, openMetrics);
        Path data = directory.resolve("data");
        run(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", input.toString(), data.toString());

        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(prometheusBinary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + port, "--query.lookback-delta=5m")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        awaitReady();

        engine = new QueryEngine(EngineOptions.defaults(), InstantSource.system());
        parser = new ApiRequestParser(new PromqlParser(ParserOptions.defaults()),
                InstantSource.fixed(Instant.ofEpochSecond(BASE_SECONDS)));
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void instantQueryResultsAreIdentical() {
        List<Map<String, String>> requests = new ArrayList<>();
        for (String query : List.of("m", "m{job=\"b\"}", "m * 1e-10", "m / 3", "m * 1e25", "-m", "weird",
                "count(m)", "sum(m)", "sort(m)", "time()", "1e-7", "-1e-300", "1/0", "-1/0", "0/0",
                "\"a<b>&\\\"c\\\"\"", "vector(1e21)", "scalar(m{job=\"a\"})", "tiny", "huge")) {
            requests.add(Map.of("query", query, "time", Long.toString(BASE_SECONDS + 100)));
            requests.add(Map.of("query", query, "time", Long.toString(BASE_SECONDS + 300)));
        }
        // Prometheus 3 made range windows left-open, 2.x had them closed: evaluate range selectors where no
        // sample sits on a window's start.
        for (String query : List.of("m[1m]", "requests_total[2m]", "rate(requests_total[1m])",
                "sum_over_time(tiny[2m])", "max_over_time(huge[3m])")) {
            requests.add(Map.of("query", query, "time", Long.toString(BASE_SECONDS + 107)));
            requests.add(Map.of("query", query, "time", Long.toString(BASE_SECONDS + 307)));
        }
        requests.add(Map.of("query", "m", "time", "2023-11-14T22:15:00.5+01:30"));
        requests.add(Map.of("query", "m", "time", Long.toString(BASE_SECONDS - 3600)));
        compareAll("/api/v1/query", requests);
    }

    @Test
    void rangeQueryResultsAreIdentical() {
        List<Map<String, String>> requests = new ArrayList<>();
        for (String query : List.of("m", "m / 7", "-m", "weird", "time()", "sum(m)", "count by (job) (m)",
                "tiny * 10", "huge", "1e-7", "vector(0.1 + 0.2)", "rate(requests_total[1m])")) {
            requests.add(Map.of("query", query, "start", Long.toString(BASE_SECONDS + 7),
                    "end", Long.toString(BASE_SECONDS + 300), "step", "15"));
            requests.add(Map.of("query", query, "start", (BASE_SECONDS + 7) + ".123",
                    "end", "2023-11-14T22:18:20.456Z", "step", "7.5"));
            requests.add(Map.of("query", query, "start", Long.toString(BASE_SECONDS - 53),
                    "end", Long.toString(BASE_SECONDS + 127), "step", "1m"));
        }
        requests.add(Map.of("query", "vector(1)", "start", "0", "end", "11000", "step", "1"));
        requests.add(Map.of("query", "time()", "start", "1", "end", "2", "step", "0.0015"));
        compareAll("/api/v1/query_range", requests);
    }

    @Test
    void timesParseIdentically() {
        List<Map<String, String>> requests = new ArrayList<>();
        for (String time : List.of("1435781451.781", "1435781451.7819", "1435781451.0004999", "1.2915", "-1.2915",
                "-0.0001", "0.9996", "1e3", "1_000", "0x1p4", "1e-400", "+Inf", "NaN", "9999999999",
                "2015-07-01T20:10:51.781Z", "2015-07-01T2:10:51,781+24:00",
                "2015-07-01T20:10:51-00:60", "0000-01-01T00:00:00Z", "2016-02-29T23:59:59.999Z",
                "-292273086-05-16T16:47:06Z", "292277025-08-18T07:12:54.999999999Z")) {
            requests.add(Map.of("query", "time()", "time", time));
        }
        compareAll("/api/v1/query", requests);
    }

    @Test
    void parameterErrorsAreIdentical() {
        compareAll("/api/v1/query", List.of(
                Map.of("query", "up", "time", "abc"),
                Map.of("query", "up", "time", "1e400"),
                Map.of("query", "up", "time", "2015-07-01"),
                Map.of("query", "up", "time", "2015-02-29T00:00:00Z"),
                Map.of("query", "up", "time", "2015-07-01T24:00:00Z"),
                Map.of("query", "up", "time", "-292273086-05-16T16:47:06.000Z"),
                Map.of("query", "up", "timeout", "abc"),
                Map.of("query", "up", "timeout", "1e19"),
                Map.of("query", "up", "timeout", "5mm"),
                Map.of("query", "up{", "time", "1"),
                Map.of("query", "sum(", "time", "1"),
                Map.of("query", "rate(m)", "time", "1")));
        compareAll("/api/v1/query_range", List.of(
                Map.of("query", "up", "end", "1", "step", "1"),
                Map.of("query", "up", "start", "x", "end", "1", "step", "1"),
                Map.of("query", "up", "start", "1", "end", "", "step", "1"),
                Map.of("query", "up", "start", "2", "end", "1", "step", "1"),
                Map.of("query", "up", "start", "1", "end", "2"),
                Map.of("query", "up", "start", "1", "end", "2", "step", "1h1h"),
                Map.of("query", "up", "start", "1", "end", "2", "step", "0"),
                Map.of("query", "up", "start", "1", "end", "2", "step", "-1"),
                Map.of("query", "up", "start", "1", "end", "2", "step", "NaN"),
                Map.of("query", "up", "start", "1", "end", "2", "step", "9223372036.854775807"),
                Map.of("query", "up", "start", "1", "end", "2", "step", "1e10"),
                Map.of("query", "up", "start", "0", "end", "11001", "step", "1"),
                Map.of("query", "up", "start", "0", "end", "86400", "step", "7.85"),
                Map.of("query", "up", "start", "-292273086-05-16T16:47:06Z",
                        "end", "292277025-08-18T07:12:54.999999999Z", "step", "1s"),
                Map.of("query", "up", "start", "1", "end", "2", "step", "1", "timeout", "x")));
        compareAll("/api/v1/series", List.of(
                Map.of(),
                Map.of("match[]", "{}"),
                Map.of("match[]", "{job=~\".*\"}"),
                Map.of("match[]", "up{"),
                Map.of("match[]", "m", "start", "x"),
                Map.of("match[]", "m", "end", "1e400")));
        compareAll("/api/v1/labels", List.of(
                Map.of("start", "abc"),
                Map.of("end", "2015-07-01T20:10:51"),
                Map.of("match[]", "{a=\"\"}"),
                Map.of("match[]", "x{")));
        compareAll("/api/v1/label/job/values", List.of(
                Map.of("start", "abc"),
                Map.of("match[]", "{a!~\".*\"}")));
        compareAll("/api/v1/query_exemplars", List.of(
                Map.of("query", "m", "start", "2", "end", "1"),
                Map.of("query", "m", "start", "yesterday"),
                Map.of("query", "m{")));
        compareAll("/api/v1/format_query", List.of(
                Map.of("query", "foo/bar"),
                Map.of("query", "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) > 0.5 * on (job) "
                        + "group_left (team) max by (job, team) (team_owner{kind=\"service\"})"),
                Map.of("query", "foo/")));
    }

    @Test
    void seriesAndLabelAnswersAreIdentical() {
        compareAll("/api/v1/series", List.of(
                Map.of("match[]", "m"),
                Map.of("match[]", "{job=\"a\"}"),
                Map.of("match[]", "weird", "start", Long.toString(BASE_SECONDS), "end",
                        Long.toString(BASE_SECONDS + 1000)),
                Map.of("match[]", "nothing")));
        compareAll("/api/v1/labels", List.of(Map.of(), Map.of("match[]", "weird")));
        compareAll("/api/v1/label/job/values", List.of(Map.of(), Map.of("match[]", "requests_total")));
        compareAll("/api/v1/label/__name__/values", List.of(Map.of()));
        compareAll("/api/v1/label/label/values", List.of(Map.of()));
    }

    private static void compareAll(String path, List<Map<String, String>> requests) {
        assertSoftly(softly -> {
            for (Map<String, String> parameters : requests) {
                Answer theirs = prometheus(path, parameters);
                Answer ours = amphora(path, parameters);
                softly.assertThat(ours).as("%s %s", path, parameters).isEqualTo(theirs);
            }
        });
    }

    /** What this module (with Amphora's engine and an in-memory store) answers. */
    private static Answer amphora(String path, Map<String, String> parameters) {
        RequestParameters p = RequestParameters.of(toLists(parameters));
        ApiResponse response;
        try {
            response = switch (path) {
                case "/api/v1/query" -> {
                    InstantQueryRequest request = parser.instantQuery(p);
                    QueryResult result = engine.instantQuery(storage, request.query(), request.timeMillis(),
                            options(request.lookbackDelta().orElse(null), request.timeout().orElse(null)));
                    yield ApiResponses.query(result, request.limit(), request.stats(), QueryTimings.NONE,
                            request.warnings());
                }
                case "/api/v1/query_range" -> {
                    RangeQueryRequest request = parser.rangeQuery(p);
                    QueryResult result = engine.rangeQuery(storage, request.query(), request.startMillis(),
                            request.endMillis(), request.stepMillis(),
                            options(request.lookbackDelta().orElse(null), request.timeout().orElse(null)));
                    yield ApiResponses.query(result, request.limit(), request.stats(), QueryTimings.NONE,
                            request.warnings());
                }
                case "/api/v1/series" -> {
                    SeriesRequest request = parser.series(p);
                    yield ApiResponses.series(select(request.start(), request.end(), request.matcherSets()), List.of());
                }
                case "/api/v1/labels" -> {
                    LabelNamesRequest request = parser.labelNames(p);
                    TreeSet<String> names = new TreeSet<>(Labels::compareStrings);
                    try (Querier querier = storage.querier(request.start().toMillis(), request.end().toMillis())) {
                        if (request.matcherSets().isEmpty()) {
                            names.addAll(querier.labelNames());
                        }
                        for (List<Matcher> set : request.matcherSets()) {
                            names.addAll(querier.labelNames(set.toArray(Matcher[]::new)));
                        }
                    }
                    yield ApiResponses.labelNames(List.copyOf(names), List.of());
                }
                case "/api/v1/query_exemplars" -> {
                    parser.exemplars(p);
                    throw new AssertionError("only exemplar errors are compared");
                }
                case "/api/v1/format_query" -> ApiResponses.formattedQuery(parser.formatQuery(p));
                default -> {
                    String prefix = "/api/v1/label/";
                    if (!path.startsWith(prefix) || !path.endsWith("/values")) {
                        throw new AssertionError("unknown endpoint " + path);
                    }
                    LabelValuesRequest request = parser.labelValues(
                            path.substring(prefix.length(), path.length() - "/values".length()), p);
                    TreeSet<String> values = new TreeSet<>(Labels::compareStrings);
                    try (Querier querier = storage.querier(request.start().toMillis(), request.end().toMillis())) {
                        if (request.matcherSets().isEmpty()) {
                            values.addAll(querier.labelValues(request.labelName()));
                        }
                        for (List<Matcher> set : request.matcherSets()) {
                            values.addAll(querier.labelValues(request.labelName(), set.toArray(Matcher[]::new)));
                        }
                    }
                    yield ApiResponses.labelValues(List.copyOf(values), List.of());
                }
            };
        } catch (ApiException e) {
            response = ApiResponses.error(e);
        } catch (QueryException e) {
            response = ApiResponses.error(ApiException.fromQueryFailure(e));
        }
        return new Answer(response.httpStatus(), ApiResponsesTest.body(response));
    }

    private static QueryOptions options(Duration lookbackDelta, Duration timeout) {
        Duration positiveTimeout = timeout != null && timeout.isPositive() ? timeout : null;
        return new QueryOptions(lookbackDelta, positiveTimeout, false, () -> false);
    }

    private static List<Labels> select(ApiTime start, ApiTime end, List<List<Matcher>> matcherSets) {
        TreeSet<Labels> series = new TreeSet<>();
        long mint = start.toMillis();
        long maxt = end.toMillis();
        try (Querier querier = storage.querier(mint, maxt)) {
            for (List<Matcher> set : matcherSets) {
                SeriesSet selected = querier.select(true, SelectHints.range(mint, maxt), set.toArray(Matcher[]::new));
                while (selected.next()) {
                    series.add(selected.at().labels());
                }
            }
        }
        return List.copyOf(series);
    }

    /** What the real Prometheus answers, its 2.x wording mapped to 3.x's. */
    private static Answer prometheus(String path, Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        URI uri = URI.create(baseUrl + path + (query.isEmpty() ? "" : "?" + query));
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = response.body();
            for (Map.Entry<String, String> wording : PROMETHEUS_2_WORDING.entrySet()) {
                body = body.replace(wording.getKey(), wording.getValue());
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new AssertionError("request " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, List<String>> toLists(Map<String, String> parameters) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        parameters.forEach((name, value) -> lists.put(name, List.of(value)));
        return lists;
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited with " + prometheus.exitValue() + "; see "
                        + directory.resolve("prometheus.log"));
            }
            try {
                HttpResponse<Void> response = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus did not become ready within 30 s");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    /**
     * Series with values that are hard to format (tiny, huge, NaN, infinities, negative zero, long fractions) and
     * labels that need escaping, scraped every 15 s from {@link #BASE_SECONDS} on, some at odd milliseconds.
     */
    private static List<TestSeries> testSeries() {
        List<TestSeries> series = new ArrayList<>();
        String[] tricky = {"1", "0.1", "0.30000000000000004", "1e-7", "1.2345678e-67", "123456789.123", "1e21",
                "9.999999999999999e20", "NaN", "+Inf", "-Inf", "-0", "5e-324", "1.7976931348623157e308", "-2.5",
                "100", "0.000001", "1234567.8", "33.333333333333336", "-1e-300", "7"};
        series.add(new TestSeries("m{instance=\"x\",job=\"a\"}", Labels.of("__name__", "m", "instance", "x", "job", "a"),
                tricky, 15_000, 0));
        String[] rotated = new String[tricky.length];
        for (int i = 0; i < tricky.length; i++) {
            rotated[i] = tricky[(i + 7) % tricky.length];
        }
        series.add(new TestSeries("m{instance=\"y\",job=\"b\"}", Labels.of("__name__", "m", "instance", "y", "job", "b"),
                rotated, 15_000, 123));
        series.add(new TestSeries("weird{label=\"\\\"q\\\"\\\\\\né\u0001\"}",
                Labels.of("__name__", "weird", "label", "\"q\"\\\né\u0001"), new String[] {"1", "2", "3"}, 60_000, 1));
        // Prometheus 2.x HTML-escaped label values inside results, 3.x does not: this series only shows up in
        // label answers, which both escape.
        series.add(new TestSeries("markup{label=\"a<b>&c\"}", Labels.of("__name__", "markup", "label", "a<b>&c"),
                new String[] {"1"}, 60_000, 0));
        String[] counter = new String[tricky.length];
        for (int i = 0; i < counter.length; i++) {
            counter[i] = Integer.toString(i * i * 7 + (i > 10 ? -50 : 0) + 100);
        }
        series.add(new TestSeries("requests_total{job=\"a\"}", Labels.of("__name__", "requests_total", "job", "a"),
                counter, 15_000, 0));
        series.add(new TestSeries("tiny", Labels.of("__name__", "tiny"),
                new String[] {"1e-320", "3e-7", "9.99e-7", "1e-6", "4.9e-324"}, 60_000, 0));
        series.add(new TestSeries("huge", Labels.of("__name__", "huge"),
                new String[] {"1e300", "9.999999999999999e20", "1e21", "123456789012345680000", "1e23"}, 60_000, 0));
        return series;
    }

    private record TestSeries(String openMetricsName, Labels labels, String[] openMetricsValues, long[] timestamps,
            double[] values) {
        TestSeries(String openMetricsName, Labels labels, String[] values, long intervalMillis, long offsetMillis) {
            this(openMetricsName, labels, values, timestamps(values.length, intervalMillis, offsetMillis),
                    parse(values));
        }

        private static long[] timestamps(int count, long intervalMillis, long offsetMillis) {
            long[] timestamps = new long[count];
            for (int i = 0; i < count; i++) {
                timestamps[i] = BASE_SECONDS * 1000 + offsetMillis + i * intervalMillis;
            }
            return timestamps;
        }

        private static double[] parse(String[] values) {
            double[] parsed = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                parsed[i] = switch (values[i]) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(values[i]);
                };
            }
            return parsed;
        }
    }

    private record Answer(int status, String body) {}
}
