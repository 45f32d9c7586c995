package io.amphora.distributor.http;

import io.amphora.distributor.Distributor;
import io.amphora.distributor.DistributorConfig;
import io.amphora.distributor.IngesterClient.Series;
import io.amphora.distributor.TestingIngesterClient;
import io.amphora.distributor.http.RemoteWriteHandler.Response;
import io.amphora.distributor.limits.IngestionRateLimiter;
import io.amphora.distributor.remotewrite.RemoteWriteDecoder;
import io.amphora.distributor.remotewrite.RemoteWriteHeaders;
import io.amphora.distributor.remotewrite.WireRequests;
import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.proto.remotewrite.v2.BucketSpan;
import io.amphora.proto.remotewrite.v2.Exemplar;
import io.amphora.proto.remotewrite.v2.Histogram;
import io.amphora.ring.HashRing;
import io.amphora.ring.InstanceDesc;
import io.amphora.ring.InstanceState;
import io.amphora.ring.RingDesc;
import io.amphora.ring.ha.HaTracker;
import io.amphora.ring.ha.HaTrackerConfig;
import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.testing.TestingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static io.amphora.distributor.remotewrite.WireRequests.V2_CONTENT_TYPE;
import static io.amphora.distributor.remotewrite.WireRequests.snappy;
import static io.amphora.distributor.remotewrite.WireRequests.v1Sample;
import static io.amphora.distributor.remotewrite.WireRequests.v1Series;
import static io.amphora.distributor.remotewrite.WireRequests.v2Sample;
import static org.assertj.core.api.Assertions.assertThat;

class RemoteWriteHandlerTest {
    private static final String TENANT = "ws-1";
    private static final long NOW = TestingClock.DEFAULT_START.toEpochMilli();
    private static final String INGESTER = "ingester-1:9095";
    private static final String V1_CONTENT_TYPE = "application/x-protobuf;proto=prometheus.WriteRequest";
    private static final int MAX_BODY = 1024;

    private final TestingClock clock = new TestingClock();
    private final TestingIngesterClient ingesters = new TestingIngesterClient();
    private final HaTracker haTracker = new HaTracker(new InMemoryKvStore(), clock, HaTrackerConfig.defaults());
    private final RingDesc ring = new RingDesc(Map.of("ingester-1",
            new InstanceDesc("ingester-1", INGESTER, "", InstanceState.ACTIVE, new int[] {0}, clock.instant())));

    @AfterEach
    void closeTracker() {
        haTracker.close();
    }

    // ---- refused before decoding ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void answersUnauthorizedWithoutAWorkspace(String tenant) {
        Response response = handler().handle(tenant, V1_CONTENT_TYPE, "snappy", body(v1Request()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("no org id\n");
        assertThat(ingesters.pushes()).isEmpty();
    }

    @Test
    void refusesAnInvalidWorkspaceId() {
        Response response = handler().handle("ws/1", V1_CONTENT_TYPE, "snappy", body(v1Request()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("invalid workspace id: tenant id contains unsupported character '/'\n");
        assertThat(ingesters.pushes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "application/x-protobuf;proto=io.prometheus.write.v3.Request"})
    void refusesAnUnknownContentTypeAsUnsupported(String contentType) {
        Response response = handler().handle(TENANT, contentType, "snappy", body(v1Request()));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body()).contains(contentType);
        assertThat(response.headers()).isEmpty();
        assertThat(ingesters.pushes()).isEmpty();
    }

    @Test
    void refusesAnEncodingOtherThanSnappyAsUnsupported() {
        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "gzip", body(v1Request()));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.body()).startsWith("gzip encoding (compression) is not accepted by this server");
    }

    @Test
    void refusesABodyLongerThanTheLimitBeforeDecodingIt() {
        byte[] tooLong = new byte[MAX_BODY + 1];
        new Random(1).nextBytes(tooLong);

        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", body(tooLong));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("request body too large: over 1024 bytes\n");
    }

    @Test
    void readsABodyOfExactlyTheLimit() {
        byte[] garbage = new byte[MAX_BODY];
        new Random(1).nextBytes(garbage);

        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", body(garbage));

        assertThat(response.status()).as("decoded (and refused as corrupt), not refused for its size").isEqualTo(400);
    }

    @Test
    void refusesASmallBodyThatDecompressesBeyondTheLimit() {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int i = 0; i < 40; i++) {
            request.addTimeseries(v1Series("__name__", "http_requests_total", "job", "api", "instance", "host-" + i)
                    .addSamples(v1Sample(NOW, i)));
        }
        byte[] raw = request.build().toByteArray();
        byte[] compressed = snappy(raw);
        assertThat(raw.length).isGreaterThan(MAX_BODY);
        assertThat(compressed.length).isLessThanOrEqualTo(MAX_BODY);

        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", body(compressed));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("received message larger than max (" + raw.length + " vs 1024)\n");
        assertThat(ingesters.pushes()).isEmpty();
    }

    @Test
    void refusesCorruptSnappy() {
        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", body(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).startsWith("snappy: corrupt input");
    }

    @Test
    void refusesABodyThatIsNotTheProtobufMessage() {
        byte[] notProtobuf = snappy(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

        Response v1 = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", body(notProtobuf));
        Response v2 = handler().handle(TENANT, V2_CONTENT_TYPE, "snappy", body(notProtobuf));

        assertThat(v1.status()).isEqualTo(400);
        assertThat(v1.body()).startsWith("decoding prometheus.WriteRequest: ");
        assertThat(v2.status()).isEqualTo(400);
        assertThat(v2.body()).startsWith("decoding io.prometheus.write.v2.Request: ");
        assertThat(ingesters.pushes()).isEmpty();
    }

    @Test
    void refusesABodyThatCannotBeRead() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", failing);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("failed to read request body: connection reset\n");
    }

    // ---- remote write 1.0 ----------------------------------------------------------------------------------------------

    @Test
    void answersNoContentWhenEverythingIsStored() {
        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", body(v1Request()));

        assertThat(response).isEqualTo(new Response(204, Map.of(), ""));
        Series stored = ingesters.stored(INGESTER).getFirst();
        assertThat(stored.labels()).isEqualTo(Labels.of("__name__", "up", "job", "api"));
        assertThat(stored.timestamps()).containsExactly(NOW - 1000, NOW);
        assertThat(stored.values()).containsExactly(1, 0);
        assertThat(ingesters.pushes()).singleElement().satisfies(p -> assertThat(p.tenant()).isEqualTo(TenantId.of(TENANT)));
    }

    @Test
    void acceptsARequestWithoutContentTypeOrEncodingAsSnappy10() {
        Response response = handler().handle(TENANT, null, null, body(v1Request()));

        assertThat(response.status()).isEqualTo(204);
        assertThat(ingesters.storedLabels(INGESTER)).hasSize(1);
    }

    @Test
    void neverSendsTheWrittenHeadersFor10() {
        byte[] partlyInvalid = snappy(WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "up").addSamples(v1Sample(NOW, 1)))
                .addTimeseries(v1Series("job", "no-name").addSamples(v1Sample(NOW, 1)))
                .build().toByteArray());

        Response response = handler().handle(TENANT, V1_CONTENT_TYPE, "snappy", body(partlyInvalid));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).startsWith("sample missing metric name");
        assertThat(response.headers()).isEmpty();
        assertThat(ingesters.storedLabels(INGESTER)).containsExactly(Labels.of("__name__", "up"));
    }

    @Test
    void answersAcceptedWithoutStoringForANonElectedReplica() {
        RemoteWriteHandler handler = handler();
        assertThat(handler.handle(TENANT, V1_CONTENT_TYPE, "snappy", body(haRequest("r1"))).status()).isEqualTo(204);

        Response response = handler.handle(TENANT, V1_CONTENT_TYPE, "snappy", body(haRequest("r2")));

        assertThat(response).isEqualTo(new Response(202, Map.of(), "replicas did not match, rejecting sample: replica=r2, elected=r1\n"));
        assertThat(ingesters.storedLabels(INGESTER)).containsExactly(Labels.of("__name__", "up", "cluster", "c"));
    }

    // ---- remote write 2.0 ----------------------------------------------------------------------------------------------

    @Test
    void reportsWhatWasWrittenFor20() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "up", "job", "api").addSamples(v2Sample(NOW - 1000, 1)).addSamples(v2Sample(NOW, 1)).build());
        request.add(request.series("__name__", "up", "job", "db").addSamples(v2Sample(NOW, 0)).build());

        Response response = handler().handle(TENANT, V2_CONTENT_TYPE, "snappy", body(request.body()));

        assertThat(response).isEqualTo(new Response(204, written(3, 0, 0), ""));
        assertThat(ingesters.storedLabels(INGESTER)).containsExactly(
                Labels.of("__name__", "up", "job", "api"), Labels.of("__name__", "up", "job", "db"));
    }

    @Test
    void reportsWhatWasWrittenWhenA20RequestIsPartlyInvalid() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "up").addSamples(v2Sample(NOW - 1000, 1)).addSamples(v2Sample(NOW, 1)).build());
        request.add(request.series("job", "no-name").addSamples(v2Sample(NOW, 1)).build());
        request.add(io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder().addLabelsRefs(99).addLabelsRefs(98)
                .addSamples(v2Sample(NOW, 1)).build());

        Response response = handler().handle(TENANT, V2_CONTENT_TYPE, "snappy", body(request.body()));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).isEqualTo(written(2, 0, 0));
        assertThat(response.body()).contains("label reference 99 is outside of the symbol table").contains("sample missing metric name");
        assertThat(ingesters.storedLabels(INGESTER)).containsExactly(Labels.of("__name__", "up"));
    }

    @Test
    void reportsHistogramsButNoExemplarsWrittenFor20() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "latency_seconds").addHistograms(Histogram.newBuilder().setTimestamp(NOW)
                .setCountInt(4).setSum(10).setSchema(0).setZeroThreshold(0.001).setZeroCountInt(1)
                .addPositiveSpans(BucketSpan.newBuilder().setOffset(0).setLength(2)).addPositiveDeltas(1).addPositiveDeltas(1))
                .build());
        request.add(request.series("__name__", "requests_total").addSamples(v2Sample(NOW, 7))
                .addExemplars(Exemplar.newBuilder().addAllLabelsRefs(request.refs("trace_id", "abc")).setValue(7).setTimestamp(NOW))
                .build());

        Response response = handler().handle(TENANT, V2_CONTENT_TYPE, "snappy", body(request.body()));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.headers()).isEqualTo(written(1, 1, 0));
        assertThat(ingesters.storedLabels(INGESTER)).containsExactlyInAnyOrder(Labels.of("__name__", "requests_total"),
                Labels.of("__name__", "latency_seconds"));
    }

    @Test
    void sendsTheWrittenHeadersOnEveryAnswerTo20() {
        Overrides throttled = Overrides.of(Limits.defaults().with(Map.of("ingestion_rate", 1, "ingestion_burst_size", 1)));
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "up").addSamples(v2Sample(NOW - 1000, 1)).addSamples(v2Sample(NOW, 1)).build());

        Response unauthorized = handler().handle(null, V2_CONTENT_TYPE, "snappy", body(request.body()));
        Response corrupt = handler().handle(TENANT, V2_CONTENT_TYPE, "snappy", body(new byte[] {1, 2, 3}));
        Response tooMany = handler(throttled, () -> new HashRing(ring, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, clock))
                .handle(TENANT, V2_CONTENT_TYPE, "snappy", body(request.body()));

        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(corrupt.status()).isEqualTo(400);
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.body()).isEqualTo("ingestion rate limit (1) exceeded while adding 2 samples and 0 metadata\n");
        assertThat(List.of(unauthorized, corrupt, tooMany)).allSatisfy(r -> assertThat(r.headers()).isEqualTo(written(0, 0, 0)));
    }

    // ---- server faults -------------------------------------------------------------------------------------------------

    @Test
    void answersServerErrorWhenTheIngesterClientThrows() {
        ingesters.throwOnPush(INGESTER, new IllegalStateException("channel shut down"));

        Response response = handler().handle(TENANT, V2_CONTENT_TYPE, "snappy", body(v2Request()));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("failed pushing to ingester ingester-1: channel shut down\n");
        assertThat(response.headers()).isEqualTo(written(0, 0, 0));
    }

    @Test
    void answersServerErrorWhenTheDistributorFailsUnexpectedly() {
        RemoteWriteHandler handler = handler(Overrides.of(Limits.defaults()), () -> {
            throw new IllegalStateException("ring not loaded");
        });

        Response response = handler.handle(TENANT, V2_CONTENT_TYPE, "snappy", body(v2Request()));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("internal error: ring not loaded\n");
        assertThat(response.headers()).isEqualTo(written(0, 0, 0));
    }

    @Test
    void answersServiceUnavailableWithoutLiveIngesters() {
        Response response = handler(Overrides.of(Limits.defaults()),
                () -> new HashRing(RingDesc.EMPTY, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, clock))
                .handle(TENANT, V1_CONTENT_TYPE, "snappy", body(v1Request()));

        assertThat(response).isEqualTo(new Response(503, Map.of(), "at least 1 live replicas required, could only find 0\n"));
    }

    // ---- fixtures ------------------------------------------------------------------------------------------------------

    private RemoteWriteHandler handler() {
        return handler(Overrides.of(Limits.defaults()), () -> new HashRing(ring, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, clock));
    }

    private RemoteWriteHandler handler(Overrides overrides, Supplier<HashRing> ring) {
        DistributorConfig config = new DistributorConfig(1, Duration.ofMillis(200), MAX_BODY,
                DistributorConfig.DEFAULT_HA_FAILOVER_TIMEOUT, DistributorConfig.DEFAULT_HA_UPDATE_TIMEOUT);
        Distributor distributor = new Distributor(config, overrides, haTracker, ring, ingesters,
                new IngestionRateLimiter(overrides, clock), clock, new SimpleMeterRegistry());
        return new RemoteWriteHandler(new RemoteWriteDecoder(MAX_BODY), distributor);
    }

    private static byte[] v1Request() {
        return snappy(WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "up", "job", "api").addSamples(v1Sample(NOW - 1000, 1)).addSamples(v1Sample(NOW, 0)))
                .build().toByteArray());
    }

    private static byte[] haRequest(String replica) {
        return snappy(WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "up", "__replica__", replica, "cluster", "c").addSamples(v1Sample(NOW, 1)))
                .build().toByteArray());
    }

    private static byte[] v2Request() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "up").addSamples(v2Sample(NOW, 1)).build());
        return request.body();
    }

    private static InputStream body(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static Map<String, String> written(long samples, long histograms, long exemplars) {
        return Map.of(RemoteWriteHeaders.SAMPLES_WRITTEN, String.valueOf(samples),
                RemoteWriteHeaders.HISTOGRAMS_WRITTEN, String.valueOf(histograms),
                RemoteWriteHeaders.EXEMPLARS_WRITTEN, String.valueOf(exemplars));
    }
}
