package io.amphora.bench.promql;

import io.amphora.bench.remotewrite.SigV4Signer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * One server's {@code query_range} endpoint, asked the way Grafana's Prometheus data source asks it: a
 * {@code POST} with the parameters form-encoded in the body, over HTTP/1.1, without {@code Accept-Encoding} (so
 * neither server spends time compressing and both answer plain JSON), optionally signed with AWS SigV4. Each call
 * times the whole round trip, from just before the request is handed to the HTTP client to the last byte of the
 * answer read into memory; reading the JSON happens afterwards, untimed. Thread-safe.
 */
public final class RangeQueryEndpoint {
    private final HttpClient http;
    private final URI url;
    private final Optional<SigV4Signer> signer;
    private final Duration timeout;
    private final LongSupplier nanoTime;

    /**
     * @param url the endpoint itself: {@code http://host:9090/api/v1/query_range} for Prometheus,
     *     {@code http://host:8080/workspaces/<id>/api/v1/query_range} for Amphora
     * @param signer signs every request (body included) when present
     * @param timeout how long one query may take, sent as the query's own {@code timeout} too
     * @param nanoTime the clock of the round-trip times
     */
    public RangeQueryEndpoint(HttpClient http, URI url, Optional<SigV4Signer> signer, Duration timeout,
            LongSupplier nanoTime) {
        this.http = requireNonNull(http, "http is null");
        this.url = requireNonNull(url, "url is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** A whole answer as it arrived, and how long it took from sending to its last byte. */
    public record TimedAnswer(int status, String contentType, byte[] body, long nanos) {
        public TimedAnswer {
            requireNonNull(contentType, "contentType is null");
            requireNonNull(body, "body is null");
        }

        public double millis() {
            return nanos / 1e6;
        }

        /**
         * The answer read as a range-query result, its series handed to {@code visitor}.
         *
         * @throws PrometheusRangeResponse.PrometheusQueryException when the server answered an error in JSON
         * @throws IOException when the answer is not JSON (its status and beginning are in the message) or not a
         *     range-query result; or, with {@code statsRequired}, lacks the engine's timings
         */
        public PrometheusRangeResponse parse(PrometheusRangeResponse.SeriesVisitor visitor, boolean statsRequired)
                throws IOException {
            if (!contentType.startsWith("application/json")) {
                String text = new String(body, 0, Math.min(body.length, 2_000), StandardCharsets.UTF_8);
                throw new IOException("query_range answered " + status + " with " + contentType + ": " + text.strip());
            }
            return PrometheusRangeResponse.parse(new ByteArrayInputStream(body), visitor, statsRequired);
        }
    }

    /**
     * Sends the range query and reads the whole answer, whatever its status.
     *
     * @param stats asks for {@code stats=true}: the engine's timings and sample counts, without the per-step
     *     counts of {@code stats=all}, which cost the engines extra work; Grafana asks for none
     * @throws IOException when no answer came (connection refused or reset, timeout)
     */
    public TimedAnswer queryRange(String query, long startMillis, long endMillis, long stepMillis, boolean stats)
            throws IOException, InterruptedException {
        HttpRequest request = request(query, startMillis, endMillis, stepMillis, stats);
        long before = nanoTime.getAsLong();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = nanoTime.getAsLong() - before;
        return new TimedAnswer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), nanos);
    }

    /** The request {@link #queryRange} sends: times in seconds with milliseconds, signed when a signer is set. */
    HttpRequest request(String query, long startMillis, long endMillis, long stepMillis, boolean stats) {
        requireNonNull(query, "query is null");
        if (stepMillis <= 0 || endMillis < startMillis) {
            throw new IllegalArgumentException("need a positive step and end >= start, got step " + stepMillis
                    + ", " + startMillis + ".." + endMillis);
        }
        String form = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + PrometheusQueryClient.seconds(startMillis)
                + "&end=" + PrometheusQueryClient.seconds(endMillis)
                + "&step=" + PrometheusQueryClient.seconds(stepMillis)
                + "&timeout=" + timeout.toSeconds() + "s"
                + (stats ? "&stats=true" : "");
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (signer.isPresent()) {
            headers = signer.get().sign(url, headers, body);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(timeout.plusSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    public URI url() {
        return url;
    }
}
