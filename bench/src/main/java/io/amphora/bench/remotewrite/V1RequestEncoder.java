package io.amphora.bench.remotewrite;

import io.amphora.model.Labels;
import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.Sample;
import io.amphora.proto.prometheus.TimeSeries;
import io.amphora.proto.prometheus.WriteRequest;

import java.util.List;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/** Remote write 1.0 ({@code prometheus.WriteRequest}): each series carries its full label set and one sample. */
public final class V1RequestEncoder implements RequestEncoder {
    // Each series' labels as a message without samples, built once: a request only adds one sample to a copy.
    private final TimeSeries[] labelsOnly;

    public V1RequestEncoder(List<Labels> series) {
        requireNonNull(series, "series is null");
        labelsOnly = new TimeSeries[series.size()];
        for (int i = 0; i < labelsOnly.length; i++) {
            TimeSeries.Builder builder = TimeSeries.newBuilder();
            series.get(i).forEach((name, value) -> builder.addLabels(Label.newBuilder().setName(name).setValue(value)));
            labelsOnly[i] = builder.build();
        }
    }

    @Override
    public Protocol protocol() {
        return Protocol.V1;
    }

    @Override
    public byte[] encode(long timestampMillis, double[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, Math.min(labelsOnly.length, values.length));
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int i = from; i < to; i++) {
            request.addTimeseries(labelsOnly[i].toBuilder()
                    .addSamples(Sample.newBuilder().setValue(values[i]).setTimestamp(timestampMillis)));
        }
        return request.build().toByteArray();
    }
}
