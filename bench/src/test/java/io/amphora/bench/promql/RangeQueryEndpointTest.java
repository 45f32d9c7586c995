package io.amphora.bench.promql;

import com.sun.net.httpserver.HttpServer;
import io.amphora.bench.remotewrite.SigV4Config;
import io.amphora.bench.remotewrite.SigV4Signer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RangeQueryEndpointTest {
    private static final String ANSWER = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
            + "[{\"metric\":{\"job\":\"a\"},\"values\":[[1000.5,\"2\"],[1015.5,\"3\"]]}]}}";

    /** One request as the server saw it. */
    record Seen(String method, String path, Map<String, List<String>> headers, String body) {}

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private URI serve(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/workspaces/ws-bench/api/v1/query_range");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void postsTheFormAsGrafanaDoesAndTimesTheWholeAnswer() throws Exception {
        URI url = serve(200, "application/json", ANSWER);
        // A clock that moves 7 ms from one reading to the next: the round trip is the difference of two readings.
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        RangeQueryEndpoint endpoint = new RangeQueryEndpoint(HttpClient.newHttpClient(), url, Optional.empty(),
                Duration.ofMinutes(2), () -> clock.getAndAdd(7_000_000));

        RangeQueryEndpoint.TimedAnswer answer = endpoint.queryRange("sum by (job) (rate(x[5m]))", 1_700_000_007_500L,
                1_700_003_607_500L, 15_000, false);

        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/workspaces/ws-bench/api/v1/query_range");
            assertThat(request.headers().get("Content-type")).containsExactly("application/x-www-form-urlencoded");
            assertThat(request.headers()).doesNotContainKeys("Accept-encoding", "Authorization");
            assertThat(request.body()).isEqualTo("query=sum+by+%28job%29+%28rate%28x%5B5m%5D%29%29"
                    + "&start=1700000007.500&end=1700003607.500&step=15.000&timeout=120s");
        });
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.millis()).isEqualTo(7.0);
        assertThat(answer.body()).hasSize(ANSWER.length());
        PrometheusRangeResponse response = answer.parse(PrometheusRangeResponse.SeriesVisitor.NONE, false);
        assertThat(response.seriesCount()).isEqualTo(1);
        assertThat(response.pointCount()).isEqualTo(2);
    }

    @Test
    void asksForStatsOnlyWhenTold() throws Exception {
        URI url = serve(200, "application/json", ANSWER);
        RangeQueryEndpoint endpoint = new RangeQueryEndpoint(HttpClient.newHttpClient(), url, Optional.empty(),
                Duration.ofMinutes(2), System::nanoTime);

        RangeQueryEndpoint.TimedAnswer answer = endpoint.queryRange("x", 0, 1000, 1000, true);

        assertThat(seen.getFirst().body()).endsWith("&stats=true");
        assertThatThrownBy(() -> answer.parse(PrometheusRangeResponse.SeriesVisitor.NONE, true))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stats=all");
    }

    @Test
    void signsTheRequestAndItsBodyForServiceAps() throws Exception {
        URI url = serve(200, "application/json", ANSWER);
        SigV4Signer signer = new SigV4Signer(new SigV4Config("us-east-1", "AKIDEXAMPLE", "secret", Optional.empty()),
                InstantSource.fixed(Instant.parse("2026-11-21T10:15:30Z")));
        RangeQueryEndpoint endpoint = new RangeQueryEndpoint(HttpClient.newHttpClient(), url, Optional.of(signer),
                Duration.ofMinutes(2), System::nanoTime);

        endpoint.queryRange("up", 0, 60_000, 15_000, false);

        Seen request = seen.getFirst();
        assertThat(request.headers().get("Authorization")).singleElement().asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/aps/aws4_request, ")
                .contains("content-type");
        assertThat(request.headers().get("X-amz-date")).containsExactly("20261121T101530Z");
        assertThat(request.headers().get("X-amz-content-sha256"))
                .containsExactly(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(request.body().getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anErrorInJsonBecomesAPrometheusQueryExceptionAndAnythingElseShowsItsStatus() throws Exception {
        URI url = serve(422, "application/json",
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"the query hit the max number of chunks limit\"}");
        RangeQueryEndpoint endpoint = new RangeQueryEndpoint(HttpClient.newHttpClient(), url, Optional.empty(),
                Duration.ofMinutes(2), System::nanoTime);

        RangeQueryEndpoint.TimedAnswer error = endpoint.queryRange("x", 0, 1000, 1000, false);

        assertThat(error.status()).isEqualTo(422);
        assertThatThrownBy(() -> error.parse(PrometheusRangeResponse.SeriesVisitor.NONE, false))
                .isInstanceOf(PrometheusRangeResponse.PrometheusQueryException.class)
                .hasMessage("execution: the query hit the max number of chunks limit");
        RangeQueryEndpoint.TimedAnswer plain = new RangeQueryEndpoint.TimedAnswer(403, "text/plain",
                "Forbidden\n".getBytes(StandardCharsets.UTF_8), 1);
        assertThatThrownBy(() -> plain.parse(PrometheusRangeResponse.SeriesVisitor.NONE, false))
                .isInstanceOf(IOException.class)
                .hasMessage("query_range answered 403 with text/plain: Forbidden");
    }

    @Test
    void refusesAStepThatIsNotPositive() {
        RangeQueryEndpoint endpoint = new RangeQueryEndpoint(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:1/api/v1/query_range"), Optional.empty(), Duration.ofMinutes(2), System::nanoTime);

        assertThatThrownBy(() -> endpoint.request("x", 0, 1000, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
