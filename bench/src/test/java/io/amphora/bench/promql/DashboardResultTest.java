package io.amphora.bench.promql;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardResultTest {
    private static final ResultComparison.Outcome EQUAL = new ResultComparison.Outcome(2, 2, 2, 482, 0, List.of());
    private static final ResultComparison.Outcome DIFFERENT =
            new ResultComparison.Outcome(2, 2, 2, 482, 3, List.of("{job=\"a\"} @1000: Prometheus 1, Amphora 2"));
    private static final PanelMeasurement.ResultSize SIZE = new PanelMeasurement.ResultSize(2, 482, 9_216);

    private static PanelMeasurement panel(DashboardPanel panel, List<Double> prometheus, List<Double> amphora) {
        return new PanelMeasurement(panel, prometheus, amphora, Optional.empty(), Optional.empty(), Optional.of(EQUAL),
                SIZE, SIZE, List.of(4.0), List.of(3.0));
    }

    @Test
    void medianOfAnOddAndAnEvenNumberOfRuns() {
        PanelMeasurement odd = panel(DashboardPanel.LATENCY_P99, List.of(30.0, 10.0, 20.0), List.of(5.0, 50.0, 6.0));
        PanelMeasurement even = panel(DashboardPanel.LATENCY_P99, List.of(40.0, 10.0, 30.0, 20.0), List.of(1.0, 2.0, 3.0, 4.0));

        assertThat(odd.prometheusMedianMillis()).isEqualTo(20.0);
        assertThat(odd.amphoraMedianMillis()).isEqualTo(6.0);
        assertThat(odd.ratio()).isEqualTo(0.3);
        assertThat(even.prometheusMedianMillis()).isEqualTo(25.0);
        assertThat(even.amphoraMedianMillis()).isEqualTo(2.5);
        assertThat(panel(DashboardPanel.LATENCY_P99, List.of(), List.of()).ratio()).isNaN();
    }

    @Test
    void theDashboardTotalIsTheMedianOfEachRunsSumNotTheSumOfMedians() {
        // Run sums: Prometheus 11, 32, 23 (median 23); Amphora 101, 12, 13 (median 13). The sums of the panels'
        // medians would be 12 + 11 = 23 and 2 + 11 = 13 here too, so the second panel is made to differ per run.
        DashboardResult result = new DashboardResult("10k-1h", Duration.ofSeconds(15), 241, List.of(
                panel(DashboardPanel.REQUEST_RATE_BY_JOB, List.of(1.0, 2.0, 3.0), List.of(100.0, 1.0, 2.0)),
                panel(DashboardPanel.LATENCY_P99, List.of(10.0, 30.0, 20.0), List.of(1.0, 11.0, 11.0))));

        assertThat(result.prometheusTotals()).containsExactly(11.0, 32.0, 23.0);
        assertThat(result.amphoraTotals()).containsExactly(101.0, 12.0, 13.0);
        assertThat(result.prometheusTotalMillis()).isEqualTo(23.0);
        assertThat(result.amphoraTotalMillis()).isEqualTo(13.0);
        assertThat(result.totalRatio()).isEqualTo(13.0 / 23.0);
        assertThat(result.complete()).isTrue();
    }

    @Test
    void aPanelEitherServerFailedIsLeftOutOfBothTotalsAndMakesTheRunIncomplete() {
        PanelMeasurement failed = new PanelMeasurement(DashboardPanel.PODS_PER_NODE, List.of(500.0, 500.0), List.of(),
                Optional.empty(), Optional.of("execution: the query hit the max number of chunks limit"), Optional.empty(),
                SIZE, PanelMeasurement.ResultSize.NONE, List.of(), List.of());
        DashboardResult result = new DashboardResult("10k-1h", Duration.ofSeconds(15), 241, List.of(
                panel(DashboardPanel.REQUEST_RATE_BY_JOB, List.of(1.0, 3.0), List.of(2.0, 4.0)), failed));

        assertThat(result.timedPanels()).extracting(PanelMeasurement::panel).containsExactly(DashboardPanel.REQUEST_RATE_BY_JOB);
        assertThat(result.prometheusTotalMillis()).isEqualTo(2.0);
        assertThat(result.amphoraTotalMillis()).isEqualTo(3.0);
        assertThat(result.complete()).isFalse();
        assertThat(failed.checkWord()).isEqualTo("amphora-failed");
        assertThat(result.report("1.00 1.00 1.00"))
                .contains("dashboard (1 panels)")
                .contains("1 panel(s) left out")
                .contains("Amphora failed: execution: the query hit the max number of chunks limit")
                .contains("RESULT dataset=10k-1h panel=dashboard_total prometheus_ms=2.000 amphora_ms=3.000 ratio=1.500 "
                        + "panels=1 check=incomplete");
    }

    @Test
    void differingAnswersMakeTheRunIncompleteButKeepTheirTimes() {
        PanelMeasurement different = new PanelMeasurement(DashboardPanel.LATENCY_P99, List.of(2.0), List.of(1.0),
                Optional.empty(), Optional.empty(), Optional.of(DIFFERENT), SIZE, SIZE, List.of(), List.of());
        DashboardResult result = new DashboardResult("1k-1h", Duration.ofSeconds(15), 241, List.of(different));

        assertThat(result.complete()).isFalse();
        assertThat(result.prometheusTotalMillis()).isEqualTo(2.0);
        assertThat(different.checkWord()).isEqualTo("different");
        assertThat(result.report("1.00 1.00 1.00")).contains("DIFFERENT: series Amphora 2 / Prometheus 2");
    }

    @Test
    void reportsOneResultLinePerPanelWithEveryRunAndTheServersOwnTimes() {
        DashboardResult result = new DashboardResult("100k-24h@60s", Duration.ofMinutes(1), 1441, List.of(
                panel(DashboardPanel.MEMORY_BY_NAMESPACE, List.of(12.5, 10.25), List.of(20.0, 30.0))));

        assertThat(result.report("2.50 2.00 1.50"))
                .contains("RESULT dataset=100k-24h@60s panel=memory_by_namespace prometheus_ms=11.375 amphora_ms=25.000 "
                        + "ratio=2.198 prometheus_exec_ms=4.000 amphora_exec_ms=3.000 series=2 points=482 "
                        + "prometheus_bytes=9216 amphora_bytes=9216 check=ok prometheus_runs=12.5,10.3 amphora_runs=20.0,30.0")
                .contains("step 60 s, 1441 points per series")
                .contains("load average at the end: 2.50 2.00 1.50");
    }
}
