package io.amphora.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.amphora.e2e.RemoteWriteClient.Series;
import io.amphora.proto.prometheus.MetricMetadata;
import io.amphora.proto.prometheus.MetricMetadata.MetricType;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.testing.SystemPrograms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amphora's read path against Debian's real Prometheus: the same remote-write requests go to one Amphora process
 * (workspace {@value #WORKSPACE}) and to a fresh Prometheus with its remote-write receiver on, and a fixed set of
 * Grafana-style requests (label names and values, series, instant and range queries with {@code rate},
 * {@code histogram_quantile}, aggregations, {@code on/group_left} matching, subqueries, {@code @}, {@code offset})
 * must return the same {@code data} from both, compared as parsed JSON with floats within
 * {@value PrometheusJson#RELATIVE_TOLERANCE} relative and arrays in any order where Prometheus defines none.
 *
 * <p>Debian ships Prometheus 2.42 while Amphora serves Prometheus 3's API, so samples sit at whole minutes + 3 s,
 * every 15 s, and query times at + 7 s: no sample is ever exactly at the start of a range or lookback window, where
 * 3.x (left-open) and 2.x (closed) differ. Each known difference has its own test below asserting Amphora's 3.x
 * behaviour (see docs/api/prometheus-http-api.md, "Compatibility tests against Prometheus 2.42").
 */
class PrometheusCompatibilityIT {
    private static final String WORKSPACE = "ws-compat";
    private static final long STEP_MS = 15_000;
    private static final int SAMPLES = 145;
    /** The first sample: a whole minute + 3 s, 40 minutes ago, so the 36 minutes of data are all in the past. */
    private static final long T0 = (System.currentTimeMillis() / 60_000 - 40) * 60_000 + 3_000;
    /** Instant queries: 30 minutes + 4 s after the first sample (a whole minute + 7 s), between two samples. */
    private static final long QUERY_TIME = T0 + 30 * 60_000 + 4_000;
    private static final long RANGE_START = T0 + 10 * 60_000 + 4_000;
    private static final long RANGE_END = QUERY_TIME;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static AmphoraProcess amphora;
    private static PrometheusProcess prometheus;

    @BeforeAll
    static void startBothAndWriteTheSameData() throws Exception {
        Path binary = SystemPrograms.require("prometheus", "prometheus");
        amphora = AmphoraProcess.startJar("prometheus-compatibility");
        prometheus = PrometheusProcess.start(binary, "compatibility", port -> """
                global:
                  scrape_interval: 1h
                """, List.of("--web.enable-remote-write-receiver"));
        WriteRequest request = RemoteWriteClient.request(series(), metadata());
        RemoteWriteClient.send("http://127.0.0.1:" + amphora.httpPort() + "/workspaces/" + WORKSPACE
                + "/api/v1/remote_write", request);
        RemoteWriteClient.send("http://127.0.0.1:" + prometheus.port() + "/api/v1/write", request);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        try {
            if (prometheus != null) {
                prometheus.close();
            }
        } finally {
            if (amphora != null) {
                amphora.close();
            }
        }
    }

    @Test
    void grafanaStyleRequestsReturnTheSameDataAsPrometheus() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (Request request : requests()) {
            JsonNode expected = data(request, prometheusGet(request.endpoint(), request.parameters()));
            JsonNode actual = data(request, amphoraGet(request.endpoint(), request.parameters()));
            List<String> differences = PrometheusJson.differences(expected, actual, request.ordered());
            if (!differences.isEmpty()) {
                mismatches.add(request + "\n  Prometheus: " + expected + "\n  Amphora:    " + actual + "\n  "
                        + String.join("\n  ", differences));
            }
        }
        assertThat(mismatches).as("requests whose data differs from Prometheus's").isEmpty();
    }

    /** The comparison is not vacuous: the requests above return the data written, not empty results. */
    @Test
    void theComparedAnswersAreNotEmpty() throws Exception {
        JsonNode series = data(null, amphoraGet("series", params("match[]", "{__name__=~\".+\"}")));
        assertThat(series.size()).isEqualTo(series().size());
        JsonNode sum = data(null, amphoraGet("query",
                params("query", "sum(rate(http_requests_total[5m]))", "time", seconds(QUERY_TIME))));
        assertThat(sum.get("result").get(0).get("value").get(1).stringValue()).isNotEqualTo("0");
    }

    /**
     * Range selectors are left-open in Prometheus 3 ({@code (t - range, t]}) and closed in 2.x: at a query time
     * exactly on a sample, {@code [1m]} over 15 s samples holds 4 samples in 3.x and 5 in 2.42.
     */
    @Test
    void aSampleExactlyAtTheStartOfARangeIsExcludedAsInPrometheus3() throws Exception {
        long onASample = T0 + 40 * STEP_MS;
        Map<String, String> parameters = params("query",
                "count_over_time(http_requests_total{instance=\"a0\",method=\"get\"}[1m])", "time", seconds(onASample));
        assertThat(onlyValue(data(null, amphoraGet("query", parameters)))).isEqualTo("4");
        if (prometheusIsVersion2()) {
            assertThat(onlyValue(data(null, prometheusGet("query", parameters)))).isEqualTo("5");
        }
    }

    /**
     * The lookback window of an instant selector is left-open in Prometheus 3 too: 5 minutes after the last sample,
     * to the millisecond, the series is gone in 3.x and still there in 2.42.
     */
    @Test
    void aSeriesIsGoneExactlyFiveMinutesAfterItsLastSampleAsInPrometheus3() throws Exception {
        long last = T0 + (SAMPLES - 1) * STEP_MS;
        Map<String, String> parameters = params("query", "up{instance=\"a0\"}", "time", seconds(last + 300_000));
        assertThat(data(null, amphoraGet("query", parameters)).get("result").size()).isZero();
        if (prometheusIsVersion2()) {
            assertThat(data(null, prometheusGet("query", parameters)).get("result").size()).isEqualTo(1);
        }
    }

    /**
     * Prometheus (2.42, and 3.x without the metadata WAL records feature) drops the metadata of remote-write requests
     * and serves only that of its scrape targets; Amphora stores what was written and serves it with Prometheus 3's
     * field order ({@code type}, {@code unit}, {@code help}; 2.x wrote {@code help} before {@code unit}).
     */
    @Test
    void metadataWrittenThroughRemoteWriteIsServedInPrometheus3FieldOrder() throws Exception {
        HttpResponse<String> amphoraMetadata = amphoraGet("metadata", params("metric", "memory_usage_bytes"));
        assertThat(amphoraMetadata.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"memory_usage_bytes\":"
                + "[{\"type\":\"gauge\",\"unit\":\"bytes\",\"help\":\"Resident memory.\"}]}}");
        JsonNode all = data(null, amphoraGet("metadata", Map.of()));
        assertThat(all.propertyNames()).containsExactly(
                "build_info", "http_requests_total", "memory_usage_bytes", "request_duration_seconds", "up");
        assertThat(all.get("request_duration_seconds").toString())
                .isEqualTo("[{\"type\":\"histogram\",\"unit\":\"seconds\",\"help\":\"Request latency.\"}]");
        if (prometheusIsVersion2()) {
            assertThat(data(null, prometheusGet("metadata", Map.of())).size()).isZero();
        }
    }

    /**
     * Prometheus 2.x HTML-escaped label values inside results ({@code \u003c}); 3.x writes them as they are. Parsed,
     * both answers are the same (the comparison above covers it); the bytes differ.
     */
    @Test
    void labelValuesInResultsAreNotHtmlEscapedAsInPrometheus3() throws Exception {
        Map<String, String> parameters = params("query", "probe_success", "time", seconds(QUERY_TIME));
        String body = amphoraGet("query", parameters).body();
        assertThat(body).contains("\"instance\":\"a<b>&c\"");
        assertThat(PrometheusJson.differences(data(null, prometheusGet("query", parameters)),
                PrometheusJson.parse(body).get("data"), false)).isEmpty();
    }

    private record Request(String endpoint, Map<String, String> parameters, boolean ordered) {
        @Override
        public String toString() {
            return "GET /api/v1/" + endpoint + " " + parameters;
        }
    }

    private static List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        String start = seconds(T0 - 60_000);
        String end = seconds(QUERY_TIME);
        // Label names and values, series: what Grafana's query editor and template variables ask.
        requests.add(new Request("labels", params("start", start, "end", end), true));
        requests.add(new Request("labels", params("match[]", "up", "start", start, "end", end), true));
        requests.add(new Request("labels", params("match[]", "request_duration_seconds_bucket{job=\"api\"}",
                "start", start, "end", end), true));
        requests.add(new Request("label/__name__/values", params("start", start, "end", end), true));
        requests.add(new Request("label/job/values", params("start", start, "end", end), true));
        requests.add(new Request("label/instance/values",
                params("match[]", "http_requests_total{job=\"api\"}", "start", start, "end", end), true));
        requests.add(new Request("label/le/values",
                params("match[]", "request_duration_seconds_bucket", "start", start, "end", end), true));
        requests.add(new Request("label/method/values",
                params("match[]", "{job=~\"w.*\"}", "start", start, "end", end), true));
        requests.add(new Request("series", params("match[]", "http_requests_total{method=\"get\"}",
                "start", start, "end", end), false));
        requests.add(new Request("series", params("match[]", "{job=~\"w.*\",__name__!~\"request_.*\"}",
                "start", start, "end", end), false));
        // Without start and end: Prometheus's MinTime and MaxTime.
        requests.add(new Request("series", Map.of("match[]", "build_info"), false));
        requests.add(new Request("labels", Map.of(), true));
        requests.add(new Request("label/job/values", Map.of(), true));

        // Instant queries.
        for (String query : List.of(
                "up",
                "http_requests_total",
                "rate(http_requests_total[1m])",
                "irate(http_requests_total[5m])",
                "increase(http_requests_total{instance=\"a1\"}[10m])",
                "sum by (job) (rate(http_requests_total[5m]))",
                "sum without (instance, method) (rate(http_requests_total[5m]))",
                "avg by (job) (memory_usage_bytes)",
                "max(memory_usage_bytes) - min(memory_usage_bytes)",
                "topk(2, memory_usage_bytes)",
                "bottomk(1, rate(http_requests_total[5m])) by (job)",
                "count_values(\"version\", build_info)",
                "count_values(\"count\", request_duration_seconds_count)",
                "quantile(0.5, memory_usage_bytes)",
                "histogram_quantile(0.9, sum by (le, job) (rate(request_duration_seconds_bucket[5m])))",
                "histogram_quantile(0.5, rate(request_duration_seconds_bucket[10m]))",
                "rate(request_duration_seconds_sum[5m]) / rate(request_duration_seconds_count[5m])",
                "sum by (job, instance) (rate(http_requests_total[5m])) * on (job, instance) group_left (version) "
                        + "build_info",
                "memory_usage_bytes > on (instance) group_left max by (instance) (memory_usage_bytes offset 5m)",
                "memory_usage_bytes and on (job) (up == 1)",
                "max_over_time(rate(http_requests_total[1m])[5m:30s])",
                "avg_over_time(sum by (job) (memory_usage_bytes)[10m:1m])",
                "http_requests_total @ " + seconds(T0 + 20 * 60_000 + 4_000),
                "rate(http_requests_total[5m] @ " + seconds(T0 + 12 * 60_000 + 4_000) + ")",
                "http_requests_total offset 5m",
                "rate(http_requests_total[5m] offset 10m)",
                "delta(memory_usage_bytes[5m])",
                "deriv(memory_usage_bytes[5m])",
                "predict_linear(memory_usage_bytes[10m], 3600)",
                "resets(http_requests_total[30m])",
                "changes(memory_usage_bytes[5m])",
                "absent(nonexistent_metric{job=\"api\"})",
                "label_replace(up, \"host\", \"$1\", \"instance\", \"(.).*\")",
                "clamp_max(memory_usage_bytes / 1e6, 2)",
                "scalar(sum(up))",
                "time()",
                "vector(1) + 2",
                "probe_success")) {
            requests.add(new Request("query", params("query", query, "time", seconds(QUERY_TIME)), false));
        }
        requests.add(new Request("query", params("query", "sort_desc(sum by (instance) (memory_usage_bytes))",
                "time", seconds(QUERY_TIME)), true));
        requests.add(new Request("query", params("query", "sort(rate(http_requests_total[5m]))",
                "time", seconds(QUERY_TIME)), true));
        requests.add(new Request("query", params("query", "http_requests_total[2m]",
                "time", seconds(QUERY_TIME)), false));

        // Range queries, as a dashboard panel sends them.
        for (String query : List.of(
                "sum by (job) (rate(http_requests_total[5m]))",
                "rate(http_requests_total{job=\"api\"}[1m])",
                "histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[5m])))",
                "topk(3, memory_usage_bytes)",
                "count_values(\"version\", build_info)",
                "sum by (job, instance) (rate(http_requests_total[5m])) * on (job, instance) group_left (version) "
                        + "build_info",
                "max_over_time(rate(http_requests_total[1m])[5m:30s])",
                "http_requests_total @ " + seconds(T0 + 20 * 60_000 + 4_000),
                "memory_usage_bytes offset 5m",
                "avg(memory_usage_bytes)",
                "up")) {
            requests.add(new Request("query_range", params("query", query, "start", seconds(RANGE_START),
                    "end", seconds(RANGE_END), "step", "60"), false));
        }
        requests.add(new Request("query_range", params("query", "sum(rate(http_requests_total[2m]))",
                "start", seconds(RANGE_START), "end", seconds(RANGE_END), "step", "45"), false));
        return requests;
    }

    /**
     * Four jobs' worth of series, 145 samples each every 15 s from {@link #T0}: counters (one with a reset), gauges,
     * a classic histogram with {@code le} buckets, {@code up}, an info-style {@code build_info}, and one label value
     * with HTML-special characters.
     */
    private static List<Series> series() {
        List<Series> series = new ArrayList<>();
        List<String[]> targets = List.of(new String[] {"api", "a0"}, new String[] {"api", "a1"},
                new String[] {"worker", "w0"}, new String[] {"worker", "w1"});
        double[] bounds = {0.05, 0.1, 0.5, 1};
        String[] le = {"0.05", "0.1", "0.5", "1", "+Inf"};
        for (int target = 0; target < targets.size(); target++) {
            String job = targets.get(target)[0];
            String instance = targets.get(target)[1];
            List<String> methods = job.equals("api") ? List.of("get", "post") : List.of("get");
            for (int m = 0; m < methods.size(); m++) {
                Series counter = Series.of(Map.of("__name__", "http_requests_total", "job", job,
                        "instance", instance, "method", methods.get(m)));
                double perSecond = 1 + target * 0.5 + m * 0.25;
                double value = 10 * target;
                for (int i = 0; i < SAMPLES; i++) {
                    boolean reset = target == 1 && m == 1 && i == 80;
                    value = reset ? 3 : value + perSecond * 15 * (1 + 0.1 * ((i * 7 + target) % 3));
                    counter.add(time(i), value);
                }
                series.add(counter);
            }
            Series memory = Series.of(Map.of("__name__", "memory_usage_bytes", "job", job, "instance", instance));
            Series up = Series.of(Map.of("__name__", "up", "job", job, "instance", instance));
            Series build = Series.of(Map.of("__name__", "build_info", "job", job, "instance", instance,
                    "version", target < 3 ? "1.2.3" : "1.3.0"));
            for (int i = 0; i < SAMPLES; i++) {
                memory.add(time(i), 1e6 * (1 + target) + 1000 * Math.sin(i / 5.0 + target));
                up.add(time(i), 1);
                build.add(time(i), 1);
            }
            series.add(memory);
            series.add(up);
            series.add(build);

            List<Series> buckets = new ArrayList<>();
            for (String bound : le) {
                buckets.add(Series.of(Map.of("__name__", "request_duration_seconds_bucket", "job", job,
                        "instance", instance, "le", bound)));
            }
            Series sum = Series.of(Map.of("__name__", "request_duration_seconds_sum", "job", job, "instance", instance));
            Series count = Series.of(Map.of("__name__", "request_duration_seconds_count", "job", job,
                    "instance", instance));
            double[] cumulative = new double[le.length];
            double total = 0;
            for (int i = 0; i < SAMPLES; i++) {
                // Each step, 20 requests whose latencies depend on the target and drift with time.
                for (int r = 0; r < 20; r++) {
                    double latency = 0.01 * (1 + target) * (1 + (r * 13 + i) % 17) + 0.002 * (i % 11);
                    total += latency;
                    for (int b = 0; b < le.length; b++) {
                        if (b == bounds.length || latency <= bounds[b]) {
                            cumulative[b]++;
                        }
                    }
                }
                for (int b = 0; b < le.length; b++) {
                    buckets.get(b).add(time(i), cumulative[b]);
                }
                sum.add(time(i), total);
                count.add(time(i), cumulative[le.length - 1]);
            }
            series.addAll(buckets);
            series.add(sum);
            series.add(count);
        }
        Series probe = Series.of(Map.of("__name__", "probe_success", "job", "blackbox", "instance", "a<b>&c"));
        for (int i = 0; i < SAMPLES; i++) {
            probe.add(time(i), i % 2);
        }
        series.add(probe);
        return series;
    }

    private static List<MetricMetadata> metadata() {
        return List.of(
                RemoteWriteClient.metadata("http_requests_total", MetricType.COUNTER, "Requests served.", ""),
                RemoteWriteClient.metadata("memory_usage_bytes", MetricType.GAUGE, "Resident memory.", "bytes"),
                RemoteWriteClient.metadata("request_duration_seconds", MetricType.HISTOGRAM, "Request latency.",
                        "seconds"),
                RemoteWriteClient.metadata("up", MetricType.GAUGE, "Whether the target is up.", ""),
                RemoteWriteClient.metadata("build_info", MetricType.GAUGE, "Build information.", ""));
    }

    private static long time(int sample) {
        return T0 + sample * STEP_MS;
    }

    private static boolean prometheusIsVersion2() throws IOException, InterruptedException {
        JsonNode info = data(null, prometheusGet("status/buildinfo", Map.of()));
        return info.get("version").stringValue().startsWith("2.");
    }

    private static String onlyValue(JsonNode data) {
        assertThat(data.get("result").size()).as("result of %s", data).isEqualTo(1);
        return data.get("result").get(0).get("value").get(1).stringValue();
    }

    /** The {@code data} of a successful answer, failing with the whole answer otherwise. */
    private static JsonNode data(Request request, HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s: %s", request == null ? response.uri() : request, response.body())
                .isEqualTo(200);
        JsonNode body = PrometheusJson.parse(response.body());
        assertThat(body.get("status").stringValue()).as(response.body()).isEqualTo("success");
        return body.get("data");
    }

    private static HttpResponse<String> amphoraGet(String endpoint, Map<String, String> parameters)
            throws IOException, InterruptedException {
        return get("http://127.0.0.1:" + amphora.httpPort() + "/workspaces/" + WORKSPACE + "/api/v1/" + endpoint,
                parameters);
    }

    private static HttpResponse<String> prometheusGet(String endpoint, Map<String, String> parameters)
            throws IOException, InterruptedException {
        return get("http://127.0.0.1:" + prometheus.port() + "/api/v1/" + endpoint, parameters);
    }

    private static HttpResponse<String> get(String url, Map<String, String> parameters)
            throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + query)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> params(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    /** Unix seconds with millisecond precision, as Grafana sends them. */
    static String seconds(long millis) {
        return HttpQueryTarget.seconds(millis);
    }
}
