package io.amphora.bench.promql;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.storage.InMemoryQueryable;
import io.amphora.storage.Querier;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromqlBenchmarkDataTest {
    private static final long START = PromqlBenchmarkData.DEFAULT_START_MILLIS;
    /** 10 pods, 2 hours: long enough for varied values, small enough for a fast test. */
    private static final BenchmarkDataset SMALL = new BenchmarkDataset(200, Duration.ofHours(2), Duration.ofSeconds(15));

    @Test
    void sameDatasetStartAndSeedGiveTheSameLabelsAndValues() {
        PromqlBenchmarkData a = new PromqlBenchmarkData(SMALL, START, 7);
        PromqlBenchmarkData b = new PromqlBenchmarkData(SMALL, START, 7);

        for (int i = 0; i < a.seriesCount(); i++) {
            assertThat(a.labels(i)).isEqualTo(b.labels(i));
        }
        assertThat(allValues(a).toArray(double[][]::new)).isDeepEqualTo(allValues(b).toArray(double[][]::new));
    }

    @Test
    void anotherSeedGivesOtherValuesButTheSameSeries() {
        PromqlBenchmarkData a = new PromqlBenchmarkData(SMALL, START, 7);
        PromqlBenchmarkData b = new PromqlBenchmarkData(SMALL, START, 8);

        for (int i = 0; i < a.seriesCount(); i++) {
            assertThat(a.labels(i)).isEqualTo(b.labels(i));
        }
        assertThat(Arrays.deepEquals(allValues(a).toArray(), allValues(b).toArray())).isFalse();
    }

    @Test
    void valuesDoNotDependOnTheOrderTargetsAreGeneratedIn() {
        PromqlBenchmarkData data = new PromqlBenchmarkData(SMALL, START, 7);
        List<double[]> seriesBySeries = allValues(data);

        // Scrape by scrape over all targets, as the remote-write load goes.
        List<PromqlBenchmarkData.TargetCursor> cursors = new ArrayList<>();
        for (int t = 0; t < data.targetCount(); t++) {
            cursors.add(data.cursor(t));
        }
        double[] values = new double[PromqlBenchmarkData.SERIES_PER_TARGET];
        for (int k = 0; k < data.scrapesPerSeries(); k++) {
            for (int t = data.targetCount() - 1; t >= 0; t--) {
                cursors.get(t).next(values, 0);
                for (int j = 0; j < values.length; j++) {
                    assertThat(values[j]).as("target %d series %d scrape %d", t, j, k)
                            .isEqualTo(seriesBySeries.get(t * PromqlBenchmarkData.SERIES_PER_TARGET + j)[k]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} pods in {2} jobs")
    @CsvSource({"1k-1h, 50, 10", "10k-1h, 500, 50", "100k-1h, 5000, 50"})
    void standardDatasetsHaveExactlyTheirSeriesCount(String name, int pods, int jobs) {
        PromqlBenchmarkData data = new PromqlBenchmarkData(BenchmarkDataset.parse(name), START, 42);

        int expected = Integer.parseInt(name.substring(0, name.indexOf('k'))) * 1000;
        Set<Labels> distinct = new HashSet<>();
        Map<String, Integer> byMetric = new TreeMap<>();
        Set<String> jobNames = new HashSet<>();
        for (int i = 0; i < data.seriesCount(); i++) {
            distinct.add(data.labels(i));
            byMetric.merge(data.labels(i).metricName(), 1, Integer::sum);
            if (!data.labels(i).get("job").equals("kube-state-metrics")) {
                jobNames.add(data.labels(i).get("job"));
            }
        }
        assertThat(data.seriesCount()).isEqualTo(expected);
        assertThat(distinct).hasSize(expected);
        assertThat(data.targetCount()).isEqualTo(pods);
        assertThat(data.jobCount()).isEqualTo(jobs);
        assertThat(jobNames).hasSize(jobs);
        assertThat(byMetric).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "container_memory_working_set_bytes", pods,
                "http_request_duration_seconds_bucket", pods * 10,
                "http_request_duration_seconds_count", pods,
                "http_request_duration_seconds_sum", pods,
                "http_requests_total", pods * 6,
                "kube_pod_info", pods)));
        assertThat(data.totalSamples()).isEqualTo((long) expected * data.scrapesPerSeries());
    }

    @Test
    void seriesHaveTheLabelsOfAKubernetesScrapeAndAnInfoMetricToJoinOn() {
        PromqlBenchmarkData data = new PromqlBenchmarkData(BenchmarkDataset.parse("1k-1h"), START, 42);

        for (int t = 0; t < data.targetCount(); t++) {
            int base = t * PromqlBenchmarkData.SERIES_PER_TARGET;
            Labels info = data.labels(base + PromqlBenchmarkData.POD_INFO);
            assertThat(info.metricName()).isEqualTo("kube_pod_info");
            assertThat(info.get("job")).isEqualTo("kube-state-metrics");
            assertThat(info.get("node")).startsWith("node-");
            Set<String> statusesAndMethods = new HashSet<>();
            List<String> le = new ArrayList<>();
            for (int j = 0; j < PromqlBenchmarkData.POD_INFO; j++) {
                Labels labels = data.labels(base + j);
                assertThat(labels.get("job")).isNotEmpty().isNotEqualTo("kube-state-metrics");
                assertThat(labels.get("instance")).matches("10\\.\\d+\\.\\d+\\.\\d+:8080");
                // The join keys of the info metric are the pod's own.
                assertThat(labels.get("pod")).isEqualTo(info.get("pod"));
                assertThat(labels.get("namespace")).isEqualTo(info.get("namespace"));
                assertThat(info.get("pod_ip") + ":8080").isEqualTo(labels.get("instance"));
                switch (labels.metricName()) {
                    case "http_requests_total" -> statusesAndMethods.add(labels.get("method") + " " + labels.get("status"));
                    case "http_request_duration_seconds_bucket" -> le.add(labels.get("le"));
                    default -> assertThat(labels.has("le")).isFalse();
                }
            }
            assertThat(statusesAndMethods).containsExactlyInAnyOrder(
                    "GET 200", "GET 404", "GET 500", "POST 200", "POST 404", "POST 500");
            assertThat(le).containsExactly("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf");
            assertThat(data.labels(base).get("pod")).startsWith(data.labels(base).get("job") + "-");
        }
        Set<String> pods = new HashSet<>();
        for (int t = 0; t < data.targetCount(); t++) {
            pods.add(data.labels(t * PromqlBenchmarkData.SERIES_PER_TARGET).get("pod"));
        }
        assertThat(pods).hasSize(data.targetCount());
    }

    @Test
    void countersOnlyGoDownWhenThePodRestartsAndBucketsStayCumulative() {
        // 24 h of 50 pods: 288,000 scrapes, so some restarts (about one in 10,000 scrapes) happen.
        PromqlBenchmarkData data = new PromqlBenchmarkData(BenchmarkDataset.parse("1k-24h"), START, 42);
        int restarts = 0;
        double[] previous = new double[PromqlBenchmarkData.SERIES_PER_TARGET];
        double[] values = new double[PromqlBenchmarkData.SERIES_PER_TARGET];
        for (int t = 0; t < data.targetCount(); t++) {
            PromqlBenchmarkData.TargetCursor cursor = data.cursor(t);
            for (int k = 0; k < data.scrapesPerSeries(); k++) {
                cursor.next(values, 0);
                for (int i = 1; i < 10; i++) {
                    assertThat(values[PromqlBenchmarkData.BUCKETS + i]).isGreaterThanOrEqualTo(values[PromqlBenchmarkData.BUCKETS + i - 1]);
                }
                double requests = 0;
                for (int j = 0; j < 6; j++) {
                    requests += values[PromqlBenchmarkData.REQUESTS + j];
                }
                assertThat(values[PromqlBenchmarkData.COUNT]).isEqualTo(values[PromqlBenchmarkData.BUCKETS + 9]);
                assertThat(values[PromqlBenchmarkData.POD_INFO]).isEqualTo(1);
                assertThat(values[PromqlBenchmarkData.MEMORY] % 4096).isZero();
                if (k > 0) {
                    boolean decreased = false;
                    for (int j = 0; j <= PromqlBenchmarkData.COUNT; j++) {
                        decreased |= values[j] < previous[j];
                    }
                    if (decreased) {
                        restarts++;
                        // A restart starts every counter of the pod from 0: what is left is this scrape's increase.
                        assertThat(values[PromqlBenchmarkData.COUNT]).isEqualTo(requests).isLessThan(previous[PromqlBenchmarkData.COUNT]);
                        assertThat(requests).isLessThan(200 * 15 * 2);
                    }
                }
                System.arraycopy(values, 0, previous, 0, values.length);
            }
        }
        assertThat(restarts).isBetween(5, 80);
    }

    @Test
    void scrapesAreOneIntervalApartInsideTheRangeAndOffTheQueryGrid() {
        PromqlBenchmarkData data = new PromqlBenchmarkData(SMALL, START, 3);
        double[] values = new double[PromqlBenchmarkData.SERIES_PER_TARGET];

        for (int t = 0; t < data.targetCount(); t++) {
            PromqlBenchmarkData.TargetCursor cursor = data.cursor(t);
            long first = cursor.next(values, 0);
            assertThat(first).isBetween(START, START + 15_000 - 1);
            // Neither on the step grid of the queries (start + 7.5 s + n × 15 s) nor on the minute grid of subqueries.
            assertThat((first - START) % 15_000).isNotIn(0L, 7_500L);
            long last = first;
            for (int k = 1; k < data.scrapesPerSeries(); k++) {
                long timestamp = cursor.next(values, 0);
                assertThat(timestamp - last).isEqualTo(15_000);
                last = timestamp;
            }
            assertThat(last).isLessThan(START + SMALL.range().toMillis());
            assertThatThrownBy(() -> cursor.next(values, 0)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(data.queryStartMillis()).isEqualTo(START + 7_500);
        assertThat(data.queryEndMillis()).isEqualTo(START + 7_500 + 2 * 3_600_000);
    }

    @Test
    void appendsEverySampleToAStore() {
        PromqlBenchmarkData data = new PromqlBenchmarkData(SMALL, START, 7);
        InMemoryQueryable store = new InMemoryQueryable();

        data.appendTo(store);

        assertThat(store.seriesCount()).isEqualTo(200);
        List<double[]> expected = allValues(data);
        Map<Labels, Integer> index = new HashMap<>();
        for (int i = 0; i < data.seriesCount(); i++) {
            index.put(data.labels(i), i);
        }
        int seen = 0;
        try (Querier querier = store.querier(START, START + SMALL.range().toMillis())) {
            SeriesSet set = querier.select(false, null, Matcher.regex("__name__", ".+"));
            while (set.next()) {
                Series series = set.at();
                double[] values = expected.get(index.get(series.labels()));
                SampleIterator it = series.iterator(null);
                int k = 0;
                while (it.next() == ValueType.FLOAT) {
                    assertThat(it.atValue()).isEqualTo(values[k++]);
                }
                assertThat(k).isEqualTo(data.scrapesPerSeries());
                seen++;
            }
        }
        assertThat(seen).isEqualTo(200);
    }

    @Test
    void refusesAStartThatIsNotAWholeMinute() {
        assertThatThrownBy(() -> new PromqlBenchmarkData(SMALL, START + 1_000, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole minute");
    }

    /** Every series' values, series by series, from fresh cursors. */
    private static List<double[]> allValues(PromqlBenchmarkData data) {
        List<double[]> series = new ArrayList<>();
        double[] values = new double[PromqlBenchmarkData.SERIES_PER_TARGET];
        for (int t = 0; t < data.targetCount(); t++) {
            double[][] target = new double[PromqlBenchmarkData.SERIES_PER_TARGET][data.scrapesPerSeries()];
            PromqlBenchmarkData.TargetCursor cursor = data.cursor(t);
            for (int k = 0; k < data.scrapesPerSeries(); k++) {
                cursor.next(values, 0);
                for (int j = 0; j < values.length; j++) {
                    target[j][k] = values[j];
                }
            }
            series.addAll(List.of(target));
        }
        return series;
    }
}
