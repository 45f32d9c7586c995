package io.amphora.app;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.amphora.app.RemoteWriteBodies.TestSeries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.amphora.app.RemoteWriteBodies.V1_CONTENT_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read path of the single process: samples written through remote write come back through the Prometheus HTTP
 * API (querier → in-process gRPC → ingester), with Prometheus's JSON, error envelopes and workspace isolation.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"amphora.grpc.port=0", "amphora.gateway.auth-enabled=false", "amphora.grpc.in-process-name=query-api-integration-test"})
@DirtiesContext
class QueryApiIntegrationTest {
    /** A whole minute, 20 minutes before the test runs, so every sample is inside the head and in order. */
    private static final long T0 = (System.currentTimeMillis() / 60_000 - 20) * 60_000;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path root;

    @LocalServerPort
    int httpPort;

    private static boolean written;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("amphora.data-dir", () -> root.resolve("data").toString());
    }

    @BeforeAll
    static void reset() {
        written = false;
    }

    /** Workspace a: two api instances counting 1 request per second; workspace b: one series of its own. */
    private void writeOnce() throws Exception {
        if (written) {
            return;
        }
        TestSeries a0 = TestSeries.of("__name__", "http_requests_total", "job", "api", "instance", "a0");
        TestSeries a1 = TestSeries.of("__name__", "http_requests_total", "job", "api", "instance", "a1");
        TestSeries b = TestSeries.of("__name__", "secret_total", "job", "other", "instance", "b0");
        for (int i = 0; i <= 40; i++) {
            long t = T0 + i * 15_000L;
            a0 = a0.sample(t, i * 15.0);
            a1 = a1.sample(t, i * 15.0 + 100);
            b = b.sample(t, i);
        }
        RemoteWriteHttp http = new RemoteWriteHttp(httpPort);
        assertThat(http.write("ws-query-a", V1_CONTENT_TYPE, RemoteWriteBodies.v1(List.of(a0, a1))).statusCode())
                .isEqualTo(204);
        assertThat(http.write("ws-query-b", V1_CONTENT_TYPE, RemoteWriteBodies.v1(List.of(b))).statusCode())
                .isEqualTo(204);
        written = true;
    }

    @Test
    void anInstantQueryReturnsPrometheusJson() throws Exception {
        writeOnce();
        long t = T0 + 600_000;
        HttpResponse<String> response = get("/workspaces/ws-query-a/api/v1/query",
                Map.of("query", "sum by (job) (http_requests_total)", "time", seconds(t)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"job\":\"api\"},\"value\":[" + seconds(t) + ",\"1300\"]}]}}");
    }

    @Test
    void aRangeQueryReturnsAMatrixPerSeries() throws Exception {
        writeOnce();
        long start = T0 + 60_000;
        HttpResponse<String> response = get("/workspaces/ws-query-a/api/v1/query_range", Map.of(
                "query", "http_requests_total{instance=\"a1\"}", "start", seconds(start),
                "end", seconds(start + 60_000), "step", "30s"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + "[{\"metric\":{\"__name__\":\"http_requests_total\",\"instance\":\"a1\",\"job\":\"api\"},\"values\":["
                + "[" + seconds(start) + ",\"160\"],[" + seconds(start + 30_000) + ",\"190\"],["
                + seconds(start + 60_000) + ",\"220\"]]}]}}");
    }

    @Test
    void theSameApiAnswersUnderPrometheusWithTheOrgIdHeader() throws Exception {
        writeOnce();
        HttpResponse<String> response = get("/prometheus/api/v1/label/instance/values",
                Map.of("start", seconds(T0), "end", seconds(T0 + 600_000)), Map.of("X-Scope-OrgID", "ws-query-a"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"success\",\"data\":[\"a0\",\"a1\"]}");
    }

    @Test
    void aWorkspaceNeverSeesAnotherWorkspacesSeries() throws Exception {
        writeOnce();
        Map<String, String> range = Map.of("start", seconds(T0), "end", seconds(T0 + 600_000));

        assertThat(get("/workspaces/ws-query-a/api/v1/labels", range).body())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
        assertThat(get("/workspaces/ws-query-a/api/v1/label/__name__/values", range).body())
                .isEqualTo("{\"status\":\"success\",\"data\":[\"http_requests_total\"]}");
        assertThat(get("/workspaces/ws-query-a/api/v1/series",
                Map.of("match[]", "{job=~\".+\"}", "start", seconds(T0), "end", seconds(T0 + 600_000))).body())
                .doesNotContain("secret_total").contains("\"instance\":\"a0\"").contains("\"instance\":\"a1\"");
        assertThat(get("/workspaces/ws-query-a/api/v1/query",
                Map.of("query", "secret_total", "time", seconds(T0 + 600_000))).body())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThat(get("/workspaces/ws-query-b/api/v1/query",
                Map.of("query", "count(secret_total)", "time", seconds(T0 + 600_000))).body())
                .contains("\"value\":[" + seconds(T0 + 600_000) + ",\"1\"]");
    }

    @Test
    void invalidRequestsGetPrometheusErrorEnvelopes() throws Exception {
        HttpResponse<String> badQuery = get("/workspaces/ws-query-a/api/v1/query", Map.of("query", "sum(", "time", "1"));
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(badQuery.body()).startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":");

        HttpResponse<String> badStep = get("/workspaces/ws-query-a/api/v1/query_range",
                Map.of("query", "up", "start", "0", "end", "100", "step", "0"));
        assertThat(badStep.statusCode()).isEqualTo(400);
        assertThat(badStep.body()).contains("zero or negative query resolution step widths are not accepted");

        HttpResponse<String> noTenant = get("/prometheus/api/v1/query", Map.of("query", "up"));
        assertThat(noTenant.statusCode()).isEqualTo(401);
        assertThat(noTenant.body()).contains("no org id");
    }

    @Test
    void buildInfoNamesThePrometheusVersionWhoseApiIsServed() throws Exception {
        HttpResponse<String> response = get("/workspaces/ws-query-a/api/v1/status/buildinfo", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"version\":\"3.14.0\"");
    }

    @Test
    void statusEndpointsReportTheQuerySettingsInForce() throws Exception {
        HttpResponse<String> flags = get("/workspaces/ws-query-a/api/v1/status/flags", Map.of());
        assertThat(flags.statusCode()).isEqualTo(200);
        assertThat(flags.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"enable-feature\":\"\","
                + "\"query.lookback-delta\":\"5m\",\"query.max-samples\":\"50000000\",\"query.timeout\":\"2m\"}}");

        HttpResponse<String> config = get("/prometheus/api/v1/status/config", Map.of(), Map.of("X-Scope-OrgID", "ws-query-a"));
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  evaluation_interval: 1m\\n\"}}");

        HttpResponse<String> runtime = get("/workspaces/ws-query-a/api/v1/status/runtimeinfo", Map.of());
        assertThat(runtime.statusCode()).isEqualTo(200);
        assertThat(runtime.body()).startsWith("{\"status\":\"success\",\"data\":{\"startTime\":\"")
                .contains("\"reloadConfigSuccess\":true", "\"corruptionCount\":0",
                        "\"GOMAXPROCS\":" + Runtime.getRuntime().availableProcessors() + ",",
                        "\"GOMEMLIMIT\":" + Runtime.getRuntime().maxMemory() + ",");
    }

    private HttpResponse<String> get(String path, Map<String, String> parameters) throws Exception {
        return get(path, parameters, Map.of());
    }

    private HttpResponse<String> get(String path, Map<String, String> parameters, Map<String, String> headers)
            throws Exception {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path + query))
                .timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Unix seconds as Prometheus writes them: whole seconds without a fraction. */
    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format("%.3f", millis / 1000.0);
    }
}
