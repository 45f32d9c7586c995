package io.amphora.bench.promql;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Runs range queries against a Prometheus server's HTTP API ({@code POST /api/v1/query_range}) with
 * {@code stats=all}, so that each answer carries the engine's own timings. Thread-safe.
 */
public final class PrometheusQueryClient {
    private final HttpClient http;
    private final URI baseUrl;
    private final Duration timeout;

    /**
     * @param baseUrl the server's root, e.g. {@code http://127.0.0.1:9090}
     * @param timeout how long one query may take, sent as the query's own {@code timeout} too
     */
    public PrometheusQueryClient(HttpClient http, URI baseUrl, Duration timeout) {
        this.http = requireNonNull(http, "http is null");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * Evaluates {@code query} from {@code startMillis} to {@code endMillis} every {@code stepMillis}, handing the
     * result's series to {@code visitor} while the answer streams in.
     *
     * @throws PrometheusRangeResponse.PrometheusQueryException when Prometheus refused or failed the query
     * @throws IOException when there was no answer or it was not a range-query answer
     */
    public PrometheusRangeResponse queryRange(String query, long startMillis, long endMillis, long stepMillis,
            PrometheusRangeResponse.SeriesVisitor visitor) throws IOException, InterruptedException {
        HttpRequest request = rangeQueryRequest(query, startMillis, endMillis, stepMillis);
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/json")) {
            try (InputStream body = response.body()) {
                String text = new String(body.readNBytes(2_000), StandardCharsets.UTF_8);
                throw new IOException("query_range answered " + response.statusCode() + " with " + contentType + ": " + text);
            }
        }
        // Errors (400, 422, 503) come as JSON too; the parser turns them into PrometheusQueryException.
        return PrometheusRangeResponse.parse(response.body(), visitor);
    }

    /** The request {@link #queryRange} sends: form parameters in the body, times in seconds with milliseconds. */
    HttpRequest rangeQueryRequest(String query, long startMillis, long endMillis, long stepMillis) {
        requireNonNull(query, "query is null");
        if (stepMillis <= 0 || endMillis < startMillis) {
            throw new IllegalArgumentException("need a positive step and end >= start, got step " + stepMillis
                    + ", " + startMillis + ".." + endMillis);
        }
        String form = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + seconds(startMillis)
                + "&end=" + seconds(endMillis)
                + "&step=" + seconds(stepMillis)
                + "&timeout=" + timeout.toSeconds() + "s"
                + "&stats=all";
        return HttpRequest.newBuilder(baseUrl.resolve("/api/v1/query_range"))
                .timeout(timeout.plusSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    /** Milliseconds as decimal seconds with three decimals, the precision Prometheus keeps. */
    static String seconds(long millis) {
        long magnitude = Math.abs(millis);
        long fraction = magnitude % 1000;
        return (millis < 0 ? "-" : "") + magnitude / 1000 + "." + (fraction < 10 ? "00" : fraction < 100 ? "0" : "")
                + fraction;
    }
}
