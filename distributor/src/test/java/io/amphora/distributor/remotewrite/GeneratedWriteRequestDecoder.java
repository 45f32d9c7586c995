package io.amphora.distributor.remotewrite;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.WriteRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference for {@link WriteRequestParser}: how Amphora decoded remote write 1.0 before it, with the generated
 * parser ({@code WriteRequest.parseFrom}) followed by a copy into the model. The hand-written parser must produce
 * exactly what this produces, or throw exactly what this throws.
 */
final class GeneratedWriteRequestDecoder {
    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

    private GeneratedWriteRequestDecoder() {}

    /** @throws IOException the generated parser's {@code InvalidProtocolBufferException} */
    static WriteBatch decode(byte[] raw) throws IOException {
        CodedInputStream input = CodedInputStream.newInstance(raw);
        input.enableAliasing(true);
        WriteRequest request = WriteRequest.parseFrom(input);
        List<IncomingSeries> series = new ArrayList<>(request.getTimeseriesCount());
        for (io.amphora.proto.prometheus.TimeSeries ts : request.getTimeseriesList()) {
            series.add(toSeries(ts));
        }
        List<MetricMetadata> metadata = new ArrayList<>(request.getMetadataCount());
        for (io.amphora.proto.prometheus.MetricMetadata m : request.getMetadataList()) {
            metadata.add(new MetricMetadata(m.getMetricFamilyNameBytes().toStringUtf8(),
                    MetricType.fromWireNumber(m.getTypeValue()), m.getHelpBytes().toStringUtf8(),
                    m.getUnitBytes().toStringUtf8()));
        }
        return new WriteBatch(series, metadata, ProtocolVersion.V1, List.of());
    }

    private static IncomingSeries toSeries(io.amphora.proto.prometheus.TimeSeries ts) {
        String[] namesAndValues = new String[ts.getLabelsCount() * 2];
        int invalidUtf8At = decodeLabels(ts.getLabelsList(), namesAndValues);

        int sampleCount = ts.getSamplesCount();
        long[] timestamps = sampleCount == 0 ? NO_LONGS : new long[sampleCount];
        double[] values = sampleCount == 0 ? NO_DOUBLES : new double[sampleCount];
        for (int i = 0; i < sampleCount; i++) {
            io.amphora.proto.prometheus.Sample sample = ts.getSamples(i);
            timestamps[i] = sample.getTimestamp();
            values[i] = sample.getValue();
        }

        List<NativeHistogram> histograms = new ArrayList<>(ts.getHistogramsCount());
        for (io.amphora.proto.prometheus.Histogram h : ts.getHistogramsList()) {
            histograms.add(toHistogram(h));
        }

        List<IncomingExemplar> exemplars = new ArrayList<>(ts.getExemplarsCount());
        for (io.amphora.proto.prometheus.Exemplar e : ts.getExemplarsList()) {
            String[] exemplarLabels = new String[e.getLabelsCount() * 2];
            int invalid = decodeLabels(e.getLabelsList(), exemplarLabels);
            exemplars.add(new IncomingExemplar(exemplarLabels, invalid, e.getValue(), e.getTimestamp()));
        }
        return new IncomingSeries(namesAndValues, invalidUtf8At, timestamps, values, NO_LONGS, histograms, exemplars,
                SeriesMetadata.NONE);
    }

    private static int decodeLabels(List<Label> labels, String[] out) {
        int invalidUtf8At = -1;
        for (int i = 0; i < labels.size(); i++) {
            Label label = labels.get(i);
            ByteString name = label.getNameBytes();
            ByteString value = label.getValueBytes();
            out[2 * i] = name.toStringUtf8();
            out[2 * i + 1] = value.toStringUtf8();
            if (invalidUtf8At < 0) {
                if (!name.isValidUtf8()) {
                    invalidUtf8At = 2 * i;
                } else if (!value.isValidUtf8()) {
                    invalidUtf8At = 2 * i + 1;
                }
            }
        }
        return invalidUtf8At;
    }

    private static NativeHistogram toHistogram(io.amphora.proto.prometheus.Histogram h) {
        List<BucketSpan> negativeSpans = new ArrayList<>(h.getNegativeSpansCount());
        for (io.amphora.proto.prometheus.BucketSpan span : h.getNegativeSpansList()) {
            negativeSpans.add(new BucketSpan(span.getOffset(), Integer.toUnsignedLong(span.getLength())));
        }
        List<BucketSpan> positiveSpans = new ArrayList<>(h.getPositiveSpansCount());
        for (io.amphora.proto.prometheus.BucketSpan span : h.getPositiveSpansList()) {
            positiveSpans.add(new BucketSpan(span.getOffset(), Integer.toUnsignedLong(span.getLength())));
        }
        return new NativeHistogram(h.getTimestamp(), 0,
                h.getCountCase() == io.amphora.proto.prometheus.Histogram.CountCase.COUNT_FLOAT,
                h.getCountInt(), h.getCountFloat(), h.getSum(), h.getSchema(), h.getZeroThreshold(),
                h.getZeroCountInt(), h.getZeroCountFloat(),
                negativeSpans, longs(h.getNegativeDeltasList()), doubles(h.getNegativeCountsList()),
                positiveSpans, longs(h.getPositiveDeltasList()), doubles(h.getPositiveCountsList()),
                ResetHint.fromWireNumber(h.getResetHintValue()), doubles(h.getCustomValuesList()));
    }

    private static long[] longs(List<Long> list) {
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static double[] doubles(List<Double> list) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
