package io.amphora.ingester.grpc;

import io.amphora.ingester.HistogramSample;
import io.amphora.ingester.Ingester;
import io.amphora.ingester.MetricMetadata;
import io.amphora.ingester.PushResult;
import io.amphora.ingester.SeriesSamples;
import io.amphora.ingester.TenantDeletionInProgressException;
import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.MatchType;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.proto.ingester.v1.BucketSpan;
import io.amphora.proto.ingester.v1.Chunk;
import io.amphora.proto.ingester.v1.DeleteTenantRequest;
import io.amphora.proto.ingester.v1.DeleteTenantResponse;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelMatcher;
import io.amphora.proto.ingester.v1.LabelNamesRequest;
import io.amphora.proto.ingester.v1.LabelNamesResponse;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.LabelValuesRequest;
import io.amphora.proto.ingester.v1.LabelValuesResponse;
import io.amphora.proto.ingester.v1.MetricsMetadataRequest;
import io.amphora.proto.ingester.v1.MetricsMetadataResponse;
import io.amphora.proto.ingester.v1.PushFailures;
import io.amphora.proto.ingester.v1.PushRequest;
import io.amphora.proto.ingester.v1.PushResponse;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.QueryStreamResponse;
import io.amphora.proto.ingester.v1.Sample;
import io.amphora.proto.ingester.v1.SeriesFailure;
import io.amphora.proto.ingester.v1.SeriesLabels;
import io.amphora.proto.ingester.v1.SeriesRequest;
import io.amphora.proto.ingester.v1.SeriesResponse;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.proto.ingester.v1.TimeSeries;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.StreamObserver;

import com.google.protobuf.UnsafeByteOperations;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The {@code Ingester} gRPC service: translates between the wire messages and {@link Ingester}, nothing more.
 *
 * <p>Status mapping: refused series → {@code INVALID_ARGUMENT} with a {@link PushFailures} trailer (the other
 * series are stored); a malformed request → {@code INVALID_ARGUMENT}; data failing its checksum →
 * {@code DATA_LOSS}; the ingester not running, or a push for a tenant whose deletion is running →
 * {@code UNAVAILABLE}; anything else → {@code INTERNAL}.
 */
public final class IngesterGrpcService extends IngesterGrpc.IngesterImplBase {
    /** Trailer carrying the per-series refusals of a push. */
    public static final Metadata.Key<PushFailures> PUSH_FAILURES_TRAILER =
            ProtoUtils.keyForProto(PushFailures.getDefaultInstance());
    static final int MAX_FAILURES_IN_MESSAGE = 3;

    private final Ingester ingester;

    public IngesterGrpcService(Ingester ingester) {
        this.ingester = requireNonNull(ingester, "ingester is null");
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushResponse> responseObserver) {
        try {
            TenantId tenant = tenant(request.getTenant());
            List<SeriesSamples> valid = new ArrayList<>(request.getTimeseriesCount());
            List<PushResult.SeriesFailure> invalid = new ArrayList<>();
            for (int i = 0; i < request.getTimeseriesCount(); i++) {
                TimeSeries ts = request.getTimeseries(i);
                try {
                    valid.add(toSeriesSamples(tenant, i, ts));
                } catch (IllegalArgumentException e) {
                    invalid.add(new PushResult.SeriesFailure(i, ErrorCode.INVALID_REQUEST, e.getMessage(),
                            ts.getSamplesCount() + ts.getHistogramsCount()));
                }
            }
            List<MetricMetadata> metadata = new ArrayList<>(request.getMetadataCount());
            for (int i = 0; i < request.getMetadataCount(); i++) {
                var m = request.getMetadata(i);
                try {
                    metadata.add(new MetricMetadata(m.getMetricFamilyName(), m.getType(), m.getHelp(), m.getUnit()));
                } catch (IllegalArgumentException e) {
                    invalid.add(new PushResult.SeriesFailure(-1 - i, ErrorCode.INVALID_REQUEST, "metadata: " + e.getMessage(), 0));
                }
            }
            PushResult result = ingester.push(tenant, valid, metadata);
            List<PushResult.SeriesFailure> failures = new ArrayList<>(invalid);
            failures.addAll(result.failures());
            long rejected = result.samplesRejected() + invalid.stream().mapToLong(PushResult.SeriesFailure::samplesRejected).sum();
            if (failures.isEmpty()) {
                responseObserver.onNext(PushResponse.newBuilder().setSamplesAccepted(result.samplesAccepted()).build());
                responseObserver.onCompleted();
                return;
            }
            failures.sort((a, b) -> Integer.compare(a.seriesIndex(), b.seriesIndex()));
            responseObserver.onError(pushFailure(result.samplesAccepted(), rejected, failures));
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    private static StatusRuntimeException pushFailure(long accepted, long rejected, List<PushResult.SeriesFailure> failures) {
        PushFailures.Builder details = PushFailures.newBuilder().setSamplesAccepted(accepted).setSamplesRejected(rejected);
        StringBuilder message = new StringBuilder();
        message.append(rejected).append(" samples refused in ").append(failures.size()).append(" entries (")
                .append(accepted).append(" samples stored): ");
        for (int i = 0; i < failures.size(); i++) {
            PushResult.SeriesFailure f = failures.get(i);
            details.addFailures(SeriesFailure.newBuilder().setSeriesIndex(f.seriesIndex()).setReason(f.code().reason())
                    .setMessage(f.message()).setSamplesRejected(f.samplesRejected()));
            if (i < MAX_FAILURES_IN_MESSAGE) {
                message.append(i == 0 ? "" : "; ")
                        .append(f.seriesIndex() >= 0 ? "series " + f.seriesIndex() : "metadata " + (-1 - f.seriesIndex()))
                        .append(": ").append(f.message());
            }
        }
        if (failures.size() > MAX_FAILURES_IN_MESSAGE) {
            message.append("; and ").append(failures.size() - MAX_FAILURES_IN_MESSAGE).append(" more series");
        }
        Metadata trailers = new Metadata();
        trailers.put(PUSH_FAILURES_TRAILER, details.build());
        return Status.INVALID_ARGUMENT.withDescription(message.toString()).asRuntimeException(trailers);
    }

    private SeriesSamples toSeriesSamples(TenantId tenant, int index, TimeSeries ts) {
        if (ts.getLabelsCount() == 0) {
            throw new IllegalArgumentException("series has no labels");
        }
        String[] pairs = pairs(ts);
        Labels labels = null;
        if (pairs != null && ts.getLabelsHash() != 0) {
            labels = ingester.existingLabels(tenant, ts.getLabelsHash(), pairs);
        }
        if (labels == null && pairs != null) {
            labels = sortedLabels(pairs);
        }
        if (labels == null) {
            Labels.Builder builder = Labels.builder();
            for (LabelPair pair : ts.getLabelsList()) {
                if (pair.getName().isEmpty()) {
                    throw new IllegalArgumentException("empty label name in series");
                }
                builder.add(pair.getName(), pair.getValue());
            }
            labels = builder.build();
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("series has only empty label values");
        }
        int n = ts.getSamplesCount();
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            Sample s = ts.getSamples(i);
            timestamps[i] = s.getTimestampMs();
            values[i] = s.getValue();
        }
        if (ts.getHistogramsCount() == 0) {
            return new SeriesSamples(index, labels, timestamps, values);
        }
        List<HistogramSample> histograms = new ArrayList<>(ts.getHistogramsCount());
        for (io.amphora.proto.ingester.v1.Histogram h : ts.getHistogramsList()) {
            histograms.add(toHistogramSample(h));
        }
        return new SeriesSamples(index, labels, timestamps, values, histograms);
    }

    /**
     * The model form of a pushed histogram: a float histogram when its count is a float, else an integer one.
     *
     * @throws IllegalArgumentException for an unknown reset hint or a span longer than 2^31 - 1 buckets
     */
    static HistogramSample toHistogramSample(io.amphora.proto.ingester.v1.Histogram h) {
        CounterResetHint hint = CounterResetHint.ofValue(h.getResetHint());
        Span[] positiveSpans = spans(h.getPositiveSpansList());
        Span[] negativeSpans = spans(h.getNegativeSpansList());
        double[] customValues = toArray(h.getCustomValuesList());
        if (h.getCountCase() == io.amphora.proto.ingester.v1.Histogram.CountCase.COUNT_FLOAT) {
            double zeroCount = h.getZeroCountCase() == io.amphora.proto.ingester.v1.Histogram.ZeroCountCase.ZERO_COUNT_INT
                    ? (double) h.getZeroCountInt() : h.getZeroCountFloat();
            return HistogramSample.of(h.getTimestampMs(), new FloatHistogram(hint, h.getSchema(), h.getZeroThreshold(),
                    zeroCount, h.getCountFloat(), h.getSum(), positiveSpans, toArray(h.getPositiveCountsList()),
                    negativeSpans, toArray(h.getNegativeCountsList()), customValues));
        }
        long[] positive = h.getPositiveDeltasList().stream().mapToLong(Long::longValue).toArray();
        long[] negative = h.getNegativeDeltasList().stream().mapToLong(Long::longValue).toArray();
        return HistogramSample.of(h.getTimestampMs(), new Histogram(hint, h.getSchema(), h.getZeroThreshold(),
                h.getZeroCountInt(), h.getCountInt(), h.getSum(), positiveSpans, positive, negativeSpans, negative,
                customValues));
    }

    private static Span[] spans(List<BucketSpan> spans) {
        Span[] out = new Span[spans.size()];
        for (int i = 0; i < out.length; i++) {
            BucketSpan span = spans.get(i);
            out[i] = new Span(span.getOffset(), span.getLength());
        }
        return out;
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** The label names and values in wire order; null when a name is empty. */
    private static String[] pairs(TimeSeries ts) {
        int n = ts.getLabelsCount();
        String[] pairs = new String[n * 2];
        for (int i = 0; i < n; i++) {
            LabelPair pair = ts.getLabels(i);
            String name = pair.getName();
            if (name.isEmpty()) {
                return null;
            }
            pairs[i * 2] = name;
            pairs[i * 2 + 1] = pair.getValue();
        }
        return pairs;
    }

    /**
     * The labels when they arrive as distributors send them (sorted, unique, no empty value), without the builder's
     * work; null otherwise, for the builder to sort, drop empty values or refuse duplicates. The order and uniqueness
     * are checked once, by {@link Labels#ofSortedPairs}: distributors always send them so, and the exception of the
     * fallback is only paid for series from other senders.
     */
    private static Labels sortedLabels(String[] pairs) {
        try {
            return Labels.ofSortedPairs(pairs);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void queryStream(QueryRequest request, StreamObserver<QueryStreamResponse> responseObserver) {
        try {
            TenantId tenant = tenant(request.getTenant());
            List<Matcher> matchers = matchers(request.getMatchersList());
            int batchSize = ingester.config().queryStreamBatchSize();
            QueryStreamResponse.Builder batch = QueryStreamResponse.newBuilder();
            ingester.queryStream(tenant, request.getStartTimestampMs(), request.getEndTimestampMs(), matchers, series -> {
                batch.addSeries(toStreamingSeries(series));
                if (batch.getSeriesCount() >= batchSize) {
                    responseObserver.onNext(batch.build());
                    batch.clear();
                }
            });
            if (batch.getSeriesCount() > 0) {
                responseObserver.onNext(batch.build());
            }
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    private static StreamingSeries toStreamingSeries(ChunkSeries series) {
        StreamingSeries.Builder b = StreamingSeries.newBuilder();
        addLabels(series.labels(), b::addLabels);
        for (EncodedChunk c : series.chunks()) {
            // The chunk bytes are immutable once handed out, so they can be wrapped without a copy.
            b.addChunks(Chunk.newBuilder().setMinTimeMs(c.minTime()).setMaxTimeMs(c.maxTime())
                    .setEncoding(c.encoding()).setData(UnsafeByteOperations.unsafeWrap(c.data())));
        }
        return b.build();
    }

    @Override
    public void labelNames(LabelNamesRequest request, StreamObserver<LabelNamesResponse> responseObserver) {
        try {
            List<String> names = ingester.labelNames(tenant(request.getTenant()), request.getStartTimestampMs(),
                    request.getEndTimestampMs(), matchers(request.getMatchersList()), limit(request.getLimit()));
            responseObserver.onNext(LabelNamesResponse.newBuilder().addAllLabelNames(names).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    @Override
    public void labelValues(LabelValuesRequest request, StreamObserver<LabelValuesResponse> responseObserver) {
        try {
            List<String> values = ingester.labelValues(tenant(request.getTenant()), request.getLabelName(),
                    request.getStartTimestampMs(), request.getEndTimestampMs(), matchers(request.getMatchersList()),
                    limit(request.getLimit()));
            responseObserver.onNext(LabelValuesResponse.newBuilder().addAllLabelValues(values).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    @Override
    public void series(SeriesRequest request, StreamObserver<SeriesResponse> responseObserver) {
        try {
            List<Labels> series = ingester.series(tenant(request.getTenant()), request.getStartTimestampMs(),
                    request.getEndTimestampMs(), matchers(request.getMatchersList()), limit(request.getLimit()));
            SeriesResponse.Builder b = SeriesResponse.newBuilder();
            for (Labels labels : series) {
                SeriesLabels.Builder s = SeriesLabels.newBuilder();
                addLabels(labels, s::addLabels);
                b.addSeries(s);
            }
            responseObserver.onNext(b.build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    @Override
    public void metricsMetadata(MetricsMetadataRequest request, StreamObserver<MetricsMetadataResponse> responseObserver) {
        try {
            List<MetricMetadata> entries = ingester.metricsMetadata(tenant(request.getTenant()), request.getMetric(),
                    Math.max(0, request.getLimit()), Math.max(0, request.getLimitPerMetric()));
            MetricsMetadataResponse.Builder b = MetricsMetadataResponse.newBuilder();
            for (MetricMetadata m : entries) {
                b.addMetadata(io.amphora.proto.ingester.v1.MetricMetadata.newBuilder().setMetricFamilyName(m.metricFamilyName())
                        .setType(m.type()).setHelp(m.help()).setUnit(m.unit()));
            }
            responseObserver.onNext(b.build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    /** Deletes the tenant's data; an unknown tenant succeeds with 0 series deleted. */
    @Override
    public void deleteTenant(DeleteTenantRequest request, StreamObserver<DeleteTenantResponse> responseObserver) {
        try {
            long series = ingester.deleteTenant(tenant(request.getTenant()));
            responseObserver.onNext(DeleteTenantResponse.newBuilder().setSeriesDeleted(series).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(toStatus(e));
        }
    }

    private static void addLabels(Labels labels, java.util.function.Consumer<LabelPair> sink) {
        for (int i = 0; i < labels.size(); i++) {
            sink.accept(LabelPair.newBuilder().setName(labels.name(i)).setValue(labels.value(i)).build());
        }
    }

    private static int limit(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return (int) Math.min(limit, Integer.MAX_VALUE);
    }

    private static TenantId tenant(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("no tenant in request");
        }
        return new TenantId(value);
    }

    private static List<Matcher> matchers(List<LabelMatcher> matchers) {
        List<Matcher> out = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            MatchType type = switch (m.getType()) {
                case EQUAL -> MatchType.EQUAL;
                case NOT_EQUAL -> MatchType.NOT_EQUAL;
                case REGEX -> MatchType.REGEX;
                case NOT_REGEX -> MatchType.NOT_REGEX;
                case UNRECOGNIZED -> throw new IllegalArgumentException("unknown matcher type " + m.getTypeValue());
            };
            out.add(Matcher.of(type, m.getName(), m.getValue()));
        }
        return out;
    }

    private static StatusRuntimeException toStatus(RuntimeException e) {
        return switch (e) {
            case StatusRuntimeException s -> s;
            case TenantDeletionInProgressException d -> Status.UNAVAILABLE.withDescription(d.getMessage()).asRuntimeException();
            case AmphoraException a when a.code() == ErrorCode.CORRUPT_DATA -> Status.DATA_LOSS.withDescription(a.getMessage()).asRuntimeException();
            case AmphoraException a when a.code().isClientError() -> Status.INVALID_ARGUMENT.withDescription(a.getMessage()).asRuntimeException();
            case AmphoraException a -> Status.INTERNAL.withDescription(a.getMessage()).withCause(a).asRuntimeException();
            case IllegalArgumentException iae -> Status.INVALID_ARGUMENT.withDescription(iae.getMessage()).asRuntimeException();
            case IllegalStateException ise -> Status.UNAVAILABLE.withDescription(ise.getMessage()).asRuntimeException();
            default -> Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException();
        };
    }
}
