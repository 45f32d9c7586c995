package io.amphora.distributor.grpc;

import io.amphora.distributor.IngesterClient;
import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import io.amphora.proto.ingester.v1.Sample;
import io.amphora.proto.ingester.v1.TimeSeries;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngesterClientPoolTest {
    @Test
    void writesEachSeriesWithOnlyItsOwnLabelsAndSamples() {
        List<IngesterClient.Series> series = List.of(
                new IngesterClient.Series(Labels.of("__name__", "up", "job", "api", "zone", "eu"),
                        new long[] {1000, 2000, 3000}, new double[] {1, 2, Double.NaN}),
                new IngesterClient.Series(Labels.of("__name__", "down"), new long[] {4000}, new double[] {-0.0}),
                new IngesterClient.Series(Labels.of("__name__", "empty", "job", "x"), new long[0], new double[0]));

        List<TimeSeries> wire = IngesterClientPool.timeSeries(series);

        assertThat(wire).hasSize(3);
        assertThat(wire.get(0).getLabelsList()).extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("__name__=up", "job=api", "zone=eu");
        assertThat(wire.get(0).getSamplesList()).extracting(Sample::getTimestampMs).containsExactly(1000L, 2000L, 3000L);
        assertThat(wire.get(0).getSamples(2).getValue()).isNaN();
        assertThat(wire.get(1).getLabelsList()).extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("__name__=down");
        assertThat(wire.get(1).getSamplesList()).extracting(Sample::getTimestampMs).containsExactly(4000L);
        assertThat(Double.doubleToRawLongBits(wire.get(1).getSamples(0).getValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(wire.get(2).getLabelsList()).extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactly("__name__=empty", "job=x");
        assertThat(wire.get(2).getSamplesList()).isEmpty();
        assertThat(wire.get(2).getHistogramsList()).isEmpty();
    }

    @Test
    void keepsHistogramsWithTheirSeriesOnly() {
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 1, 3, 4.5,
                new Span[] {new Span(0, 1)}, new double[] {2}, new Span[0], new double[0], new double[0]);
        List<IngesterClient.Series> series = List.of(
                new IngesterClient.Series(Labels.of("__name__", "h"), new long[0], new double[0],
                        List.of(new IngesterClient.HistogramSample(5000, null, h))),
                new IngesterClient.Series(Labels.of("__name__", "f"), new long[] {6000}, new double[] {1}));

        List<TimeSeries> wire = IngesterClientPool.timeSeries(series);

        assertThat(wire.get(0).getHistogramsList()).hasSize(1);
        assertThat(wire.get(0).getHistograms(0).getTimestampMs()).isEqualTo(5000);
        assertThat(wire.get(0).getHistograms(0).getCountFloat()).isEqualTo(3);
        assertThat(wire.get(0).getSamplesList()).isEmpty();
        assertThat(wire.get(1).getHistogramsList()).isEmpty();
        assertThat(wire.get(1).getSamplesList()).hasSize(1);
    }
}
