package io.amphora.bench.promql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchmarkQueryTest {
    @Test
    void findsQueriesByTheirDisplayNameIgnoringCase() {
        assertThat(BenchmarkQuery.fromName("histogram_quantile")).isEqualTo(BenchmarkQuery.HISTOGRAM_QUANTILE);
        assertThat(BenchmarkQuery.fromName("GROUP_LEFT")).isEqualTo(BenchmarkQuery.GROUP_LEFT);
        assertThat(BenchmarkQuery.SUM_BY_JOB.displayName()).isEqualTo("sum_by_job");
    }

    @Test
    void namesTheKnownQueriesWhenAskedForAnUnknownOne() {
        assertThatThrownBy(() -> BenchmarkQuery.fromName("irate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown query 'irate': expected one of rate, sum_by_job, histogram_quantile, group_left, topk, subquery");
    }

    @Test
    void queriesUseOnlyMetricsTheDataHas() {
        for (BenchmarkQuery query : BenchmarkQuery.values()) {
            assertThat(query.promql()).containsAnyOf("http_requests_total", "http_request_duration_seconds_bucket",
                    "container_memory_working_set_bytes");
        }
        assertThat(BenchmarkQuery.GROUP_LEFT.promql()).contains("group_left (node) kube_pod_info");
    }
}
