package io.amphora.bench.promql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.amphora.bench.remotewrite.Protocol;
import io.amphora.bench.remotewrite.RemoteWriteClient;
import io.amphora.model.Labels;
import io.amphora.proto.prometheus.Sample;
import io.amphora.proto.prometheus.TimeSeries;
import io.amphora.proto.prometheus.WriteRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteWriteBackfillTest {
    private static final long START = PromqlBenchmarkData.DEFAULT_START_MILLIS;
    /** 12 pods over 10 minutes: 240 series x 40 scrapes. */
    private static final BenchmarkDataset DATASET = new BenchmarkDataset(240, Duration.ofMinutes(10), Duration.ofSeconds(15));

    private HttpServer server;
    private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
    private final Map<Labels, List<double[]>> received = new HashMap<>();
    private final TreeMap<Integer, Integer> inFlightByWindow = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private int requests;

    /** Answers {@code status} to every request from {@code failFromScrape} on, 204 before. */
    private URI receiver(int scrapesPerRequest, int failFromScrape, int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/api/v1/write", exchange -> handle(exchange, scrapesPerRequest, failFromScrape, status));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    private void handle(HttpExchange exchange, int scrapesPerRequest, int failFromScrape, int status) throws IOException {
        WriteRequest request = WriteRequest.parseFrom(Snappy.uncompress(exchange.getRequestBody().readAllBytes()));
        long first = request.getTimeseries(0).getSamples(0).getTimestamp();
        int scrape = (int) ((first - START) / 15_000);
        int window = scrape / scrapesPerRequest;
        synchronized (this) {
            requests++;
            // A request of a later window while one of an earlier window is unanswered breaks time order.
            if (!inFlightByWindow.headMap(window).isEmpty()) {
                violations.add("window " + window + " sent while " + inFlightByWindow.firstKey() + " was in flight");
            }
            inFlightByWindow.merge(window, 1, Integer::sum);
            for (TimeSeries series : request.getTimeseriesList()) {
                Labels.Builder labels = Labels.builder();
                series.getLabelsList().forEach(label -> labels.add(label.getName(), label.getValue()));
                List<double[]> samples = received.computeIfAbsent(labels.build(), l -> new ArrayList<>());
                for (Sample sample : series.getSamplesList()) {
                    if (!samples.isEmpty() && samples.getLast()[0] >= sample.getTimestamp()) {
                        violations.add("out of order sample for " + labels.build());
                    }
                    samples.add(new double[] {sample.getTimestamp(), sample.getValue()});
                }
            }
        }
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            inFlightByWindow.merge(window, -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        int answer = scrape >= failFromScrape ? status : 204;
        byte[] body = (answer == 204 ? "" : "out of bounds").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer, answer == 204 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
    }

    @Test
    void sendsEverySampleOfTheDatasetInTimeOrderWindowByWindow() throws Exception {
        PromqlBenchmarkData data = new PromqlBenchmarkData(DATASET, START, 5);
        URI url = receiver(6, Integer.MAX_VALUE, 204);
        List<String> progress = new ArrayList<>();
        AtomicLong clock = new AtomicLong();

        RemoteWriteBackfill.Result result = new RemoteWriteBackfill(data, client(url), 5, 6, 3,
                () -> clock.addAndGet(1_000_000), progress::add).run();

        assertThat(violations).isEmpty();
        assertThat(result.samples()).isEqualTo(240 * 40);
        // 3 groups of pods (5, 5, 2) x 7 windows of scrapes (6 x 6 + 4).
        assertThat(result.requests()).isEqualTo(21).isEqualTo(requests);
        assertThat(progress).isNotEmpty().allSatisfy(line -> assertThat(line).contains("of 9,600 samples"));
        assertThat(received).hasSize(240);
        double[] values = new double[PromqlBenchmarkData.SERIES_PER_TARGET];
        for (int t = 0; t < data.targetCount(); t++) {
            PromqlBenchmarkData.TargetCursor cursor = data.cursor(t);
            for (int k = 0; k < data.scrapesPerSeries(); k++) {
                long timestamp = cursor.next(values, 0);
                for (int j = 0; j < values.length; j++) {
                    double[] sample = received.get(data.labels(t * PromqlBenchmarkData.SERIES_PER_TARGET + j)).get(k);
                    assertThat((long) sample[0]).isEqualTo(timestamp);
                    assertThat(sample[1]).isEqualTo(values[j]);
                }
            }
        }
    }

    @Test
    void stopsAtTheFirstRefusedRequestAndShowsItsAnswer() throws Exception {
        PromqlBenchmarkData data = new PromqlBenchmarkData(DATASET, START, 5);
        URI url = receiver(10, 20, 400);

        assertThatThrownBy(() -> new RemoteWriteBackfill(data, client(url), 12, 10, 1, System::nanoTime, line -> { }).run())
                .isInstanceOf(IOException.class)
                .hasMessage("remote write of targets 0..11, scrapes 20..29 answered 400: out of bounds");
        assertThat(requests).isEqualTo(3);
    }

    private static RemoteWriteClient client(URI url) {
        return new RemoteWriteClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), url,
                Protocol.V1, Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
    }
}
