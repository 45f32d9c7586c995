package io.amphora.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.amphora.proto.ingester.v1.Chunk;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelMatcher;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.LabelValuesRequest;
import io.amphora.proto.ingester.v1.MatchType;
import io.amphora.proto.ingester.v1.MetricMetadata;
import io.amphora.proto.ingester.v1.MetricsMetadataRequest;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.SeriesLabels;
import io.amphora.proto.ingester.v1.SeriesRequest;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.XorIterator;
import io.grpc.Channel;

import static java.util.Objects.requireNonNull;

/**
 * Reads what the ingester stored through its gRPC service, the way a querier does: {@code QueryStream} chunks decoded
 * with the Prometheus XOR decoder, plus {@code Series}, {@code LabelValues} and {@code MetricsMetadata}.
 */
final class IngesterReadback {
    private static final int DEADLINE_SECONDS = 10;

    private final Channel channel;

    IngesterReadback(Channel channel) {
        this.channel = requireNonNull(channel, "channel is null");
    }

    static LabelMatcher equal(String name, String value) {
        return LabelMatcher.newBuilder().setType(MatchType.EQUAL).setName(name).setValue(value).build();
    }

    /** {@code {a="1", b="2"}} with names sorted: one text per label set, whatever order the labels came in. */
    static String key(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(labels).forEach((name, value) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(name).append("=\"").append(value).append('"');
        });
        return sb.append('}').toString();
    }

    /**
     * Every sample of every matching series of the workspace, at any time: series key → timestamp → raw value bits.
     * Chunks of one series are merged; a timestamp seen twice with different bits fails, since the ingester must
     * never hold two values for one timestamp.
     */
    Map<String, SortedMap<Long, Long>> samples(String tenant, LabelMatcher... matchers) {
        Map<String, SortedMap<Long, Long>> out = new TreeMap<>();
        stub().queryStream(QueryRequest.newBuilder().setTenant(tenant).setStartTimestampMs(Long.MIN_VALUE)
                .setEndTimestampMs(Long.MAX_VALUE).addAllMatchers(List.of(matchers)).build()).forEachRemaining(response -> {
            for (StreamingSeries s : response.getSeriesList()) {
                SortedMap<Long, Long> samples = out.computeIfAbsent(key(labels(s.getLabelsList())), k -> new TreeMap<>());
                for (Chunk c : s.getChunksList()) {
                    if (c.getEncoding() != 1) {
                        throw new AssertionError("chunk encoding " + c.getEncoding() + " is not XOR (1)");
                    }
                    XorIterator it = XorIterator.of(c.getData().toByteArray(), null);
                    while (it.next() == ValueType.FLOAT) {
                        Long before = samples.put(it.atT(), Double.doubleToRawLongBits(it.atValue()));
                        if (before != null && before != Double.doubleToRawLongBits(it.atValue())) {
                            throw new AssertionError("two values at " + it.atT() + " in " + key(labels(s.getLabelsList())));
                        }
                    }
                }
            }
        });
        return out;
    }

    /** The label sets of matching series, as {@link #key} texts. */
    List<String> series(String tenant, LabelMatcher... matchers) {
        List<String> out = new ArrayList<>();
        for (SeriesLabels s : stub().series(SeriesRequest.newBuilder().setTenant(tenant)
                .setStartTimestampMs(Long.MIN_VALUE).setEndTimestampMs(Long.MAX_VALUE)
                .addAllMatchers(List.of(matchers)).build()).getSeriesList()) {
            out.add(key(labels(s.getLabelsList())));
        }
        return out;
    }

    List<String> labelValues(String tenant, String labelName) {
        return stub().labelValues(LabelValuesRequest.newBuilder().setTenant(tenant).setLabelName(labelName)
                .setStartTimestampMs(Long.MIN_VALUE).setEndTimestampMs(Long.MAX_VALUE).build()).getLabelValuesList();
    }

    List<MetricMetadata> metadata(String tenant) {
        return stub().metricsMetadata(MetricsMetadataRequest.newBuilder().setTenant(tenant).build()).getMetadataList();
    }

    private IngesterGrpc.IngesterBlockingStub stub() {
        return IngesterGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private static Map<String, String> labels(List<LabelPair> pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (LabelPair p : pairs) {
            if (labels.put(p.getName(), p.getValue()) != null) {
                throw new AssertionError("label " + p.getName() + " twice in " + pairs);
            }
        }
        return labels;
    }
}
