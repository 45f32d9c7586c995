package io.amphora.bench.promql;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.RangeSeries;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultComparisonTest {
    private static final Labels API = Labels.of("job", "api");
    private static final Labels WEB = Labels.of("job", "web");

    @Test
    void equalResultsMatch() {
        ResultComparison comparison = new ResultComparison(matrix(
                series(API, new long[] {1000, 2000}, new double[] {1.5, Double.NaN}),
                series(WEB, new long[] {1000}, new double[] {Double.POSITIVE_INFINITY})), 1e-6);

        comparison.series(WEB, new long[] {1000}, new double[] {Double.POSITIVE_INFINITY});
        comparison.series(API, new long[] {1000, 2000}, new double[] {1.5, Double.NaN});
        ResultComparison.Outcome outcome = comparison.outcome();

        assertThat(outcome.matches()).isTrue();
        assertThat(outcome.comparedPoints()).isEqualTo(3);
        assertThat(outcome.summary()).isEqualTo("ok: 2 series, 3 points equal");
        assertThat(outcome.examples()).isEmpty();
    }

    @Test
    void valuesMayDifferWithinTheRelativeTolerance() {
        ResultComparison comparison = new ResultComparison(matrix(
                series(API, new long[] {1000, 2000, 3000}, new double[] {1_000_000, 2.0, 0}),
                series(WEB, new long[] {1000}, new double[] {1.0})), 1e-6);

        comparison.series(API, new long[] {1000, 2000, 3000}, new double[] {1_000_000.9, 2.0, 1e-17});
        comparison.series(WEB, new long[] {1000}, new double[] {1.00001});
        ResultComparison.Outcome outcome = comparison.outcome();

        assertThat(outcome.matches()).isFalse();
        assertThat(outcome.differingPoints()).isEqualTo(1);
        assertThat(outcome.examples()).containsExactly("{job=\"web\"} @1000: Prometheus 1.00001, Amphora 1.0");
    }

    @Test
    void nanAndInfinityEqualOnlyThemselves() {
        ResultComparison comparison = new ResultComparison(matrix(), 1e-6);

        assertThat(comparison.close(Double.NaN, Double.NaN)).isTrue();
        assertThat(comparison.close(Double.NaN, 0)).isFalse();
        assertThat(comparison.close(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(comparison.close(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(comparison.close(Double.MAX_VALUE, Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void aSeriesOnOnlyOneSideIsADifference() {
        ResultComparison comparison = new ResultComparison(matrix(series(API, new long[] {1000}, new double[] {1})), 1e-6);

        comparison.series(WEB, new long[] {1000, 2000}, new double[] {1, 2});
        ResultComparison.Outcome outcome = comparison.outcome();

        assertThat(outcome.matches()).isFalse();
        assertThat(outcome.amphoraSeries()).isEqualTo(1);
        assertThat(outcome.prometheusSeries()).isEqualTo(1);
        assertThat(outcome.matchedSeries()).isZero();
        assertThat(outcome.examples()).containsExactly(
                "series only in Prometheus's result: {job=\"web\"}",
                "series only in Amphora's result: {job=\"api\"}");
        assertThat(outcome.summary()).isEqualTo(
                "DIFFERENT: series Amphora 1 / Prometheus 1 (0 with equal labels), 2 of 2 points differ");
    }

    @Test
    void aPointOnOnlyOneSideIsADifference() {
        ResultComparison comparison = new ResultComparison(matrix(
                series(API, new long[] {1000, 3000}, new double[] {1, 3})), 1e-6);

        comparison.series(API, new long[] {1000, 2000}, new double[] {1, 2});
        ResultComparison.Outcome outcome = comparison.outcome();

        assertThat(outcome.comparedPoints()).isEqualTo(3);
        assertThat(outcome.differingPoints()).isEqualTo(2);
        assertThat(outcome.examples()).containsExactly(
                "{job=\"api\"} @2000: Prometheus 2.0, Amphora has no point",
                "{job=\"api\"} @3000: Amphora 3.0, Prometheus has no point");
    }

    private static Matrix matrix(RangeSeries... series) {
        return new Matrix(List.of(series));
    }

    private static RangeSeries series(Labels labels, long[] timestamps, double[] values) {
        return new RangeSeries(labels, timestamps, values, new long[0], new FloatHistogram[0]);
    }
}
