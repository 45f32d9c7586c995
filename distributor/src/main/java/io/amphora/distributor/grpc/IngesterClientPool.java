package io.amphora.distributor.grpc;

import io.amphora.distributor.IngesterClient;
import io.amphora.distributor.TenantDeletionClient;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.TenantId;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.proto.ingester.v1.BucketSpan;
import io.amphora.proto.ingester.v1.DeleteTenantRequest;
import io.amphora.proto.ingester.v1.DeleteTenantResponse;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.PushFailures;
import io.amphora.proto.ingester.v1.PushRequest;
import io.amphora.proto.ingester.v1.PushResponse;
import io.amphora.proto.ingester.v1.Sample;
import io.amphora.proto.ingester.v1.SeriesFailure;
import io.amphora.proto.ingester.v1.TimeSeries;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * gRPC clients to ingesters, one channel per address (Cortex's {@code ingester_client_pool}). Addresses are
 * whatever the ring advertises; {@code channelFactory} turns one into a channel (in-process in the single process,
 * Netty otherwise). Pushes use the pool's timeout; tenant deletions bring their own. Thread-safe.
 */
public final class IngesterClientPool implements IngesterClient, TenantDeletionClient, AutoCloseable {
    private static final io.grpc.Metadata.Key<PushFailures> PUSH_FAILURES = ProtoUtils.keyForProto(PushFailures.getDefaultInstance());
    private static final Map<String, ErrorCode> CODES_BY_REASON = new HashMap<>();

    static {
        for (ErrorCode code : ErrorCode.values()) {
            CODES_BY_REASON.put(code.reason(), code);
        }
    }

    private final Function<String, ManagedChannel> channelFactory;
    private final Duration timeout;
    private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public IngesterClientPool(Function<String, ManagedChannel> channelFactory, Duration timeout) {
        this.channelFactory = requireNonNull(channelFactory, "channelFactory is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The wire form of an integer histogram; every field exactly as in the model. */
    static io.amphora.proto.ingester.v1.Histogram toProto(long timestamp, Histogram h) {
        io.amphora.proto.ingester.v1.Histogram.Builder b = io.amphora.proto.ingester.v1.Histogram.newBuilder()
                .setTimestampMs(timestamp).setCountInt(h.count()).setZeroCountInt(h.zeroCount()).setSum(h.sum())
                .setSchema(h.schema()).setZeroThreshold(h.zeroThreshold()).setResetHint(h.counterResetHint().ordinal());
        for (int i = 0; i < h.positiveSpanCount(); i++) {
            b.addPositiveSpans(span(h.positiveSpan(i)));
        }
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            b.addPositiveDeltas(h.positiveBucketDelta(i));
        }
        for (int i = 0; i < h.negativeSpanCount(); i++) {
            b.addNegativeSpans(span(h.negativeSpan(i)));
        }
        for (int i = 0; i < h.negativeBucketCount(); i++) {
            b.addNegativeDeltas(h.negativeBucketDelta(i));
        }
        for (int i = 0; i < h.customValueCount(); i++) {
            b.addCustomValues(h.customValue(i));
        }
        return b.build();
    }

    /** The wire form of a float histogram; every field exactly as in the model. */
    static io.amphora.proto.ingester.v1.Histogram toProto(long timestamp, FloatHistogram h) {
        io.amphora.proto.ingester.v1.Histogram.Builder b = io.amphora.proto.ingester.v1.Histogram.newBuilder()
                .setTimestampMs(timestamp).setCountFloat(h.count()).setZeroCountFloat(h.zeroCount()).setSum(h.sum())
                .setSchema(h.schema()).setZeroThreshold(h.zeroThreshold()).setResetHint(h.counterResetHint().ordinal());
        for (int i = 0; i < h.positiveSpanCount(); i++) {
            b.addPositiveSpans(span(h.positiveSpan(i)));
        }
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            b.addPositiveCounts(h.positiveBucket(i));
        }
        for (int i = 0; i < h.negativeSpanCount(); i++) {
            b.addNegativeSpans(span(h.negativeSpan(i)));
        }
        for (int i = 0; i < h.negativeBucketCount(); i++) {
            b.addNegativeCounts(h.negativeBucket(i));
        }
        for (int i = 0; i < h.customValueCount(); i++) {
            b.addCustomValues(h.customValue(i));
        }
        return b.build();
    }

    private static BucketSpan span(Span span) {
        return BucketSpan.newBuilder().setOffset(span.offset()).setLength(span.length()).build();
    }

    @Override
    public CompletableFuture<Result> push(String address, TenantId tenant, List<Series> series, List<Metadata> metadata) {
        PushRequest.Builder request = PushRequest.newBuilder().setTenant(tenant.value());
        for (Metadata m : metadata) {
            request.addMetadata(io.amphora.proto.ingester.v1.MetricMetadata.newBuilder().setMetricFamilyName(m.metricFamilyName())
                    .setType(m.type()).setHelp(m.help()).setUnit(m.unit()));
        }
        request.addAllTimeseries(timeSeries(series));
        CompletableFuture<Result> result = new CompletableFuture<>();
        IngesterGrpc.newStub(channel(address)).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .push(request.build(), new StreamObserver<>() {
                    @Override
                    public void onNext(PushResponse response) {
                        result.complete(new Result(response.getSamplesAccepted(), List.of()));
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status status = Status.fromThrowable(t);
                        io.grpc.Metadata trailers = Status.trailersFromThrowable(t);
                        PushFailures failures = trailers == null ? null : trailers.get(PUSH_FAILURES);
                        if (status.getCode() == Status.Code.INVALID_ARGUMENT && failures != null) {
                            List<Refusal> refused = new ArrayList<>(failures.getFailuresCount());
                            for (SeriesFailure f : failures.getFailuresList()) {
                                refused.add(new Refusal(f.getSeriesIndex(), CODES_BY_REASON.get(f.getReason()), f.getReason(),
                                        f.getMessage(), f.getSamplesRejected()));
                            }
                            result.complete(new Result(failures.getSamplesAccepted(), refused));
                        } else {
                            result.completeExceptionally(new IngesterUnavailableException(address, status));
                        }
                    }

                    @Override
                    public void onCompleted() {}
                });
        return result;
    }

    @Override
    public CompletableFuture<Long> deleteTenant(String address, TenantId tenant, Duration timeout) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        IngesterGrpc.newStub(channel(address)).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .deleteTenant(DeleteTenantRequest.newBuilder().setTenant(tenant.value()).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(DeleteTenantResponse response) {
                        result.complete(response.getSeriesDeleted());
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(new IngesterUnavailableException(address, Status.fromThrowable(t)));
                    }

                    @Override
                    public void onCompleted() {}
                });
        return result;
    }

    /**
     * The wire form of the series, each with the stable hash of its labels (sorted and unique, as {@link Labels} are)
     * so that the ingester can find an existing series without hashing them again. This runs once per series of
     * every push, so it reuses one builder per message
     * type (a builder stays usable after {@code build()}) and hands the repeated fields over as lists of their final
     * size, which the generated code copies without growing.
     */
    static List<TimeSeries> timeSeries(List<Series> series) {
        List<TimeSeries> out = new ArrayList<>(series.size());
        TimeSeries.Builder ts = TimeSeries.newBuilder();
        LabelPair.Builder pair = LabelPair.newBuilder();
        Sample.Builder sample = Sample.newBuilder();
        List<LabelPair> pairs = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (Series s : series) {
            Labels labels = s.labels();
            pairs.clear();
            for (int i = 0; i < labels.size(); i++) {
                pairs.add(pair.setName(labels.name(i)).setValue(labels.value(i)).build());
            }
            ts.clear().addAllLabels(pairs).setLabelsHash(labels.stableHash());
            long[] timestamps = s.timestamps();
            double[] values = s.values();
            if (timestamps.length > 0) {
                samples.clear();
                for (int i = 0; i < timestamps.length; i++) {
                    samples.add(sample.setTimestampMs(timestamps[i]).setValue(values[i]).build());
                }
                ts.addAllSamples(samples);
            }
            for (IngesterClient.HistogramSample h : s.histograms()) {
                ts.addHistograms(h.histogram() != null ? toProto(h.timestamp(), h.histogram()) : toProto(h.timestamp(), h.floatHistogram()));
            }
            out.add(ts.build());
        }
        return out;
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, channelFactory);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel c : channels.values()) {
            try {
                c.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        channels.values().forEach(ManagedChannel::shutdownNow);
    }

    /**
     * An ingester could not serve a call: a push then counts against the write quorum, a tenant deletion is not
     * confirmed by that ingester.
     */
    public static final class IngesterUnavailableException extends RuntimeException {
        public IngesterUnavailableException(String address, Status status) {
            super("ingester " + address + ": " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()));
        }
    }
}
