package io.amphora.bench.promql;

import io.amphora.bench.remotewrite.Protocol;
import io.amphora.bench.remotewrite.RemoteWriteClient;
import io.amphora.model.Labels;
import io.amphora.testing.SystemPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus side of {@link PromqlCompare} against Debian's real Prometheus: a dataset loaded through remote
 * write comes back from {@code query_range} sample for sample, with the engine's timings.
 */
class PrometheusRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void prometheusAnswersWithExactlyTheSamplesTheBackfillWrote() throws Exception {
        Path prometheus = SystemPrograms.require("prometheus", "prometheus");
        int port = freePort();
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
        Process process = new ProcessBuilder(prometheus.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitReady(http, base, process);
            // 10 pods over the last 30 minutes (Prometheus's head takes any time range when it starts empty).
            BenchmarkDataset dataset = new BenchmarkDataset(200, Duration.ofMinutes(30), Duration.ofSeconds(15));
            long start = Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 31 * 60_000L;
            PromqlBenchmarkData data = new PromqlBenchmarkData(dataset, start, 11);
            RemoteWriteClient writer = new RemoteWriteClient(http, base.resolve("/api/v1/write"), Protocol.V1,
                    Optional.empty(), Optional.empty(), Duration.ofSeconds(30));
            new RemoteWriteBackfill(data, writer, 4, 20, 2, System::nanoTime, line -> { }).run();

            Map<Labels, double[][]> answered = new HashMap<>();
            PrometheusRangeResponse response = new PrometheusQueryClient(http, base, Duration.ofMinutes(1)).queryRange(
                    "http_request_duration_seconds_bucket", data.queryStartMillis(), data.queryEndMillis(),
                    PromqlBenchmarkData.QUERY_STEP_MILLIS,
                    (labels, timestamps, values) -> answered.put(labels, new double[][] {toDoubles(timestamps), values}));

            assertThat(response.seriesCount()).isEqualTo(100);
            assertThat(response.timings().execTotalTime()).isPositive();
            assertThat(response.totalQueryableSamples()).isPositive();
            double[] values = new double[PromqlBenchmarkData.SERIES_PER_TARGET];
            for (int t = 0; t < data.targetCount(); t++) {
                // At each step, the newest sample at or before it (all are within the 5-minute lookback); steps
                // before the pod's first scrape have none, and Prometheus leaves them out.
                long[] sampleTimes = new long[data.scrapesPerSeries()];
                double[][] sampleValues = new double[data.scrapesPerSeries()][];
                PromqlBenchmarkData.TargetCursor cursor = data.cursor(t);
                for (int k = 0; k < data.scrapesPerSeries(); k++) {
                    sampleTimes[k] = cursor.next(values, 0);
                    sampleValues[k] = values.clone();
                }
                for (int b = 0; b < 10; b++) {
                    List<Double> expectedTimes = new ArrayList<>();
                    List<Double> expectedValues = new ArrayList<>();
                    for (int step = 0; step <= 120; step++) {
                        long at = data.queryStartMillis() + step * PromqlBenchmarkData.QUERY_STEP_MILLIS;
                        int newest = -1;
                        while (newest + 1 < sampleTimes.length && sampleTimes[newest + 1] <= at) {
                            newest++;
                        }
                        if (newest >= 0) {
                            expectedTimes.add((double) at);
                            expectedValues.add(sampleValues[newest][PromqlBenchmarkData.BUCKETS + b]);
                        }
                    }
                    double[][] series = answered.get(data.labels(t * PromqlBenchmarkData.SERIES_PER_TARGET
                            + PromqlBenchmarkData.BUCKETS + b));
                    assertThat(series).as("pod %d bucket %d", t, b).isNotNull();
                    assertThat(expectedTimes).hasSizeBetween(120, 121);
                    assertThat(series[0]).containsExactly(expectedTimes.stream().mapToDouble(Double::doubleValue).toArray());
                    assertThat(series[1]).containsExactly(expectedValues.stream().mapToDouble(Double::doubleValue).toArray());
                }
            }
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static double[] toDoubles(long[] timestamps) {
        double[] result = new double[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            result[i] = timestamps[i];
        }
        return result;
    }

    private static void awaitReady(HttpClient http, URI base, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("prometheus is running").isTrue();
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus not ready within 30 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
