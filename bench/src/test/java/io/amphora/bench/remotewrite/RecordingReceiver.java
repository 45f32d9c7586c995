package io.amphora.bench.remotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.proto.remotewrite.v2.Request;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A remote-write receiver for tests, on the JDK's HTTP server: decodes every request (1.0 or 2.0, chosen by
 * Content-Type as a real receiver does), records each series' samples and the headers, and answers what the test's
 * responder says. Flags a sample that arrives before every sample of the previous step (an earlier timestamp) has
 * arrived, since a receiver without an out-of-order window would refuse the later ones. Thread-safe.
 */
final class RecordingReceiver implements AutoCloseable {
    /** What a decoded request carried: the timestamp of its samples (one step) and its headers. */
    record Received(long timestamp, int samples, Map<String, List<String>> headers) {}

    /** An answer to give. */
    record Reply(int status, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final int seriesPerStep;
    private final Function<Received, Reply> responder;
    private final Map<String, List<Long>> samplesBySeries = new HashMap<>();
    private final TreeMap<Long, Integer> samplesByTimestamp = new TreeMap<>();
    private final List<String> orderViolations = new ArrayList<>();
    private final List<Received> requests = new ArrayList<>();

    RecordingReceiver(int seriesPerStep, Function<Received, Reply> responder) throws IOException {
        this.seriesPerStep = seriesPerStep;
        this.responder = requireNonNull(responder, "responder is null");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/push");
    }

    synchronized Map<String, List<Long>> samplesBySeries() {
        return Map.copyOf(samplesBySeries);
    }

    synchronized List<String> orderViolations() {
        return List.copyOf(orderViolations);
    }

    synchronized List<Received> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = Snappy.uncompress(in.readAllBytes());
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, List<Long>> decoded = contentType.contains("proto=io.prometheus.write.v2.Request")
                    ? decodeV2(Request.parseFrom(body))
                    : decodeV1(WriteRequest.parseFrom(body));
            long timestamp = decoded.values().iterator().next().getFirst();
            Received received = new Received(timestamp, decoded.size(), Map.copyOf(exchange.getRequestHeaders()));
            record(received, decoded);
            Reply reply = responder.apply(received);
            byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private synchronized void record(Received received, Map<String, List<Long>> decoded) {
        requests.add(received);
        Map.Entry<Long, Integer> earlier = samplesByTimestamp.lowerEntry(received.timestamp());
        if (earlier != null && earlier.getValue() < seriesPerStep) {
            orderViolations.add("samples at " + received.timestamp() + " arrived when only " + earlier.getValue()
                    + " of " + seriesPerStep + " series had their sample at " + earlier.getKey());
        }
        samplesByTimestamp.merge(received.timestamp(), received.samples(), Integer::sum);
        decoded.forEach((series, timestamps) -> samplesBySeries.computeIfAbsent(series, key -> new ArrayList<>()).addAll(timestamps));
    }

    private static Map<String, List<Long>> decodeV1(WriteRequest request) {
        Map<String, List<Long>> result = new HashMap<>();
        for (var series : request.getTimeseriesList()) {
            StringBuilder key = new StringBuilder();
            series.getLabelsList().forEach(label -> key.append(label.getName()).append('=').append(label.getValue()).append(','));
            series.getSamplesList().forEach(sample -> result.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(sample.getTimestamp()));
        }
        return result;
    }

    private static Map<String, List<Long>> decodeV2(Request request) {
        Map<String, List<Long>> result = new HashMap<>();
        for (var series : request.getTimeseriesList()) {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < series.getLabelsRefsCount(); i += 2) {
                key.append(request.getSymbols(series.getLabelsRefs(i))).append('=')
                        .append(request.getSymbols(series.getLabelsRefs(i + 1))).append(',');
            }
            series.getSamplesList().forEach(sample -> result.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(sample.getTimestamp()));
        }
        return result;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
