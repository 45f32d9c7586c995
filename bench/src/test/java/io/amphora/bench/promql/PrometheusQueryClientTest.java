package io.amphora.bench.promql;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusQueryClientTest {
    private static final String ANSWER = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
            + "[{\"metric\":{\"job\":\"a\"},\"values\":[[1000.5,\"2\"]]}],"
            + "\"stats\":{\"timings\":{\"evalTotalTime\":0.25,\"execTotalTime\":0.5}}}}";

    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();

    private URI serve(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            forms.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void postsTheQueryWithSecondsAndStatsAllAndReadsTheAnswer() throws Exception {
        URI base = serve(200, "application/json", ANSWER);
        PrometheusQueryClient client = new PrometheusQueryClient(HttpClient.newHttpClient(), base, Duration.ofMinutes(2));

        PrometheusRangeResponse response = client.queryRange("sum by (job) (rate(x[5m]))", 1_700_000_007_500L,
                1_700_003_607_500L, 15_000, PrometheusRangeResponse.SeriesVisitor.NONE);

        assertThat(paths).containsExactly("POST /api/v1/query_range application/x-www-form-urlencoded");
        assertThat(forms.getFirst()).containsExactly(
                Map.entry("query", "sum by (job) (rate(x[5m]))"),
                Map.entry("start", "1700000007.500"),
                Map.entry("end", "1700003607.500"),
                Map.entry("step", "15.000"),
                Map.entry("timeout", "120s"),
                Map.entry("stats", "all"));
        assertThat(response.timings().execTotalTime()).isEqualTo(0.5);
        assertThat(response.seriesCount()).isEqualTo(1);
    }

    @Test
    void anErrorAnswerBecomesAPrometheusQueryException() throws Exception {
        URI base = serve(422, "application/json",
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples\"}");
        PrometheusQueryClient client = new PrometheusQueryClient(HttpClient.newHttpClient(), base, Duration.ofMinutes(2));

        assertThatThrownBy(() -> client.queryRange("x", 0, 1000, 1000, PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOf(PrometheusRangeResponse.PrometheusQueryException.class)
                .hasMessage("execution: query processing would load too many samples");
    }

    @Test
    void anAnswerThatIsNotJsonIsShownWithItsStatus() throws Exception {
        URI base = serve(404, "text/plain; charset=utf-8", "404 page not found");
        PrometheusQueryClient client = new PrometheusQueryClient(HttpClient.newHttpClient(), base, Duration.ofMinutes(2));

        assertThatThrownBy(() -> client.queryRange("x", 0, 1000, 1000, PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("query_range answered 404 with text/plain; charset=utf-8: 404 page not found");
    }

    @Test
    void writesMillisecondsAsDecimalSeconds() {
        assertThat(PrometheusQueryClient.seconds(1_767_225_607_500L)).isEqualTo("1767225607.500");
        assertThat(PrometheusQueryClient.seconds(15_000)).isEqualTo("15.000");
        assertThat(PrometheusQueryClient.seconds(5)).isEqualTo("0.005");
        assertThat(PrometheusQueryClient.seconds(-1_500)).isEqualTo("-1.500");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
