package io.amphora.bench.promql;

import io.amphora.promql.engine.EngineOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PromqlCompareTest {
    @Test
    void reportsATableRowAndAResultLinePerQuery() {
        QueryMeasurement rate = new QueryMeasurement(BenchmarkQuery.RATE, List.of(30.0, 29.0, 31.0),
                List.of(29.9, 28.9, 30.9), List.of(15.0, 14.0, 16.0), Optional.empty(), Optional.empty(),
                Optional.of(new ResultComparison.Outcome(300, 300, 300, 71_862, 0, List.of())), 1_386_078, 1_386_078);
        QueryMeasurement topk = new QueryMeasurement(BenchmarkQuery.TOPK, List.of(2.0), List.of(1.9), List.of(),
                Optional.empty(), Optional.of("QueryException: unsupported function"), Optional.empty(), 12_027, -1);

        String report = PromqlCompare.report("1k-1h", List.of(rate, topk), "0.50 0.40 0.30");

        assertThat(report.lines()).contains(
                "rate                           30.0         (29.9)         15.0     0.50  ok: 300 series, 71862 points equal",
                "topk                            2.0          (1.9)          n/a      n/a  Amphora failed: QueryException: unsupported function",
                rate.resultLine("1k-1h"),
                topk.resultLine("1k-1h"),
                "machine load average at the end: 0.50 0.40 0.30");
        assertThat(report).contains("execTotalTime").contains("InMemoryQueryable");
    }

    @Test
    void amphorasEngineGetsTheLimitsTheScriptGivesPrometheus() {
        EngineOptions options = PromqlCompare.engineOptions(Duration.ofMinutes(10));

        assertThat(options.maxSamples()).isEqualTo(1_000_000_000L);
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.lookbackDelta()).isEqualTo(EngineOptions.DEFAULT_LOOKBACK_DELTA);
        assertThat(options.defaultSubqueryStep()).isEqualTo(EngineOptions.DEFAULT_SUBQUERY_STEP);
    }
}
