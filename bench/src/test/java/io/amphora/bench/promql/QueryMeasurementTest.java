package io.amphora.bench.promql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class QueryMeasurementTest {
    private static final ResultComparison.Outcome EQUAL = new ResultComparison.Outcome(3, 3, 3, 30, 0, List.of());
    private static final ResultComparison.Outcome DIFFERENT = new ResultComparison.Outcome(3, 3, 3, 30, 2, List.of("x"));

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleValues() {
        assertThat(QueryMeasurement.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(QueryMeasurement.median(List.of(4.0, 1.0, 3.0, 100.0))).isEqualTo(3.5);
        assertThat(QueryMeasurement.median(List.of())).isNaN();
    }

    @Test
    void ratioIsAmphorasMedianOverPrometheuss() {
        QueryMeasurement m = measurement(List.of(10.0, 20.0, 30.0), List.of(5.0, 4.0, 6.0), Optional.empty(), Optional.of(EQUAL));

        assertThat(m.prometheusMedianMillis()).isEqualTo(20.0);
        assertThat(m.amphoraMedianMillis()).isEqualTo(5.0);
        assertThat(m.ratio()).isEqualTo(0.25);
        assertThat(m.complete()).isTrue();
        assertThat(m.resultLine("10k-1h")).isEqualTo("RESULT dataset=10k-1h query=rate prometheus_ms=20.000 "
                + "prometheus_eval_ms=19.000 amphora_ms=5.000 ratio=0.250 check=ok prometheus_samples=100 "
                + "amphora_samples=90 runs=3");
    }

    @Test
    void aFailedEngineHasNoRatioAndIsNotComplete() {
        QueryMeasurement m = measurement(List.of(10.0), List.of(), Optional.of("QueryException: unsupported"), Optional.empty());

        assertThat(m.ratio()).isNaN();
        assertThat(m.complete()).isFalse();
        assertThat(m.resultLine("1k-1h")).contains("amphora_ms=n/a ratio=n/a check=amphora-failed");
    }

    @Test
    void differentResultsAreNotComplete() {
        QueryMeasurement m = measurement(List.of(10.0), List.of(12.0), Optional.empty(), Optional.of(DIFFERENT));

        assertThat(m.complete()).isFalse();
        assertThat(m.resultLine("1k-1h")).contains("ratio=1.200 check=different");
    }

    private static QueryMeasurement measurement(List<Double> prometheus, List<Double> amphora,
            Optional<String> amphoraFailure, Optional<ResultComparison.Outcome> check) {
        return new QueryMeasurement(BenchmarkQuery.RATE, prometheus, prometheus.stream().map(v -> v - 1).toList(),
                amphora, Optional.empty(), amphoraFailure, check, 100, 90);
    }
}
