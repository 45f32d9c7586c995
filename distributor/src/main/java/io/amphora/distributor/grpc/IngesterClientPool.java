package io.amphora.distributor.grpc;

import io.amphora.distributor.IngesterClient;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.TenantId;
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
 * Netty otherwise). Thread-safe.
 */
public final class IngesterClientPool implements IngesterClient, AutoCloseable {
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

    @Override
    public CompletableFuture<Result> push(String address, TenantId tenant, List<Series> series, List<Metadata> metadata) {
        PushRequest.Builder request = PushRequest.newBuilder().setTenant(tenant.value());
        for (Metadata m : metadata) {
            request.addMetadata(io.amphora.proto.ingester.v1.MetricMetadata.newBuilder().setMetricFamilyName(m.metricFamilyName())
                    .setType(m.type()).setHelp(m.help()).setUnit(m.unit()));
        }
        for (Series s : series) {
            TimeSeries.Builder ts = TimeSeries.newBuilder();
            Labels labels = s.labels();
            for (int i = 0; i < labels.size(); i++) {
                ts.addLabels(LabelPair.newBuilder().setName(labels.name(i)).setValue(labels.value(i)));
            }
            for (int i = 0; i < s.timestamps().length; i++) {
                ts.addSamples(Sample.newBuilder().setTimestampMs(s.timestamps()[i]).setValue(s.values()[i]));
            }
            request.addTimeseries(ts);
        }
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

    /** A replica could not take the push: the distributor counts it against the write quorum. */
    public static final class IngesterUnavailableException extends RuntimeException {
        public IngesterUnavailableException(String address, Status status) {
            super("ingester " + address + ": " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription()));
        }
    }
}
