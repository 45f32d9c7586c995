package io.amphora.ingester.grpc;

import io.amphora.ingester.Ingester;
import io.amphora.ingester.IngesterConfig;
import io.amphora.proto.ingester.v1.DeleteTenantRequest;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelMatcher;
import io.amphora.proto.ingester.v1.LabelNamesRequest;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.LabelValuesRequest;
import io.amphora.proto.ingester.v1.MatchType;
import io.amphora.proto.ingester.v1.MetricsMetadataRequest;
import io.amphora.proto.ingester.v1.PushFailures;
import io.amphora.proto.ingester.v1.PushRequest;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.QueryStreamResponse;
import io.amphora.proto.ingester.v1.Sample;
import io.amphora.proto.ingester.v1.SeriesRequest;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.proto.ingester.v1.TimeSeries;
import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.ring.Lifecycler;
import io.amphora.ring.LifecyclerConfig;
import io.amphora.ring.RingDescCodec;
import io.amphora.ring.RingKeys;
import io.amphora.ring.kv.InMemoryKvStore;
import java.time.Duration;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.FloatHistogramChunk;
import io.amphora.tsdb.chunkenc.FloatHistogramIterator;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.HistogramIterator;
import io.amphora.tsdb.chunkenc.XorIterator;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.Histogram;
import io.amphora.proto.ingester.v1.BucketSpan;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngesterGrpcServiceTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryKvStore kv = new InMemoryKvStore();
    /** Workspace "small" may hold 2 series, 2 metadata families and 1 entry per family. */
    private final Overrides overrides = Overrides.of(Limits.defaults(), Map.of(TenantId.of("small"),
            Limits.defaults().with(Map.of("max_global_series_per_user", 2, "max_metadata_per_user", 2, "max_metadata_per_metric", 1))));
    private Ingester ingester;
    private Server server;
    private ManagedChannel channel;
    private IngesterGrpc.IngesterBlockingStub client;

    @BeforeEach
    void start() throws Exception {
        startIngester();
    }

    private void startIngester() throws Exception {
        ingester = new Ingester(IngesterConfig.defaults(dir), overrides, InstantSource.fixed(java.time.Instant.ofEpochMilli(T0)),
                new SimpleMeterRegistry(), scheduler, new Lifecycler(kv, InstantSource.system(), new java.util.Random(1),
                        new LifecyclerConfig(RingKeys.INGESTER, "ingester-1", "in-process:test", "", 16, Duration.ofSeconds(5), 10)));
        ingester.startAsync().awaitRunning();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new IngesterGrpcService(ingester)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        client = IngesterGrpc.newBlockingStub(channel);
    }

    private void stopIngester() {
        channel.shutdownNow();
        server.shutdownNow();
        ingester.stopAsync().awaitTerminated();
    }

    @AfterEach
    void stop() {
        stopIngester();
        scheduler.shutdownNow();
    }

    private static TimeSeries series(String name, String job, long... timestampsAndValues) {
        TimeSeries.Builder b = TimeSeries.newBuilder()
                .addLabels(LabelPair.newBuilder().setName("__name__").setValue(name))
                .addLabels(LabelPair.newBuilder().setName("job").setValue(job));
        for (int i = 0; i < timestampsAndValues.length; i += 2) {
            b.addSamples(Sample.newBuilder().setTimestampMs(timestampsAndValues[i]).setValue(timestampsAndValues[i + 1]));
        }
        return b.build();
    }

    @Test
    void storesAPushAndStreamsItBackAsChunks() {
        var response = client.push(PushRequest.newBuilder().setTenant("t1")
                .addTimeseries(series("up", "api", T0, 1, T0 + 15_000, 0))
                .addTimeseries(series("up", "web", T0, 1)).build());
        assertThat(response.getSamplesAccepted()).isEqualTo(3);

        List<StreamingSeries> streamed = queryStream("t1", LabelMatcher.newBuilder().setType(MatchType.EQUAL).setName("__name__").setValue("up").build());
        assertThat(streamed).hasSize(2);
        assertThat(streamed.getFirst().getLabelsList()).extracting(LabelPair::getValue).containsExactly("up", "api");
        assertThat(decode(streamed.getFirst())).containsExactly(T0, 1L, T0 + 15_000, 0L);
        assertThat(queryStream("t2")).isEmpty();
    }

    private List<StreamingSeries> queryStream(String tenant, LabelMatcher... matchers) {
        Iterator<QueryStreamResponse> it = client.queryStream(QueryRequest.newBuilder().setTenant(tenant)
                .setStartTimestampMs(0).setEndTimestampMs(Long.MAX_VALUE).addAllMatchers(List.of(matchers)).build());
        List<StreamingSeries> out = new ArrayList<>();
        it.forEachRemaining(r -> out.addAll(r.getSeriesList()));
        return out;
    }

    private static List<Long> decode(StreamingSeries s) {
        List<Long> out = new ArrayList<>();
        s.getChunksList().forEach(c -> {
            XorIterator it = XorIterator.of(c.getData().toByteArray(), null);
            while (it.next() == ValueType.FLOAT) {
                out.add(it.atT());
                out.add((long) it.atValue());
            }
        });
        return out;
    }

    private static io.amphora.proto.ingester.v1.Histogram intHistogram(long t, long bucket) {
        return io.amphora.proto.ingester.v1.Histogram.newBuilder().setTimestampMs(t).setCountInt(bucket + 2)
                .setZeroCountInt(2).setSum(bucket * 0.5).setSchema(3).setZeroThreshold(0x1p-128)
                .addPositiveSpans(BucketSpan.newBuilder().setOffset(-1).setLength(1)).addPositiveDeltas(bucket).build();
    }

    private static io.amphora.proto.ingester.v1.Histogram floatHistogram(long t, double bucket) {
        return io.amphora.proto.ingester.v1.Histogram.newBuilder().setTimestampMs(t).setCountFloat(bucket)
                .setZeroCountFloat(0).setSum(-1).setSchema(Histogram.CUSTOM_BUCKETS_SCHEMA).setResetHint(3)
                .addPositiveSpans(BucketSpan.newBuilder().setOffset(0).setLength(1)).addPositiveCounts(bucket)
                .addCustomValues(0.25).build();
    }

    @Test
    void storesPushedNativeHistogramsAndStreamsThemBackAsHistogramChunks() {
        TimeSeries ints = series("rpc_seconds", "api").toBuilder()
                .addHistograms(intHistogram(T0, 5)).addHistograms(intHistogram(T0 + 15_000, 7)).build();
        TimeSeries floats = series("queue_depth", "api").toBuilder()
                .addHistograms(floatHistogram(T0, 1.5)).addHistograms(floatHistogram(T0 + 15_000, 0.5)).build();

        var response = client.push(PushRequest.newBuilder().setTenant("t1").addTimeseries(ints).addTimeseries(floats).build());

        assertThat(response.getSamplesAccepted()).isEqualTo(4);
        List<StreamingSeries> streamed = queryStream("t1", LabelMatcher.newBuilder().setType(MatchType.EQUAL).setName("job").setValue("api").build());
        assertThat(streamed).hasSize(2);
        StreamingSeries queue = streamed.get(0);
        StreamingSeries rpc = streamed.get(1);
        assertThat(rpc.getChunksList()).singleElement().satisfies(c -> assertThat(c.getEncoding()).isEqualTo(HistogramChunk.ENCODING));
        assertThat(queue.getChunksList()).singleElement().satisfies(c -> assertThat(c.getEncoding()).isEqualTo(FloatHistogramChunk.ENCODING));

        HistogramIterator it = HistogramIterator.of(rpc.getChunks(0).getData().toByteArray(), null);
        assertThat(it.next()).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.atHistogram()).isEqualTo(IngesterGrpcService.toHistogramSample(intHistogram(T0, 5)).histogram());
        assertThat(it.next()).isEqualTo(ValueType.HISTOGRAM);
        assertThat(it.atHistogram().count()).isEqualTo(9);
        FloatHistogramIterator fit = FloatHistogramIterator.of(queue.getChunks(0).getData().toByteArray(), null);
        assertThat(fit.next()).isEqualTo(ValueType.FLOAT_HISTOGRAM);
        assertThat(fit.atFloatHistogram()).isEqualTo(IngesterGrpcService.toHistogramSample(floatHistogram(T0, 1.5)).floatHistogram());
        assertThat(fit.atFloatHistogram().counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
    }

    @Test
    void refusesInvalidHistogramsWithPrometheusMessagesAndStoresTheRest() {
        io.amphora.proto.ingester.v1.Histogram negative = intHistogram(T0, -4);
        TimeSeries bad = series("rpc_seconds", "bad").toBuilder().addHistograms(negative).build();
        TimeSeries unknownHint = series("rpc_seconds", "hint").toBuilder()
                .addHistograms(intHistogram(T0, 1).toBuilder().setResetHint(9)).build();
        TimeSeries good = series("rpc_seconds", "good").toBuilder().addHistograms(intHistogram(T0, 1)).build();

        assertThatThrownBy(() -> client.push(PushRequest.newBuilder().setTenant("t1")
                .addTimeseries(bad).addTimeseries(unknownHint).addTimeseries(good).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    PushFailures failures = e.getTrailers().get(IngesterGrpcService.PUSH_FAILURES_TRAILER);
                    assertThat(failures.getSamplesAccepted()).isEqualTo(1);
                    assertThat(failures.getFailuresList()).hasSize(2);
                    assertThat(failures.getFailures(0).getReason()).isEqualTo("native_histogram_invalid");
                    assertThat(failures.getFailures(0).getMessage()).contains("histogram has a bucket whose observation count is negative");
                    assertThat(failures.getFailures(1).getSamplesRejected()).isEqualTo(1);
                });
        assertThat(queryStream("t1", LabelMatcher.newBuilder().setType(MatchType.EQUAL).setName("job").setValue("good").build())).hasSize(1);
    }

    @Test
    void sortsUnsortedLabelsAndDropsEmptyValuesLikeSortedOnes() {
        TimeSeries unsorted = TimeSeries.newBuilder()
                .addLabels(LabelPair.newBuilder().setName("zone").setValue("eu"))
                .addLabels(LabelPair.newBuilder().setName("empty").setValue(""))
                .addLabels(LabelPair.newBuilder().setName("__name__").setValue("up"))
                .addSamples(Sample.newBuilder().setTimestampMs(T0).setValue(1)).build();
        client.push(PushRequest.newBuilder().setTenant("t1").addTimeseries(unsorted).build());
        client.push(PushRequest.newBuilder().setTenant("t1").addTimeseries(TimeSeries.newBuilder()
                .addLabels(LabelPair.newBuilder().setName("__name__").setValue("up"))
                .addLabels(LabelPair.newBuilder().setName("zone").setValue("eu"))
                .addSamples(Sample.newBuilder().setTimestampMs(T0 + 1).setValue(2))).build());

        List<StreamingSeries> streamed = queryStream("t1");
        assertThat(streamed).hasSize(1);
        assertThat(streamed.getFirst().getLabelsList()).extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("__name__=up", "zone=eu");
        assertThat(decode(streamed.getFirst())).containsExactly(T0, 1L, T0 + 1, 2L);
    }

    @Test
    void storesEachSeriesUnderItsSentLabelsWhateverLabelsHashComesWithIt() {
        long hashOfA = Labels.of("__name__", "up", "job", "a").stableHash();
        client.push(PushRequest.newBuilder().setTenant("t1")
                .addTimeseries(series("up", "a", T0, 1).toBuilder().setLabelsHash(hashOfA)).build());
        client.push(PushRequest.newBuilder().setTenant("t1")
                .addTimeseries(series("up", "b", T0, 2).toBuilder().setLabelsHash(hashOfA))
                .addTimeseries(series("up", "a", T0 + 1000, 3).toBuilder().setLabelsHash(hashOfA))
                .addTimeseries(series("up", "c", T0, 4).toBuilder().setLabelsHash(12345))
                .addTimeseries(series("up", "a", T0 + 2000, 5).toBuilder().setLabelsHash(hashOfA + 1)).build());

        LabelMatcher.Builder job = LabelMatcher.newBuilder().setType(MatchType.EQUAL).setName("job");
        assertThat(queryStream("t1")).hasSize(3);
        assertThat(decode(queryStream("t1", job.setValue("a").build()).getFirst())).containsExactly(T0, 1L, T0 + 1000, 3L, T0 + 2000, 5L);
        assertThat(decode(queryStream("t1", job.setValue("b").build()).getFirst())).containsExactly(T0, 2L);
        assertThat(decode(queryStream("t1", job.setValue("c").build()).getFirst())).containsExactly(T0, 4L);
    }

    @Test
    void refusesInvalidSeriesWithInvalidArgumentButStoresTheValidRest() {
        TimeSeries noLabels = TimeSeries.newBuilder().addSamples(Sample.newBuilder().setTimestampMs(T0).setValue(1)).build();
        TimeSeries duplicateNames = series("up", "a", T0, 1).toBuilder()
                .addLabels(LabelPair.newBuilder().setName("job").setValue("b")).build();
        PushRequest request = PushRequest.newBuilder().setTenant("t1")
                .addTimeseries(series("ok", "a", T0, 1, T0 + 1000, 2))
                .addTimeseries(noLabels)
                .addTimeseries(series("ooo", "a", T0 + 1000, 1, T0, 2, T0 + 2000, 3))
                .addTimeseries(duplicateNames)
                .build();

        assertThatThrownBy(() -> client.push(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("series has no labels").contains("out of order sample");
                    PushFailures failures = e.getTrailers().get(IngesterGrpcService.PUSH_FAILURES_TRAILER);
                    assertThat(failures).isNotNull();
                    assertThat(failures.getSamplesAccepted()).isEqualTo(4);
                    assertThat(failures.getSamplesRejected()).isEqualTo(3);
                    assertThat(failures.getFailuresList()).extracting(f -> f.getSeriesIndex() + ":" + f.getReason())
                            .containsExactly("1:invalid_request", "2:sample-out-of-order", "3:invalid_request");
                });

        assertThat(queryStream("t1")).hasSize(2);
        assertThat(decode(queryStream("t1", LabelMatcher.newBuilder().setName("__name__").setValue("ooo").build()).getFirst()))
                .containsExactly(T0 + 1000, 1L, T0 + 2000, 3L);
    }

    @Test
    void rejectsMalformedRequests() {
        assertThatThrownBy(() -> client.push(PushRequest.newBuilder().setTenant("").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> client.push(PushRequest.newBuilder().setTenant("bad/tenant").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription()).contains("unsupported character"));
        assertThatThrownBy(() -> queryStream("t1", LabelMatcher.newBuilder().setType(MatchType.REGEX).setName("a").setValue("(").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void answersLabelAndSeriesQueries() {
        client.push(PushRequest.newBuilder().setTenant("t1")
                .addTimeseries(series("up", "api", T0, 1))
                .addTimeseries(series("up", "web", T0, 1))
                .addTimeseries(series("down", "web", T0, 1)).build());
        assertThat(client.labelNames(LabelNamesRequest.newBuilder().setTenant("t1").setEndTimestampMs(Long.MAX_VALUE).build())
                .getLabelNamesList()).containsExactly("__name__", "job");
        assertThat(client.labelValues(LabelValuesRequest.newBuilder().setTenant("t1").setLabelName("job")
                .setEndTimestampMs(Long.MAX_VALUE)
                .addMatchers(LabelMatcher.newBuilder().setName("__name__").setValue("up")).build())
                .getLabelValuesList()).containsExactly("api", "web");
        assertThat(client.labelValues(LabelValuesRequest.newBuilder().setTenant("t1").setLabelName("job")
                .setEndTimestampMs(Long.MAX_VALUE).setLimit(1).build()).getLabelValuesList()).containsExactly("api");
        assertThat(client.series(SeriesRequest.newBuilder().setTenant("t1").setStartTimestampMs(T0).setEndTimestampMs(T0)
                .addMatchers(LabelMatcher.newBuilder().setName("job").setValue("web")).build()).getSeriesCount()).isEqualTo(2);
        assertThat(client.series(SeriesRequest.newBuilder().setTenant("t1").setStartTimestampMs(T0 + 1).setEndTimestampMs(T0 + 2)
                .build()).getSeriesCount()).isZero();
    }

    @Test
    void refusesSeriesBeyondTheWorkspacesSeriesLimitAndStoresTheOthers() {
        PushRequest request = PushRequest.newBuilder().setTenant("small")
                .addTimeseries(series("a", "x", T0, 1))
                .addTimeseries(series("b", "x", T0, 1))
                .addTimeseries(series("c", "x", T0, 1))
                .addTimeseries(series("a", "x", T0 + 1, 2)).build();
        assertThatThrownBy(() -> client.push(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("per-user series limit of 2 exceeded");
                    assertThat(e.getTrailers().get(IngesterGrpcService.PUSH_FAILURES_TRAILER).getFailuresList())
                            .extracting(f -> f.getSeriesIndex() + ":" + f.getReason()).containsExactly("2:per_user_series_limit");
                });
        assertThat(queryStream("small")).hasSize(2);
        // Other workspaces have the default limits.
        client.push(PushRequest.newBuilder().setTenant("big").addTimeseries(series("a", "x", T0, 1))
                .addTimeseries(series("b", "x", T0, 1)).addTimeseries(series("c", "x", T0, 1)).build());
        assertThat(queryStream("big")).hasSize(3);
    }

    @Test
    void keepsMetricMetadataPerWorkspaceWithinItsLimits() {
        client.push(PushRequest.newBuilder().setTenant("small")
                .addMetadata(metadata("http_requests_total", "counter", "Requests."))
                .addMetadata(metadata("http_requests_total", "counter", "Requests.")) // repeated: not a new entry
                .addMetadata(metadata("up", "gauge", "Up.")).build());
        assertThatThrownBy(() -> client.push(PushRequest.newBuilder().setTenant("small")
                .addMetadata(metadata("up", "gauge", "Changed help."))
                .addMetadata(metadata("third", "gauge", "")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .contains("per-metric metadata limit of 1 exceeded for metric up")
                        .contains("per-user metric metadata limit of 2 exceeded for metric third"));
        var all = client.metricsMetadata(MetricsMetadataRequest.newBuilder().setTenant("small").build()).getMetadataList();
        assertThat(all).extracting(m -> m.getMetricFamilyName() + "/" + m.getType() + "/" + m.getHelp())
                .containsExactly("http_requests_total/counter/Requests.", "up/gauge/Up.");
        assertThat(client.metricsMetadata(MetricsMetadataRequest.newBuilder().setTenant("small").setMetric("up").build())
                .getMetadataCount()).isEqualTo(1);
        assertThat(client.metricsMetadata(MetricsMetadataRequest.newBuilder().setTenant("other").build()).getMetadataCount()).isZero();
    }

    private static io.amphora.proto.ingester.v1.MetricMetadata metadata(String family, String type, String help) {
        return io.amphora.proto.ingester.v1.MetricMetadata.newBuilder().setMetricFamilyName(family).setType(type).setHelp(help).build();
    }

    @Test
    void joinsTheRingWhileRunningAndLeavesOnStop() {
        assertThat(ringInstances()).containsExactly("ingester-1@in-process:test");
        stopIngester();
        assertThat(ringInstances()).isEmpty();
        assertThatNoException().isThrownBy(this::startIngesterUnchecked);
    }

    private void startIngesterUnchecked() {
        try {
            startIngester();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> ringInstances() {
        return kv.get(RingKeys.INGESTER).map(v -> RingDescCodec.decode(v.value()).instances().values().stream()
                .map(i -> i.id() + "@" + i.address()).toList()).orElse(List.of());
    }

    @Test
    void deletesATenantsDataAndDeletingItAgainOrAnUnknownTenantSucceeds() {
        client.push(PushRequest.newBuilder().setTenant("t1").addTimeseries(series("up", "api", T0, 1))
                .addTimeseries(series("up", "web", T0, 1)).addMetadata(metadata("up", "gauge", "Up.")).build());
        client.push(PushRequest.newBuilder().setTenant("t2").addTimeseries(series("up", "api", T0, 1)).build());

        assertThat(client.deleteTenant(DeleteTenantRequest.newBuilder().setTenant("t1").build()).getSeriesDeleted()).isEqualTo(2);

        assertThat(queryStream("t1")).isEmpty();
        assertThat(client.metricsMetadata(MetricsMetadataRequest.newBuilder().setTenant("t1").build()).getMetadataCount()).isZero();
        assertThat(queryStream("t2")).hasSize(1);
        assertThat(client.deleteTenant(DeleteTenantRequest.newBuilder().setTenant("t1").build()).getSeriesDeleted()).isZero();
        assertThat(client.deleteTenant(DeleteTenantRequest.newBuilder().setTenant("never-seen").build()).getSeriesDeleted()).isZero();
    }

    @Test
    void refusesToDeleteAnInvalidTenantOrWhileTheIngesterIsStopped() {
        assertThatThrownBy(() -> client.deleteTenant(DeleteTenantRequest.newBuilder().setTenant("").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> client.deleteTenant(DeleteTenantRequest.newBuilder().setTenant("a/b").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        ingester.stopAsync().awaitTerminated();
        assertThatThrownBy(() -> client.deleteTenant(DeleteTenantRequest.newBuilder().setTenant("t1").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void answersUnavailableToAPushForATenantWhoseDeletionIsRunning() throws Exception {
        client.push(PushRequest.newBuilder().setTenant("t1").addTimeseries(series("up", "api", T0, 1)).build());
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch finishReading = new CountDownLatch(1);
        var threads = Executors.newFixedThreadPool(2);
        try {
            // A read in progress holds the deletion back, so the push below meets a running deletion.
            CompletableFuture<Void> read = CompletableFuture.runAsync(() -> ingester.queryStream(TenantId.of("t1"),
                    Long.MIN_VALUE, Long.MAX_VALUE, List.of(), s -> {
                        reading.countDown();
                        try {
                            finishReading.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }), threads);
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Long> deletion = CompletableFuture.supplyAsync(
                    () -> client.deleteTenant(DeleteTenantRequest.newBuilder().setTenant("t1").build()).getSeriesDeleted(), threads);

            StatusRuntimeException refused = null;
            for (int i = 0; refused == null && i < 10_000; i++) {
                try {
                    client.push(PushRequest.newBuilder().setTenant("t1").addTimeseries(series("up", "racing-" + i, T0, 1)).build());
                    Thread.sleep(1);
                } catch (StatusRuntimeException e) {
                    refused = e;
                }
            }

            assertThat(refused).isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(refused.getStatus().getDescription()).contains("tenant t1 is being deleted");
            finishReading.countDown();
            read.get(10, TimeUnit.SECONDS);
            assertThat(deletion.get(10, TimeUnit.SECONDS)).isPositive();
            assertThat(queryStream("t1")).isEmpty();
        } finally {
            finishReading.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void dataSurvivesAGracefulRestart() throws Exception {
        client.push(PushRequest.newBuilder().setTenant("t1").addTimeseries(series("up", "api", T0, 1, T0 + 1, 2)).build());
        stopIngester();
        startIngester();
        assertThat(decode(queryStream("t1").getFirst())).containsExactly(T0, 1L, T0 + 1, 2L);
    }
}
