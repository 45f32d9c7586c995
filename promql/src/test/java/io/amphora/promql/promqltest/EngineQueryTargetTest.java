package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.Vector;
import org.junit.jupiter.api.Test;

import java.time.InstantSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineQueryTargetTest {
    private static final Labels M = Labels.of("__name__", "m");
    private static final Labels H = Labels.of("__name__", "h");

    private final EngineQueryTarget target = EngineQueryTarget.withConformanceSettings(InstantSource.system());

    @Test
    void storesFloatsAndHistogramsForTheEngineToQuery() {
        FloatHistogram histogram = Histograms.fromDescription(new HistogramDescription(0, 5, 3, 0, 0,
                List.of(1.0, 2.0), 0, List.of(), 0, HistogramDescription.CounterResetHint.GAUGE, List.of()));

        target.load(List.of(new LoadSeries(M, List.of(LoadSeries.Point.ofFloat(0, 1), LoadSeries.Point.ofFloat(60_000,
                2))), new LoadSeries(H, List.of(LoadSeries.Point.ofHistogram(0, histogram)))));

        Vector floats = (Vector) target.instant("m", 60_000).value();
        assertThat(floats.samples()).singleElement().satisfies(sample -> assertThat(sample.value()).isEqualTo(2));
        Vector histograms = (Vector) target.instant("h", 0).value();
        assertThat(histograms.samples()).singleElement().satisfies(sample ->
                assertThat(Histograms.mismatch(histogram, sample.histogram(), true)).isEmpty());
        assertThat(target.range("m", 0, 60_000, 60_000).value()).isInstanceOf(io.amphora.promql.engine.Matrix.class);
    }

    @Test
    void clearStartsFromEmptyStorage() {
        target.load(List.of(new LoadSeries(M, List.of(LoadSeries.Point.ofFloat(0, 1)))));

        target.clear();

        assertThat(((Vector) target.instant("m", 0).value()).samples()).isEmpty();
    }

    @Test
    void storesStartTimestampsForTheEngineToRead() {
        target.load(List.of(new LoadSeries(M, List.of(new LoadSeries.Point(60_000, 1, null, 59_000),
                LoadSeries.Point.ofFloat(120_000, 2)))));

        assertThat(((Vector) target.instant("start_timestamp(m)", 60_000).value()).samples()).singleElement()
                .satisfies(sample -> assertThat(sample.value()).isEqualTo(59.0));
        assertThat(((Vector) target.instant("start_timestamp(m)", 120_000).value()).samples()).singleElement()
                .satisfies(sample -> assertThat(sample.value()).isZero());
    }

    @Test
    void failedQueriesThrowQueryExceptions() {
        assertThatThrownBy(() -> target.instant("sum(", 0)).isInstanceOf(QueryException.class)
                .hasMessageContaining("parse error");
    }
}
