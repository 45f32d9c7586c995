package io.amphora.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.MetricMetadata;
import io.amphora.proto.prometheus.Sample;
import io.amphora.proto.prometheus.TimeSeries;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.proto.remotewrite.v2.Request;
import org.xerial.snappy.Snappy;

import static java.util.Objects.requireNonNull;

/** Remote-write request bodies (snappy-compressed protobuf) built from {@link TestSeries}, for tests. */
final class RemoteWriteBodies {
    static final String V1_CONTENT_TYPE = "application/x-protobuf;proto=prometheus.WriteRequest";
    static final String V2_CONTENT_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private RemoteWriteBodies() {}

    /**
     * A series as a sender writes it and as it must read back: labels (any order, kept as given on the wire) and
     * samples as timestamp → raw IEEE-754 bits, so that NaN payloads and {@code -0.0} compare exactly.
     */
    record TestSeries(List<String> labelPairs, SortedMap<Long, Long> samples) {
        TestSeries {
            labelPairs = List.copyOf(labelPairs);
            if (labelPairs.size() % 2 != 0) {
                throw new IllegalArgumentException("labelPairs must alternate names and values");
            }
            samples = new TreeMap<>(samples);
        }

        /** A series with the given label names and values, alternating. */
        static TestSeries of(String... labelPairs) {
            return new TestSeries(List.of(labelPairs), new TreeMap<>());
        }

        TestSeries sample(long timestampMs, double value) {
            SortedMap<Long, Long> more = new TreeMap<>(samples);
            more.put(timestampMs, Double.doubleToRawLongBits(value));
            return new TestSeries(labelPairs, more);
        }

        /** The labels as stored: sorted by name, empty values dropped. */
        SortedMap<String, String> storedLabels() {
            SortedMap<String, String> labels = new TreeMap<>();
            for (int i = 0; i < labelPairs.size(); i += 2) {
                if (!labelPairs.get(i + 1).isEmpty()) {
                    labels.put(labelPairs.get(i), labelPairs.get(i + 1));
                }
            }
            return labels;
        }

        /** {@link IngesterReadback#key} of this series as stored. */
        String key() {
            return IngesterReadback.key(storedLabels());
        }

        int sampleCount() {
            return samples.size();
        }
    }

    static byte[] v1(List<TestSeries> series) {
        return snappy(v1Request(series, List.of()).toByteArray());
    }

    static WriteRequest v1Request(List<TestSeries> series, List<MetricMetadata> metadata) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (TestSeries s : series) {
            TimeSeries.Builder ts = TimeSeries.newBuilder();
            for (int i = 0; i < s.labelPairs().size(); i += 2) {
                ts.addLabels(Label.newBuilder().setName(s.labelPairs().get(i)).setValue(s.labelPairs().get(i + 1)));
            }
            s.samples().forEach((t, bits) -> ts.addSamples(
                    Sample.newBuilder().setTimestamp(t).setValue(Double.longBitsToDouble(bits))));
            request.addTimeseries(ts);
        }
        return request.addAllMetadata(metadata).build();
    }

    /** A 2.0 request: one symbol table ({@code ""} first, as the spec requires) shared by every series. */
    static Request v2Request(List<TestSeries> series, Map<String, V2Metadata> metadataByMetricName) {
        List<String> symbols = new ArrayList<>(List.of(""));
        Map<String, Integer> refs = new TreeMap<>(Map.of("", 0));
        Request.Builder request = Request.newBuilder();
        for (TestSeries s : series) {
            var ts = io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder();
            String metricName = "";
            for (int i = 0; i < s.labelPairs().size(); i++) {
                ts.addLabelsRefs(ref(s.labelPairs().get(i), symbols, refs));
                if (i % 2 == 0 && s.labelPairs().get(i).equals("__name__")) {
                    metricName = s.labelPairs().get(i + 1);
                }
            }
            s.samples().forEach((t, bits) -> ts.addSamples(io.amphora.proto.remotewrite.v2.Sample.newBuilder()
                    .setTimestamp(t).setValue(Double.longBitsToDouble(bits))));
            V2Metadata m = metadataByMetricName.get(metricName);
            if (m != null) {
                ts.setMetadata(io.amphora.proto.remotewrite.v2.Metadata.newBuilder().setType(m.type())
                        .setHelpRef(ref(m.help(), symbols, refs)).setUnitRef(ref(m.unit(), symbols, refs)));
            }
            request.addTimeseries(ts);
        }
        return request.addAllSymbols(symbols).build();
    }

    record V2Metadata(io.amphora.proto.remotewrite.v2.Metadata.MetricType type, String help, String unit) {
        V2Metadata {
            requireNonNull(type, "type is null");
            requireNonNull(help, "help is null");
            requireNonNull(unit, "unit is null");
        }
    }

    static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ref(String symbol, List<String> symbols, Map<String, Integer> refs) {
        return refs.computeIfAbsent(symbol, s -> {
            symbols.add(s);
            return symbols.size() - 1;
        });
    }
}
