package io.amphora.bench.promql;

import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.storage.InMemoryQueryable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's queries evaluated by Amphora's engine over 1,000 series of the benchmark data (50 pods, 10 jobs). */
class DashboardPanelTest {
    private static final BenchmarkDataset DATASET = new BenchmarkDataset(1000, Duration.ofHours(1), Duration.ofSeconds(15));
    private static PromqlBenchmarkData data;
    private static InMemoryQueryable store;
    private static QueryEngine engine;
    private static final Map<DashboardPanel, Matrix> RESULTS = new EnumMap<>(DashboardPanel.class);

    @BeforeAll
    static void load() {
        data = new PromqlBenchmarkData(DATASET, PromqlBenchmarkData.DEFAULT_START_MILLIS, PromqlBenchmarkData.DEFAULT_SEED);
        store = new InMemoryQueryable();
        data.appendTo(store);
        engine = new QueryEngine(PromqlCompare.engineOptions(Duration.ofMinutes(1)),
                InstantSource.fixed(Instant.ofEpochMilli(data.queryEndMillis())));
    }

    private static Matrix evaluate(DashboardPanel panel) {
        return RESULTS.computeIfAbsent(panel, p -> (Matrix) engine.rangeQuery(store, p.promql(), data.queryStartMillis(),
                data.queryEndMillis(), PromqlBenchmarkData.QUERY_STEP_MILLIS, QueryOptions.DEFAULT).value());
    }

    @Test
    void theDashboardHasTenPanelsWithDistinctNamesAndQueries() {
        assertThat(DashboardPanel.values()).hasSize(10);
        assertThat(Arrays.stream(DashboardPanel.values()).map(DashboardPanel::displayName).distinct()).hasSize(10);
        assertThat(Arrays.stream(DashboardPanel.values()).map(DashboardPanel::promql).distinct()).hasSize(10);
        assertThat(Arrays.stream(DashboardPanel.values()).map(DashboardPanel::title).distinct()).hasSize(10);
    }

    @ParameterizedTest
    @EnumSource(DashboardPanel.class)
    void everyPanelDrawsSomethingOverTheBenchmarkData(DashboardPanel panel) {
        Matrix result = evaluate(panel);

        assertThat(result.series()).isNotEmpty();
        assertThat(result.series()).allSatisfy(series -> assertThat(series.floatValues()).isNotEmpty());
    }

    @Test
    void panelsAggregateToTheSeriesADashboardShows() {
        assertThat(labelValues(DashboardPanel.REQUEST_RATE_BY_JOB, "job")).hasSize(data.jobCount());
        assertThat(labelValues(DashboardPanel.ERROR_RATIO_BY_JOB, "job")).hasSize(data.jobCount());
        assertThat(labelValues(DashboardPanel.LATENCY_P90_BY_JOB, "job")).hasSize(data.jobCount());
        assertThat(evaluate(DashboardPanel.LATENCY_P99).series()).hasSize(1);
        assertThat(labelValues(DashboardPanel.MEMORY_BY_NAMESPACE, "namespace"))
                .containsExactlyInAnyOrder("team-0", "team-1", "team-2", "team-3", "team-4");
        assertThat(labelValues(DashboardPanel.PODS_PER_NODE, "node")).containsExactlyInAnyOrder("node-0", "node-1", "node-2");
        assertThat(labelValues(DashboardPanel.REQUESTS_VS_30M_AGO, "namespace")).hasSize(5);
        assertThat(labelValues(DashboardPanel.CLIENT_ERRORS_BY_METHOD, "method")).containsExactlyInAnyOrder("GET", "POST");
        assertThat(labelValues(DashboardPanel.PEAK_REQUEST_RATE_1H, "job")).hasSize(data.jobCount());
    }

    @Test
    void topTenHoldsTenPodsAtEveryStepOnceEveryPodHasARate() {
        Matrix result = evaluate(DashboardPanel.TOP10_SLOWEST_PODS);
        Map<Long, Integer> podsPerStep = new TreeMap<>();
        for (RangeSeries series : result.series()) {
            assertThat(series.labels().size()).isEqualTo(2);
            assertThat(series.labels().has("namespace") && series.labels().has("pod")).isTrue();
            for (long t : series.floatTimestamps()) {
                podsPerStep.merge(t, 1, Integer::sum);
            }
        }

        assertThat(result.series().size()).isGreaterThanOrEqualTo(10);
        assertThat(podsPerStep.values()).allSatisfy(pods -> assertThat(pods).isLessThanOrEqualTo(10));
        long fiveMinutesIn = data.startMillis() + Duration.ofMinutes(5).toMillis();
        assertThat(podsPerStep).allSatisfy((t, pods) -> {
            if (t >= fiveMinutesIn) {
                assertThat(pods).as("pods at %d", t).isEqualTo(10);
            }
        });
    }

    @Test
    void podsPerNodeCountsEveryPodOnce() {
        Matrix result = evaluate(DashboardPanel.PODS_PER_NODE);

        // At the last step every pod has reported memory: the counts over the nodes add up to the pods.
        double pods = result.series().stream().mapToDouble(s -> s.floatValues()[s.floatValues().length - 1]).sum();
        assertThat(pods).isEqualTo(data.targetCount());
    }

    @Test
    void theOffsetPanelHasNoPointsBeforeThirtyMinutesOfDataExist() {
        Matrix result = evaluate(DashboardPanel.REQUESTS_VS_30M_AGO);

        assertThat(result.series()).allSatisfy(series ->
                assertThat(series.floatTimestamps()[0]).isGreaterThan(data.startMillis() + Duration.ofMinutes(30).toMillis()));
    }

    @Test
    void parsesPanelListsByName() {
        assertThat(DashboardPanel.parseList("all")).containsExactly(DashboardPanel.values());
        assertThat(DashboardPanel.parseList("LATENCY_P99, request_rate_by_job"))
                .containsExactly(DashboardPanel.LATENCY_P99, DashboardPanel.REQUEST_RATE_BY_JOB);
        assertThatThrownBy(() -> DashboardPanel.parseList("latency_p99,"))
                .hasMessageStartingWith("unknown panel ''");
        assertThatThrownBy(() -> DashboardPanel.fromName("p50"))
                .hasMessageContaining("request_rate_by_job, error_ratio_by_job");
    }

    private static Set<String> labelValues(DashboardPanel panel, String name) {
        return evaluate(panel).series().stream().map(RangeSeries::labels).map(l -> l.get(name))
                .collect(Collectors.toSet());
    }
}
