package io.amphora.distributor.remotewrite;

import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.Sample;
import io.amphora.proto.prometheus.TimeSeries;
import io.amphora.proto.remotewrite.v2.Request;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Builds remote-write request bodies with the generated protobuf classes, for tests. */
public final class WireRequests {
    public static final String V2_CONTENT_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private WireRequests() {}

    public static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Label> labels(String... namesAndValues) {
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.add(Label.newBuilder().setName(namesAndValues[i]).setValue(namesAndValues[i + 1]).build());
        }
        return labels;
    }

    public static TimeSeries.Builder v1Series(String... namesAndValues) {
        return TimeSeries.newBuilder().addAllLabels(labels(namesAndValues));
    }

    public static Sample v1Sample(long timestamp, double value) {
        return Sample.newBuilder().setTimestamp(timestamp).setValue(value).build();
    }

    /** A 2.0 request builder with its symbol table; {@link #ref} interns strings as they are used. */
    public static final class V2 {
        private final List<String> symbols = new ArrayList<>(List.of(""));
        private final Request.Builder request = Request.newBuilder();

        public int ref(String symbol) {
            int index = symbols.indexOf(symbol);
            if (index >= 0) {
                return index;
            }
            symbols.add(symbol);
            return symbols.size() - 1;
        }

        public List<Integer> refs(String... strings) {
            List<Integer> refs = new ArrayList<>();
            for (String s : strings) {
                refs.add(ref(s));
            }
            return refs;
        }

        public V2 add(io.amphora.proto.remotewrite.v2.TimeSeries series) {
            request.addTimeseries(series);
            return this;
        }

        public io.amphora.proto.remotewrite.v2.TimeSeries.Builder series(String... namesAndValues) {
            return io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder().addAllLabelsRefs(refs(namesAndValues));
        }

        public Request build() {
            return request.clone().clearSymbols().addAllSymbols(symbols).build();
        }

        public byte[] body() {
            return snappy(build().toByteArray());
        }
    }

    public static io.amphora.proto.remotewrite.v2.Sample v2Sample(long timestamp, double value) {
        return io.amphora.proto.remotewrite.v2.Sample.newBuilder().setTimestamp(timestamp).setValue(value).build();
    }
}
