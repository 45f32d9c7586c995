package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeQueryTargetTest {
    private static final Labels A = Labels.of("__name__", "m", "job", "a");
    private static final Labels B = Labels.of("__name__", "m", "job", "b");
    private static final double STALE = Double.longBitsToDouble(SequenceValue.STALE_NAN_BITS);

    private final FakeQueryTarget target = new FakeQueryTarget();

    @Test
    void instantSelectorSeesTheNewestSampleOfTheLastFiveMinutesExcludingTheOldEdge() {
        target.load(List.of(series(A, 0, 1.0)));

        assertThat(values(target.instant("m", 299_000))).containsExactly(1.0);
        assertThat(values(target.instant("m", 300_000))).isEmpty();
        assertThat(values(target.instant("m", -1))).isEmpty();
    }

    @Test
    void instantSelectorReturnsSamplesAtTheEvaluationTimeWithTheirLabels() {
        target.load(List.of(series(A, 0, 1.0, 60_000, 2.0), series(B, 0, 5.0)));

        Vector vector = (Vector) target.instant("m{job=\"a\"}", 90_000).value();

        assertThat(vector.samples()).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).isEqualTo(A);
            assertThat(sample.timestamp()).isEqualTo(90_000);
            assertThat(sample.value()).isEqualTo(2.0);
        });
    }

    @Test
    void staleMarkerEndsTheSeriesForInstantSelectorsAndIsLeftOutOfRanges() {
        target.load(List.of(series(A, 0, 1.0, 60_000, STALE)));

        assertThat(values(target.instant("m", 30_000))).containsExactly(1.0);
        assertThat(values(target.instant("m", 60_000))).isEmpty();
        Matrix matrix = (Matrix) target.instant("m[5m]", 60_000).value();
        assertThat(matrix.series()).singleElement()
                .satisfies(series -> assertThat(series.floatTimestamps()).containsExactly(0L));
    }

    @Test
    void atModifierAndOffsetMoveTheSelectorsTime() {
        target.load(List.of(series(A, 0, 1.0, 600_000, 2.0)));

        assertThat(values(target.instant("m @ 100", 900_000))).containsExactly(1.0);
        assertThat(values(target.instant("m offset 10m", 600_000))).containsExactly(1.0);
        assertThat(values(target.instant("m @ 700 offset 1m", 0))).containsExactly(2.0);
        assertThat(values(target.instant("m @ end()", 100_000))).containsExactly(1.0);
    }

    @Test
    void rangeSelectorIsOpenAtItsStartAndClosedAtItsEnd() {
        target.load(List.of(series(A, 0, 1.0, 60_000, 2.0, 120_000, 3.0)));

        RangeSeries series = ((Matrix) target.instant("m[2m]", 120_000).value()).series().getFirst();

        assertThat(series.floatTimestamps()).containsExactly(60_000L, 120_000L);
        assertThat(series.floatValues()).containsExactly(2.0, 3.0);
    }

    @Test
    void literalsGiveScalarsAndStrings() {
        assertThat(target.instant("42", 5).value()).isEqualTo(new Scalar(5, 42));
        assertThat(target.instant("\"x\"", 5).value()).isEqualTo(new StringValue(5, "x"));
    }

    @Test
    void rangeQueryCollectsEachStepIntoSeriesSortedByLabels() {
        target.load(List.of(series(B, 0, 5.0), series(A, 60_000, 1.0)));

        Matrix matrix = (Matrix) target.range("m", 0, 120_000, 60_000).value();

        assertThat(matrix.series()).extracting(RangeSeries::labels).containsExactly(A, B);
        assertThat(matrix.series().get(0).floatTimestamps()).containsExactly(60_000L, 120_000L);
        assertThat(matrix.series().get(1).floatTimestamps()).containsExactly(0L, 60_000L, 120_000L);
        Matrix scalar = (Matrix) target.range("7", 0, 60_000, 60_000).value();
        assertThat(scalar.series()).singleElement().satisfies(series -> {
            assertThat(series.labels()).isEqualTo(Labels.empty());
            assertThat(series.floatValues()).containsExactly(7.0, 7.0);
        });
    }

    @Test
    void histogramSamplesComeBackAsHistograms() {
        FloatHistogram histogram = Histograms.fromDescription(HistogramDescription.EMPTY);
        target.load(List.of(new LoadSeries(A, List.of(LoadSeries.Point.ofHistogram(0, histogram)))));

        Vector vector = (Vector) target.instant("m", 0).value();

        assertThat(vector.samples()).singleElement().satisfies(sample -> assertThat(sample.histogram())
                .isEqualTo(histogram));
    }

    @Test
    void clearDeletesEverything() {
        target.load(List.of(series(A, 0, 1.0)));

        target.clear();

        assertThat(values(target.instant("m", 0))).isEmpty();
    }

    @Test
    void loadRejectsSamplesNotAfterTheStoredOnesAndStoresNothingOfThatBatch() {
        target.load(List.of(series(A, 60_000, 1.0)));

        assertThatThrownBy(() -> target.load(List.of(series(B, 0, 9.0), series(A, 0, 2.0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of order");
        assertThat(values(target.instant("m", 60_000))).containsExactly(1.0);
    }

    @Test
    void unsupportedExpressionsAndInvalidRangeQueriesFailAsQueries() {
        assertThatThrownBy(() -> target.instant("sum(m)", 0)).isInstanceOf(QueryException.class)
                .hasMessageContaining("only literals and selectors");
        assertThatThrownBy(() -> target.instant("m{", 0)).isInstanceOf(QueryException.class)
                .hasMessageContaining("parse error");
        assertThatThrownBy(() -> target.range("m[5m]", 0, 60_000, 60_000)).isInstanceOf(QueryException.class);
    }

    @Test
    void recordsEveryQuery() {
        target.instant("1", 10);
        target.range("2", 0, 60_000, 60_000);

        assertThat(target.queries()).containsExactly("instant 1 @ 10", "range 2 0..60000/60000");
    }

    private static LoadSeries series(Labels labels, Object... timesAndValues) {
        List<LoadSeries.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < timesAndValues.length; i += 2) {
            points.add(LoadSeries.Point.ofFloat(((Number) timesAndValues[i]).longValue(),
                    (Double) timesAndValues[i + 1]));
        }
        return new LoadSeries(labels, points);
    }

    private static List<Double> values(io.amphora.promql.engine.QueryResult result) {
        QueryValue value = result.value();
        return ((Vector) value).samples().stream().map(io.amphora.promql.engine.Sample::value).toList();
    }
}
