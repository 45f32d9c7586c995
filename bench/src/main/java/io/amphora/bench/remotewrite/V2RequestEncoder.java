package io.amphora.bench.remotewrite;

import io.amphora.model.Labels;
import io.amphora.proto.remotewrite.v2.Metadata;
import io.amphora.proto.remotewrite.v2.Request;
import io.amphora.proto.remotewrite.v2.Sample;
import io.amphora.proto.remotewrite.v2.TimeSeries;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * Remote write 2.0 ({@code io.prometheus.write.v2.Request}). Every request has its own symbol table, starting with
 * {@code ""} as the spec requires, holding only the strings of the series it carries. Each series carries metadata
 * with a type derived from its metric name: {@code _total}, {@code _sum} and {@code _count} names are counters,
 * the rest gauges; no help text or unit (references to symbol 0).
 */
public final class V2RequestEncoder implements RequestEncoder {
    private final String[][] pairs;
    private final Metadata[] metadata;

    public V2RequestEncoder(List<Labels> series) {
        requireNonNull(series, "series is null");
        pairs = new String[series.size()][];
        metadata = new Metadata[series.size()];
        for (int i = 0; i < pairs.length; i++) {
            Labels labels = series.get(i);
            String[] flat = new String[labels.size() * 2];
            for (int j = 0; j < labels.size(); j++) {
                flat[2 * j] = labels.name(j);
                flat[2 * j + 1] = labels.value(j);
            }
            pairs[i] = flat;
            metadata[i] = Metadata.newBuilder().setType(typeOf(labels.metricName())).build();
        }
    }

    static Metadata.MetricType typeOf(String metricName) {
        return metricName.endsWith("_total") || metricName.endsWith("_sum") || metricName.endsWith("_count")
                ? Metadata.MetricType.METRIC_TYPE_COUNTER
                : Metadata.MetricType.METRIC_TYPE_GAUGE;
    }

    @Override
    public Protocol protocol() {
        return Protocol.V2;
    }

    @Override
    public byte[] encode(long timestampMillis, double[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, Math.min(pairs.length, values.length));
        Request.Builder request = Request.newBuilder().addSymbols("");
        Map<String, Integer> symbols = new HashMap<>();
        symbols.put("", 0);
        for (int i = from; i < to; i++) {
            TimeSeries.Builder series = TimeSeries.newBuilder();
            for (String text : pairs[i]) {
                Integer ref = symbols.get(text);
                if (ref == null) {
                    ref = symbols.size();
                    symbols.put(text, ref);
                    request.addSymbols(text);
                }
                series.addLabelsRefs(ref);
            }
            series.addSamples(Sample.newBuilder().setValue(values[i]).setTimestamp(timestampMillis));
            series.setMetadata(metadata[i]);
            request.addTimeseries(series);
        }
        return request.build().toByteArray();
    }
}
