package io.amphora.app;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.amphora.app.RemoteWriteBodies.TestSeries;
import io.amphora.app.RemoteWriteBodies.V2Metadata;
import io.amphora.app.grpc.GrpcServers;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.proto.ingester.v1.Chunk;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.MetricMetadata;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.proto.remotewrite.v2.Metadata.MetricType;
import io.amphora.proto.remotewrite.v2.Request;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.FloatHistogramChunk;
import io.amphora.tsdb.chunkenc.FloatHistogramIterator;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.HistogramIterator;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.amphora.app.IngesterReadback.equal;
import static io.amphora.app.RemoteWriteBodies.V1_CONTENT_TYPE;
import static io.amphora.app.RemoteWriteBodies.V2_CONTENT_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote write through the single process ({@code --amphora.target=all}): HTTP into the distributor, in-process gRPC
 * into the ingester, and back out through the ingester's gRPC query service, as a querier reads it. Each test writes
 * to its own workspaces, so the tests do not depend on each other's data or rate-limit buckets.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "amphora.grpc.port=0",
            // This test is about the data plane behind the gateway; GatewayIntegrationTest covers authentication.
            "amphora.gateway.auth-enabled=false",
            "amphora.grpc.in-process-name=" + RemoteWriteIntegrationTest.IN_PROCESS_NAME,
            "amphora.runtime-config.period=100ms"})
// Closed after the class, before JUnit deletes its directory, rather than kept in Spring's context cache.
@DirtiesContext
class RemoteWriteIntegrationTest {
    static final String IN_PROCESS_NAME = "remote-write-integration-test";
    private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(10);
    private static final String THROTTLED_CONFIG = """
            overrides:
              ws-throttled:
                ingestion_rate: 1
                ingestion_burst_size: 5
            """;
    private static final String RAISED_CONFIG = """
            overrides:
              ws-throttled:
                ingestion_rate: 100000
                ingestion_burst_size: 100000
            """;

    @TempDir
    static Path root;

    @LocalServerPort
    int httpPort;

    @Autowired
    GrpcServers grpcServers;

    private RemoteWriteHttp http;
    private ManagedChannel inProcess;
    private IngesterReadback ingester;

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(runtimeConfig(), THROTTLED_CONFIG);
        registry.add("amphora.data-dir", () -> root.resolve("data").toString());
        registry.add("amphora.runtime-config.file", () -> runtimeConfig().toString());
    }

    private static Path runtimeConfig() {
        return root.resolve("runtime.yaml");
    }

    @BeforeEach
    void connect() {
        http = new RemoteWriteHttp(httpPort);
        inProcess = InProcessChannelBuilder.forName(IN_PROCESS_NAME).build();
        ingester = new IngesterReadback(inProcess);
    }

    @AfterEach
    void disconnect() {
        inProcess.shutdownNow();
    }

    @Test
    void remoteWrite10IsReadBackThroughTheIngesterGrpcServiceBitForBit() throws Exception {
        long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        TestSeries counter = TestSeries.of("__name__", "rw_requests_total", "job", "api", "instance", "a")
                .sample(t0, 1.0).sample(t0 + 15_000, 2.5)
                .sample(t0 + 30_000, Double.longBitsToDouble(0x7ff8000000000001L))
                .sample(t0 + 45_000, -0.0).sample(t0 + 60_000, Double.POSITIVE_INFINITY);
        // Labels out of order and an empty value, as a careless sender writes them.
        TestSeries gauge = TestSeries.of("zone", "", "job", "api", "__name__", "rw_temperature")
                .sample(t0, Double.MIN_VALUE).sample(t0 + 1, Double.NEGATIVE_INFINITY)
                .sample(t0 + 2, Double.MAX_VALUE).sample(t0 + 3, 1e-300)
                .sample(t0 + 4, Double.longBitsToDouble(0x7ff0000000000002L));
        // Long enough to span several XOR chunks.
        TestSeries many = TestSeries.of("__name__", "rw_random", "job", "api");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            many = many.sample(t0 + i * 1000L, random.nextDouble() * Math.pow(10, random.nextInt(-20, 20)));
        }
        List<TestSeries> written = List.of(counter, gauge, many);

        HttpResponse<String> response = http.write("ws-roundtrip", V1_CONTENT_TYPE, RemoteWriteBodies.v1(written));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-prometheus-remote-write"));
        Map<String, SortedMap<Long, Long>> expected = expected(written);
        assertThat(expected).containsKey("{__name__=\"rw_temperature\", job=\"api\"}");
        assertThat(ingester.samples("ws-roundtrip")).isEqualTo(expected);
        ManagedChannel network = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcServers.port(),
                InsecureChannelCredentials.create()).build();
        try {
            assertThat(new IngesterReadback(network).samples("ws-roundtrip", equal("job", "api"))).isEqualTo(expected);
        } finally {
            network.shutdownNow();
        }
    }

    @Test
    void metadataOnlyRequestsAreStoredPerMetricFamily() throws Exception {
        byte[] body = RemoteWriteBodies.snappy(RemoteWriteBodies.v1Request(List.of(), List.of(
                io.amphora.proto.prometheus.MetricMetadata.newBuilder()
                        .setType(io.amphora.proto.prometheus.MetricMetadata.MetricType.COUNTER)
                        .setMetricFamilyName("rw_requests_total").setHelp("Requests served.").setUnit("requests").build()))
                .toByteArray());

        HttpResponse<String> response = http.write("ws-metadata", V1_CONTENT_TYPE, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(ingester.metadata("ws-metadata")).containsExactly(MetricMetadata.newBuilder()
                .setMetricFamilyName("rw_requests_total").setType("counter").setHelp("Requests served.")
                .setUnit("requests").build());
    }

    @Test
    void pushWithScopeOrgIdStoresForThatWorkspaceAndWithoutItAnswers401() throws Exception {
        long now = System.currentTimeMillis();
        TestSeries pushed = TestSeries.of("__name__", "rw_pushed", "via", "push").sample(now, 42.0);
        TestSeries anonymous = TestSeries.of("__name__", "rw_pushed", "via", "anonymous").sample(now, 7.0);

        HttpResponse<String> withOrgId = http.post("/api/v1/push",
                Map.of("Content-Type", V1_CONTENT_TYPE, "Content-Encoding", "snappy", "X-Scope-OrgID", "ws-push"),
                RemoteWriteBodies.v1(List.of(pushed)));
        HttpResponse<String> withoutOrgId = http.post("/api/v1/push",
                Map.of("Content-Type", V1_CONTENT_TYPE, "Content-Encoding", "snappy"),
                RemoteWriteBodies.v1(List.of(anonymous)));

        assertThat(withOrgId.statusCode()).as(withOrgId.body()).isEqualTo(204);
        assertThat(withoutOrgId.statusCode()).isEqualTo(401);
        assertThat(withoutOrgId.body()).isEqualTo("no org id\n");
        assertThat(ingester.samples("ws-push")).isEqualTo(expected(List.of(pushed)));
    }

    @Test
    void workspacesNeverSeeEachOthersSeries() throws Exception {
        long now = System.currentTimeMillis();
        TestSeries ofA = TestSeries.of("__name__", "rw_shared_name", "owner", "a").sample(now, 1.0);
        TestSeries ofB = TestSeries.of("__name__", "rw_shared_name", "owner", "b").sample(now, 2.0);
        TestSeries onlyB = TestSeries.of("__name__", "rw_only_in_b", "owner", "b").sample(now, 3.0);

        assertThat(http.write("ws-iso-a", V1_CONTENT_TYPE, RemoteWriteBodies.v1(List.of(ofA))).statusCode()).isEqualTo(204);
        HttpResponse<String> b = http.post("/api/v1/push",
                Map.of("Content-Type", V1_CONTENT_TYPE, "X-Scope-OrgID", "ws-iso-b"), RemoteWriteBodies.v1(List.of(ofB, onlyB)));
        assertThat(b.statusCode()).as(b.body()).isEqualTo(204);

        assertThat(ingester.samples("ws-iso-a")).isEqualTo(expected(List.of(ofA)));
        assertThat(ingester.samples("ws-iso-b")).isEqualTo(expected(List.of(ofB, onlyB)));
        assertThat(ingester.series("ws-iso-a", equal("__name__", "rw_shared_name"))).containsExactly(ofA.key());
        assertThat(ingester.series("ws-iso-b", equal("__name__", "rw_shared_name"))).containsExactly(ofB.key());
        assertThat(ingester.labelValues("ws-iso-a", "owner")).containsExactly("a");
        assertThat(ingester.labelValues("ws-iso-a", "__name__")).containsExactly("rw_shared_name");
        assertThat(ingester.labelValues("ws-iso-b", "owner")).containsExactly("b");
        assertThat(ingester.samples("ws-iso-c")).isEmpty();
    }

    @Test
    void remoteWrite20AnswersWrittenCountsAndStoresSamplesAndMetadata() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        List<TestSeries> written = List.of(
                TestSeries.of("__name__", "rw2_requests_total", "job", "api", "code", "200")
                        .sample(t0, 1).sample(t0 + 1000, 2).sample(t0 + 2000, 3).sample(t0 + 3000, 4),
                TestSeries.of("__name__", "rw2_requests_total", "job", "api", "code", "500")
                        .sample(t0, 0).sample(t0 + 1000, 0).sample(t0 + 2000, 1).sample(t0 + 3000, 1),
                TestSeries.of("__name__", "rw2_temperature", "job", "api")
                        .sample(t0, -0.0).sample(t0 + 1000, Double.NaN).sample(t0 + 2000, 21.5).sample(t0 + 3000, 1e308));
        Request request = RemoteWriteBodies.v2Request(written, Map.of(
                "rw2_requests_total", new V2Metadata(MetricType.METRIC_TYPE_COUNTER, "Requests served.", "requests")));

        HttpResponse<String> response = http.write("ws-v2", V2_CONTENT_TYPE, RemoteWriteBodies.snappy(request.toByteArray()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue("12");
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Histograms-Written")).hasValue("0");
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Exemplars-Written")).hasValue("0");
        assertThat(ingester.samples("ws-v2")).isEqualTo(expected(written));
        assertThat(ingester.metadata("ws-v2")).containsExactly(MetricMetadata.newBuilder()
                .setMetricFamilyName("rw2_requests_total").setType("counter").setHelp("Requests served.")
                .setUnit("requests").build());
    }

    /**
     * Native histograms through the whole write path, in the requests real senders make (snappy-compressed 2.0
     * protobuf): an integer counter histogram whose buckets grow (so the ingester re-encodes its chunk), a
     * custom-bucket (NHCB) histogram and a float gauge histogram with a staleness marker. They come back through the
     * ingester's QueryStream as Prometheus histogram and float histogram chunks holding exactly what was sent.
     */
    @Test
    void remoteWrite20NativeHistogramsAreStoredAndStreamedBackAsHistogramChunks() throws Exception {
        long t0 = System.currentTimeMillis() - 600_000;
        List<String> symbols = List.of("", "__name__", "rw2_latency_seconds", "job", "api", "rw2_queue_depth", "rw2_nhcb_seconds");
        var counter = io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(1, 2, 3, 4));
        List<Histogram> sentCounter = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int buckets = 2 + i / 10;
            var h = io.amphora.proto.remotewrite.v2.Histogram.newBuilder().setTimestamp(t0 + i * 15_000L)
                    .setSchema(3).setZeroThreshold(0x1p-128).setZeroCountInt(i).setSum(i * 1.5)
                    .addPositiveSpans(io.amphora.proto.remotewrite.v2.BucketSpan.newBuilder().setOffset(-2).setLength(buckets));
            long previous = 0;
            long total = i;
            long[] deltas = new long[buckets];
            for (int b = 0; b < buckets; b++) {
                long count = (long) (b + 1) * i;
                deltas[b] = count - previous;
                h.addPositiveDeltas(deltas[b]);
                previous = count;
                total += count;
            }
            counter.addHistograms(h.setCountInt(total));
            sentCounter.add(new Histogram(CounterResetHint.UNKNOWN, 3, 0x1p-128, i, total, i * 1.5,
                    new Span[] {new Span(-2, buckets)}, deltas, new Span[0], new long[0], new double[0]));
        }
        var nhcb = io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(1, 6, 3, 4))
                .addHistograms(io.amphora.proto.remotewrite.v2.Histogram.newBuilder().setTimestamp(t0).setSchema(-53)
                        .setCountInt(6).setSum(2.25).addPositiveSpans(io.amphora.proto.remotewrite.v2.BucketSpan.newBuilder()
                                .setOffset(0).setLength(3)).addAllPositiveDeltas(List.of(1L, 2L, -1L))
                        .addAllCustomValues(List.of(0.1, 0.5))
                        .setResetHint(io.amphora.proto.remotewrite.v2.Histogram.ResetHint.RESET_HINT_NO));
        var gauge = io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(1, 5, 3, 4));
        for (int i = 0; i < 5; i++) {
            gauge.addHistograms(io.amphora.proto.remotewrite.v2.Histogram.newBuilder().setTimestamp(t0 + i * 15_000L)
                    .setSchema(0).setCountFloat(10.5 - i).setZeroCountFloat(0.5).setSum(i == 4 ? STALE_NAN : -3.25 * i)
                    .setResetHint(io.amphora.proto.remotewrite.v2.Histogram.ResetHint.RESET_HINT_GAUGE)
                    .addPositiveSpans(io.amphora.proto.remotewrite.v2.BucketSpan.newBuilder().setOffset(1).setLength(1))
                    .addPositiveCounts(10 - i));
        }
        Request request = Request.newBuilder().addAllSymbols(symbols).addTimeseries(counter).addTimeseries(nhcb)
                .addTimeseries(gauge).build();

        HttpResponse<String> response = http.write("ws-histograms", V2_CONTENT_TYPE, RemoteWriteBodies.snappy(request.toByteArray()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue("0");
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Histograms-Written")).hasValue("46");
        Map<String, List<StreamingSeries>> streamed = new TreeMap<>();
        IngesterGrpc.newBlockingStub(inProcess).queryStream(QueryRequest.newBuilder().setTenant("ws-histograms")
                .setStartTimestampMs(Long.MIN_VALUE).setEndTimestampMs(Long.MAX_VALUE).build()).forEachRemaining(r -> {
                    for (StreamingSeries s : r.getSeriesList()) {
                        streamed.computeIfAbsent(s.getLabels(0).getValue() + "/" + s.getLabels(1).getValue(),
                                k -> new java.util.ArrayList<>()).add(s);
                    }
                });

        List<Histogram> readCounter = new java.util.ArrayList<>();
        for (Chunk c : streamed.get("rw2_latency_seconds/api").getFirst().getChunksList()) {
            assertThat(c.getEncoding()).isEqualTo(HistogramChunk.ENCODING);
            HistogramIterator it = HistogramIterator.of(c.getData().toByteArray(), null);
            while (it.next() == ValueType.HISTOGRAM) {
                readCounter.add(it.atHistogram().withCounterResetHint(CounterResetHint.UNKNOWN).compact(0));
            }
        }
        assertThat(readCounter).containsExactlyElementsOf(sentCounter.stream().map(h -> h.compact(0)).toList());

        Chunk nhcbChunk = streamed.get("rw2_nhcb_seconds/api").getFirst().getChunks(0);
        HistogramIterator nhcbIt = HistogramIterator.of(nhcbChunk.getData().toByteArray(), null);
        assertThat(nhcbIt.next()).isEqualTo(ValueType.HISTOGRAM);
        assertThat(nhcbIt.atHistogram().customValues()).containsExactly(0.1, 0.5);
        assertThat(nhcbIt.atHistogram().positiveBuckets()).containsExactly(1, 2, -1);

        Chunk gaugeChunk = streamed.get("rw2_queue_depth/api").getFirst().getChunks(0);
        assertThat(gaugeChunk.getEncoding()).isEqualTo(FloatHistogramChunk.ENCODING);
        FloatHistogramIterator gaugeIt = FloatHistogramIterator.of(gaugeChunk.getData().toByteArray(), null);
        List<Double> sums = new java.util.ArrayList<>();
        List<CounterResetHint> hints = new java.util.ArrayList<>();
        while (gaugeIt.next() == ValueType.FLOAT_HISTOGRAM) {
            hints.add(gaugeIt.atFloatHistogram().counterResetHint());
            sums.add(gaugeIt.atFloatHistogram().sum());
        }
        assertThat(hints).hasSize(5);
        assertThat(hints.subList(0, 4)).containsOnly(CounterResetHint.GAUGE);
        assertThat(Double.doubleToRawLongBits(sums.getLast())).isEqualTo(Double.doubleToRawLongBits(STALE_NAN));
        assertThat(sums.subList(0, 4)).containsExactly(-0.0, -3.25, -6.5, -9.75);
    }

    @Test
    void partialRemoteWrite20CountsOnlyTheStoredSamples() throws Exception {
        long now = System.currentTimeMillis();
        TestSeries valid = TestSeries.of("__name__", "rw2_partial", "job", "api")
                .sample(now - 2000, 1).sample(now - 1000, 2).sample(now, 3);
        TestSeries nameless = TestSeries.of("job", "api").sample(now - 1000, 1).sample(now, 2);

        HttpResponse<String> response = http.write("ws-v2-partial", V2_CONTENT_TYPE,
                RemoteWriteBodies.snappy(RemoteWriteBodies.v2Request(List.of(nameless, valid), Map.of()).toByteArray()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("sample missing metric name")
                .contains("(1 series and 2 samples rejected of 5 samples received");
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue("3");
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Histograms-Written")).hasValue("0");
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Exemplars-Written")).hasValue("0");
        assertThat(ingester.samples("ws-v2-partial")).isEqualTo(expected(List.of(valid)));
    }

    @Test
    void partialBatchStoresTheValidSeriesAndAnswers400NamingTheRejected() throws Exception {
        long now = System.currentTimeMillis();
        TestSeries first = TestSeries.of("__name__", "rw_partial", "n", "1").sample(now - 1000, 1).sample(now, 2);
        TestSeries nameless = TestSeries.of("job", "api").sample(now, 3);
        TestSeries duplicateLabel = TestSeries.of("__name__", "rw_partial", "n", "2", "n", "3").sample(now, 4);
        TestSeries second = TestSeries.of("__name__", "rw_partial", "n", "4").sample(now, 5);

        HttpResponse<String> response = http.write("ws-partial", V1_CONTENT_TYPE,
                RemoteWriteBodies.v1(List.of(first, nameless, duplicateLabel, second)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("sample missing metric name")
                .contains("duplicate label name: \"n\"")
                .contains("(2 series and 2 samples rejected of 5 samples received");
        assertThat(ingester.samples("ws-partial")).isEqualTo(expected(List.of(first, second)));

        // The ingester's own refusal (a new value for a stored timestamp) also leaves the rest of the batch stored.
        TestSeries rewrite = TestSeries.of("__name__", "rw_partial", "n", "1").sample(now, 99);
        TestSeries more = TestSeries.of("__name__", "rw_partial", "n", "4").sample(now + 1000, 6);
        HttpResponse<String> again = http.write("ws-partial", V1_CONTENT_TYPE, RemoteWriteBodies.v1(List.of(rewrite, more)));

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("duplicate sample for timestamp");
        assertThat(ingester.samples("ws-partial")).isEqualTo(expected(List.of(first, second.sample(now + 1000, 6))));
        assertThat(HttpProbe.get(httpPort, "/metrics").body())
                .containsPattern("(?m)^cortex_discarded_samples_total\\{reason=\"missing_metric_name\",user=\"ws-partial\"} 1\\.0$")
                .containsPattern("(?m)^cortex_discarded_samples_total\\{reason=\"duplicate_label_names\",user=\"ws-partial\"} 1\\.0$")
                .containsPattern("(?m)^cortex_discarded_samples_total\\{reason=\"new-value-for-timestamp\",user=\"ws-partial\"} 1\\.0$");
    }

    @Test
    void runtimeOverridesThrottleOnlyTheirWorkspaceAndReloadWithoutRestart() throws Exception {
        long t0 = System.currentTimeMillis() - 60_000;
        TestSeries tenSamples = TestSeries.of("__name__", "rw_throttled", "job", "api");
        for (int i = 0; i < 10; i++) {
            tenSamples = tenSamples.sample(t0 + i * 1000L, i);
        }
        byte[] body = RemoteWriteBodies.v1(List.of(tenSamples));
        assertThat(HttpProbe.get(httpPort, "/runtime_config").body())
                .contains("overrides:\n  ws-throttled:\n    ingestion_rate: 1.0\n    ingestion_burst_size: 5\n");

        HttpResponse<String> throttled = http.write("ws-throttled", V1_CONTENT_TYPE, body);
        HttpResponse<String> unthrottled = http.write("ws-unthrottled", V1_CONTENT_TYPE, body);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).isEqualTo("ingestion rate limit (1) exceeded while adding 10 samples and 0 metadata\n");
        assertThat(ingester.samples("ws-throttled")).isEmpty();
        assertThat(unthrottled.statusCode()).as(unthrottled.body()).isEqualTo(204);
        assertThat(ingester.samples("ws-unthrottled")).isEqualTo(expected(List.of(tenSamples)));
        assertThat(HttpProbe.get(httpPort, "/metrics").body())
                .containsPattern("(?m)^cortex_discarded_samples_total\\{reason=\"rate_limited\",user=\"ws-throttled\"} 10\\.0$");

        Files.writeString(runtimeConfig(), RAISED_CONFIG);
        awaitRuntimeConfig("    ingestion_burst_size: 100000\n");

        HttpResponse<String> afterReload = http.write("ws-throttled", V1_CONTENT_TYPE, body);
        assertThat(afterReload.statusCode()).as(afterReload.body()).isEqualTo(204);
        assertThat(ingester.samples("ws-throttled")).isEqualTo(expected(List.of(tenSamples)));
        assertThat(HttpProbe.get(httpPort, "/runtime_config").body())
                .contains("overrides:\n  ws-throttled:\n    ingestion_rate: 100000.0\n    ingestion_burst_size: 100000\n");
    }

    private void awaitRuntimeConfig(String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = HttpProbe.get(httpPort, "/runtime_config").body();
            if (shown.contains(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/runtime_config did not show " + expected.strip() + " within " + RELOAD_TIMEOUT
                + "; it shows:\n" + shown);
    }

    private static Map<String, SortedMap<Long, Long>> expected(List<TestSeries> series) {
        Map<String, SortedMap<Long, Long>> out = new TreeMap<>();
        for (TestSeries s : series) {
            out.put(s.key(), s.samples());
        }
        return out;
    }
}
