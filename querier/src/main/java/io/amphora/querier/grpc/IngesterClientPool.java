package io.amphora.querier.grpc;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.proto.ingester.v1.Chunk;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelMatcher;
import io.amphora.proto.ingester.v1.LabelNamesRequest;
import io.amphora.proto.ingester.v1.LabelNamesResponse;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.LabelValuesRequest;
import io.amphora.proto.ingester.v1.LabelValuesResponse;
import io.amphora.proto.ingester.v1.MatchType;
import io.amphora.proto.ingester.v1.MetricsMetadataRequest;
import io.amphora.proto.ingester.v1.MetricsMetadataResponse;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.QueryStreamResponse;
import io.amphora.proto.ingester.v1.SeriesLabels;
import io.amphora.proto.ingester.v1.SeriesRequest;
import io.amphora.proto.ingester.v1.SeriesResponse;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.querier.IngesterQueryFailedException;
import io.amphora.querier.IngesterSeriesSource;
import io.amphora.querier.MetricMetadata;
import io.amphora.querier.QueryLimitExceededException;
import io.amphora.querier.QueryLimiter;
import io.amphora.querier.ReadReplicas;
import io.amphora.ring.HashRing;
import io.amphora.ring.QuorumResult;
import io.amphora.ring.ReplicaError;
import io.amphora.ring.ReplicationSet;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The querier's gRPC client to the ingesters (Cortex's querier-side ingester client pool): one channel per address
 * the ring advertises, and the fan-out of every read to the ring's healthy ingesters.
 *
 * <p>Every call goes to the {@link ReadReplicas} of the current ring at once and returns as soon as all but the
 * tolerated number of them answered; the calls still running are then cancelled. When more fail than tolerated,
 * or the ring has too few healthy ingesters, the call throws {@link IngesterQueryFailedException} naming each
 * failed ingester. Only proto ↔ model translation happens here. Thread-safe.
 */
public final class IngesterClientPool implements IngesterSeriesSource, AutoCloseable {
    private final Supplier<HashRing> ring;
    private final int replicationFactor;
    private final Function<String, ManagedChannel> channelFactory;
    private final Duration timeout;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /**
     * @param ring the current ingester ring, e.g. {@code ringWatcher::ring}
     * @param channelFactory a channel to an address, e.g. {@code a -> IngesterChannels.forAddress(a, maxSize)}
     * @param timeout how long one read may take, all ingesters included
     * @param clock judges ingester heartbeats
     */
    public IngesterClientPool(Supplier<HashRing> ring, int replicationFactor, Function<String, ManagedChannel> channelFactory,
            Duration timeout, InstantSource clock) {
        this.ring = requireNonNull(ring, "ring is null");
        this.channelFactory = requireNonNull(channelFactory, "channelFactory is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1: " + replicationFactor);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.replicationFactor = replicationFactor;
    }

    /**
     * A pool that reaches ingesters at the addresses they advertise, through {@link IngesterChannels} (in-process or
     * plaintext HTTP/2), accepting messages up to {@code maxRecvMessageSize} bytes.
     */
    public static IngesterClientPool overChannels(Supplier<HashRing> ring, int replicationFactor, int maxRecvMessageSize,
            Duration timeout, InstantSource clock) {
        return new IngesterClientPool(ring, replicationFactor,
                address -> IngesterChannels.forAddress(address, maxRecvMessageSize), timeout, clock);
    }

    @Override
    public List<List<ChunkSeries>> queryStream(TenantId tenant, long mint, long maxt, List<Matcher> matchers,
            QueryLimiter limiter) {
        requireNonNull(limiter, "limiter is null");
        QueryRequest request = QueryRequest.newBuilder().setTenant(tenant.value()).setStartTimestampMs(mint)
                .setEndTimestampMs(maxt).addAllMatchers(toProto(matchers)).build();
        return List.copyOf(fanOut("series chunks", (stub, answer) -> stub.queryStream(request,
                new ClientResponseObserver<QueryRequest, QueryStreamResponse>() {
                    private final List<ChunkSeries> series = new ArrayList<>();
                    private ClientCallStreamObserver<QueryRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<QueryRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(QueryStreamResponse response) {
                        if (answer.isDone()) {
                            return;
                        }
                        try {
                            for (StreamingSeries s : response.getSeriesList()) {
                                ChunkSeries received = toChunkSeries(s);
                                limiter.addChunks(received.chunks().size());
                                series.add(received);
                            }
                        } catch (QueryLimitExceededException | IllegalArgumentException e) {
                            // A limit hit (or a malformed series) ends this replica's stream at once; the shared
                            // limiter stops the other replicas as soon as they send more.
                            answer.completeExceptionally(e);
                            call.cancel(e.getMessage(), e);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(series);
                    }
                })));
    }

    @Override
    public List<String> labelNames(TenantId tenant, long mint, long maxt, List<Matcher> matchers) {
        LabelNamesRequest request = LabelNamesRequest.newBuilder().setTenant(tenant.value()).setStartTimestampMs(mint)
                .setEndTimestampMs(maxt).addAllMatchers(toProto(matchers)).build();
        Collection<LabelNamesResponse> answers = fanOut("label names",
                (stub, answer) -> stub.labelNames(request, unary(answer)));
        Set<String> names = new TreeSet<>(Labels::compareStrings);
        answers.forEach(a -> names.addAll(a.getLabelNamesList()));
        return List.copyOf(names);
    }

    @Override
    public List<String> labelValues(TenantId tenant, String name, long mint, long maxt, List<Matcher> matchers) {
        LabelValuesRequest request = LabelValuesRequest.newBuilder().setTenant(tenant.value()).setLabelName(name)
                .setStartTimestampMs(mint).setEndTimestampMs(maxt).addAllMatchers(toProto(matchers)).build();
        Collection<LabelValuesResponse> answers = fanOut("label values",
                (stub, answer) -> stub.labelValues(request, unary(answer)));
        Set<String> values = new TreeSet<>(Labels::compareStrings);
        answers.forEach(a -> values.addAll(a.getLabelValuesList()));
        return List.copyOf(values);
    }

    @Override
    public List<Labels> series(TenantId tenant, long mint, long maxt, List<Matcher> matchers) {
        SeriesRequest request = SeriesRequest.newBuilder().setTenant(tenant.value()).setStartTimestampMs(mint)
                .setEndTimestampMs(maxt).addAllMatchers(toProto(matchers)).build();
        Collection<SeriesResponse> answers = fanOut("series", (stub, answer) -> stub.series(request, unary(answer)));
        Set<Labels> series = new TreeSet<>();
        for (SeriesResponse answer : answers) {
            for (SeriesLabels s : answer.getSeriesList()) {
                series.add(toLabels(s.getLabelsList()));
            }
        }
        return List.copyOf(series);
    }

    @Override
    public List<MetricMetadata> metricsMetadata(TenantId tenant, String metric, int limit, int limitPerMetric) {
        requireNonNull(metric, "metric is null");
        if (limit < 0 || limitPerMetric < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        MetricsMetadataRequest request = MetricsMetadataRequest.newBuilder().setTenant(tenant.value()).setMetric(metric)
                .setLimit(limit).setLimitPerMetric(limitPerMetric).build();
        Collection<MetricsMetadataResponse> answers = fanOut("metadata",
                (stub, answer) -> stub.metricsMetadata(request, unary(answer)));
        Map<String, Set<MetricMetadata>> byFamily = new TreeMap<>(Labels::compareStrings);
        for (MetricsMetadataResponse answer : answers) {
            for (io.amphora.proto.ingester.v1.MetricMetadata m : answer.getMetadataList()) {
                byFamily.computeIfAbsent(m.getMetricFamilyName(), k -> new LinkedHashSet<>())
                        .add(new MetricMetadata(m.getMetricFamilyName(), m.getType(), m.getHelp(), m.getUnit()));
            }
        }
        List<MetricMetadata> out = new ArrayList<>();
        int families = 0;
        for (Set<MetricMetadata> entries : byFamily.values()) {
            if (limit > 0 && families++ >= limit) {
                break;
            }
            entries.stream().limit(limitPerMetric > 0 ? limitPerMetric : Long.MAX_VALUE).forEach(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * Starts {@code call} on every read replica inside one cancellable context, waits for the quorum, and cancels
     * whatever still runs. Returns the successful answers in completion order.
     */
    private <T> Collection<T> fanOut(String operation, BiConsumer<IngesterGrpc.IngesterStub, CompletableFuture<T>> call) {
        ReplicationSet replicas = ReadReplicas.of(ring.get(), replicationFactor, clock.instant());
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            QuorumResult<T> result = replicas.doUntilQuorum(instance -> {
                CompletableFuture<T> answer = new CompletableFuture<>();
                IngesterGrpc.IngesterStub stub = IngesterGrpc.newStub(channel(instance.address()))
                        .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
                Context previous = context.attach();
                try {
                    call.accept(stub, answer);
                } finally {
                    context.detach(previous);
                }
                return answer;
            }, IngesterClientPool::isClientError, timeout);
            for (ReplicaError error : result.errors()) {
                // Over the limit the query fails even when enough replicas answered: the limit counts them all.
                if (error.cause() instanceof QueryLimitExceededException limit) {
                    throw limit;
                }
            }
            if (!result.succeeded()) {
                throw failure(operation, replicas, result);
            }
            return result.responses().values();
        } finally {
            context.cancel(null);
        }
    }

    private static IngesterQueryFailedException failure(String operation, ReplicationSet replicas, QuorumResult<?> result) {
        StringBuilder message = new StringBuilder("reading ").append(operation).append(" from the ingesters failed: ")
                .append(result.errors().size()).append(" of ").append(replicas.instances().size())
                .append(" ingesters failed, at most ").append(replicas.maxErrors()).append(" may");
        for (ReplicaError error : result.errors()) {
            message.append("; ").append(error.instanceId()).append(": ").append(error.message());
        }
        return new IngesterQueryFailedException(message.toString(), result.errors().getFirst().cause());
    }

    private static boolean isClientError(Throwable t) {
        return t instanceof QueryLimitExceededException
                || Status.fromThrowable(t).getCode() == Status.Code.INVALID_ARGUMENT;
    }

    private static <R> StreamObserver<R> unary(CompletableFuture<R> answer) {
        return new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                if (!answer.isDone()) {
                    answer.completeExceptionally(Status.INTERNAL.withDescription("no response").asRuntimeException());
                }
            }
        };
    }

    private static List<LabelMatcher> toProto(List<Matcher> matchers) {
        List<LabelMatcher> out = new ArrayList<>(matchers.size());
        for (Matcher m : matchers) {
            MatchType type = switch (m.type()) {
                case EQUAL -> MatchType.EQUAL;
                case NOT_EQUAL -> MatchType.NOT_EQUAL;
                case REGEX -> MatchType.REGEX;
                case NOT_REGEX -> MatchType.NOT_REGEX;
            };
            out.add(LabelMatcher.newBuilder().setType(type).setName(m.name()).setValue(m.value()).build());
        }
        return out;
    }

    private static ChunkSeries toChunkSeries(StreamingSeries s) {
        List<EncodedChunk> chunks = new ArrayList<>(s.getChunksCount());
        for (Chunk c : s.getChunksList()) {
            chunks.add(new EncodedChunk(c.getMinTimeMs(), c.getMaxTimeMs(), c.getEncoding(), c.getData().toByteArray()));
        }
        return new ChunkSeries(toLabels(s.getLabelsList()), chunks);
    }

    private static Labels toLabels(List<LabelPair> pairs) {
        Labels.Builder builder = Labels.builder();
        for (LabelPair pair : pairs) {
            builder.add(pair.getName(), pair.getValue());
        }
        return builder.build();
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, channelFactory);
    }

    /** Shuts every channel down, waiting up to five seconds for calls in flight. */
    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
