package io.amphora.bench.remotewrite;

import io.amphora.bench.SyntheticSeries;
import io.amphora.model.Labels;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.proto.remotewrite.v2.Metadata;
import io.amphora.proto.remotewrite.v2.Request;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestEncoderTest {
    private static final long TIMESTAMP = 1_700_000_015_000L;

    private final SyntheticSeries data = new SyntheticSeries(30, 7, 0);
    private final List<Labels> labels = labelsOf(data);
    private final double[] values = valuesOf(data);

    @Test
    void encodesVersion1RequestWithOneSamplePerSeriesOfTheBatch() throws IOException {
        byte[] body = RequestEncoder.forProtocol(Protocol.V1, labels).encodeCompressed(TIMESTAMP, values, 10, 25);

        WriteRequest request = WriteRequest.parseFrom(Snappy.uncompress(body));

        assertThat(request.getTimeseriesCount()).isEqualTo(15);
        assertThat(request.getMetadataCount()).isZero();
        for (int i = 0; i < 15; i++) {
            var series = request.getTimeseries(i);
            Labels.Builder decoded = Labels.builder();
            series.getLabelsList().forEach(label -> decoded.add(label.getName(), label.getValue()));
            assertThat(decoded.build()).isEqualTo(labels.get(10 + i));
            assertThat(series.getLabelsList()).extracting(label -> label.getName()).isSorted();
            assertThat(series.getSamplesCount()).isEqualTo(1);
            assertThat(series.getSamples(0).getTimestamp()).isEqualTo(TIMESTAMP);
            assertThat(series.getSamples(0).getValue()).isEqualTo(values[10 + i]);
        }
    }

    @Test
    void encodesVersion2RequestWithItsOwnSymbolTableAndMetadata() throws IOException {
        byte[] body = RequestEncoder.forProtocol(Protocol.V2, labels).encodeCompressed(TIMESTAMP, values, 0, 20);

        Request request = Request.parseFrom(Snappy.uncompress(body));

        List<String> symbols = request.getSymbolsList();
        assertThat(symbols.getFirst()).isEmpty();
        assertThat(new HashSet<>(symbols)).hasSameSizeAs(symbols);
        assertThat(request.getTimeseriesCount()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            var series = request.getTimeseries(i);
            assertThat(series.getLabelsRefsCount() % 2).isZero();
            Labels.Builder decoded = Labels.builder();
            for (int j = 0; j < series.getLabelsRefsCount(); j += 2) {
                decoded.add(symbols.get(series.getLabelsRefs(j)), symbols.get(series.getLabelsRefs(j + 1)));
            }
            assertThat(decoded.build()).isEqualTo(labels.get(i));
            assertThat(series.getSamplesCount()).isEqualTo(1);
            assertThat(series.getSamples(0).getTimestamp()).isEqualTo(TIMESTAMP);
            assertThat(series.getSamples(0).getValue()).isEqualTo(values[i]);
            assertThat(series.getMetadata().getType()).isEqualTo(V2RequestEncoder.typeOf(labels.get(i).metricName()));
            assertThat(series.getMetadata().getHelpRef()).isZero();
            assertThat(series.getMetadata().getUnitRef()).isZero();
        }
    }

    @Test
    void version2SymbolTableHoldsOnlyTheStringsOfItsOwnSeries() throws IOException {
        RequestEncoder encoder = RequestEncoder.forProtocol(Protocol.V2, labels);

        Request request = Request.parseFrom(Snappy.uncompress(encoder.encodeCompressed(TIMESTAMP, values, 0, 1)));

        List<String> expected = new ArrayList<>(List.of(""));
        labels.getFirst().forEach((name, value) -> {
            expected.add(name);
            expected.add(value);
        });
        assertThat(request.getSymbolsList()).containsExactlyInAnyOrderElementsOf(new HashSet<>(expected));
    }

    @Test
    void typesCountersByTheirNameSuffix() {
        assertThat(V2RequestEncoder.typeOf("http_requests_total")).isEqualTo(Metadata.MetricType.METRIC_TYPE_COUNTER);
        assertThat(V2RequestEncoder.typeOf("http_request_duration_seconds_sum")).isEqualTo(Metadata.MetricType.METRIC_TYPE_COUNTER);
        assertThat(V2RequestEncoder.typeOf("go_goroutines")).isEqualTo(Metadata.MetricType.METRIC_TYPE_GAUGE);
    }

    @Test
    void rejectsBatchOutsideTheSeries() {
        for (Protocol protocol : Protocol.values()) {
            RequestEncoder encoder = RequestEncoder.forProtocol(protocol, labels);
            assertThatThrownBy(() -> encoder.encode(TIMESTAMP, values, 20, 31)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> encoder.encode(TIMESTAMP, new double[5], 0, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    private static List<Labels> labelsOf(SyntheticSeries data) {
        List<Labels> result = new ArrayList<>();
        for (int i = 0; i < data.count(); i++) {
            result.add(data.labels(i));
        }
        return result;
    }

    private static double[] valuesOf(SyntheticSeries data) {
        double[] result = new double[data.count()];
        for (int i = 0; i < result.length; i++) {
            result[i] = data.nextValue(i);
        }
        return result;
    }
}
