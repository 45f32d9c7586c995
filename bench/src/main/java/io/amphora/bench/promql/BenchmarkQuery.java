package io.amphora.bench.promql;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The queries of the PromQL benchmarks, over {@link PromqlBenchmarkData}'s series. Each is one of the shapes that
 * dominate dashboards and rules: a per-series rate, an aggregated rate, a quantile from classic buckets, a join
 * with an info metric, a top-k, and a subquery.
 */
public enum BenchmarkQuery {
    /** One output series per counter: 30% of all series. */
    RATE("rate(http_requests_total[5m])"),
    /** One output series per job. */
    SUM_BY_JOB("sum by (job) (rate(http_requests_total[5m]))"),
    /** One output series per job, from 10 buckets per pod. */
    HISTOGRAM_QUANTILE("histogram_quantile(0.9, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))"),
    /** Per-pod request rates joined many-to-one with {@code kube_pod_info} to add its {@code node} label. */
    GROUP_LEFT("sum by (namespace, pod) (rate(http_requests_total[5m]))"
            + " * on (namespace, pod) group_left (node) kube_pod_info"),
    /** The 5 pods using the most memory at each step, over an instant selector of the gauge. */
    TOPK("topk(5, container_memory_working_set_bytes)"),
    /** Each counter's highest 5-minute rate over the last hour, at 1-minute resolution. */
    SUBQUERY("max_over_time(rate(http_requests_total[5m])[1h:1m])");

    private final String promql;

    BenchmarkQuery(String promql) {
        this.promql = promql;
    }

    public String promql() {
        return promql;
    }

    /** The name used on command lines and in reports: {@code sum_by_job}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The query named {@code name}, as {@link #displayName()} shows it (case is ignored).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static BenchmarkQuery fromName(String name) {
        requireNonNull(name, "name is null");
        for (BenchmarkQuery query : values()) {
            if (query.displayName().equalsIgnoreCase(name)) {
                return query;
            }
        }
        StringBuilder known = new StringBuilder();
        for (BenchmarkQuery query : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(query.displayName());
        }
        throw new IllegalArgumentException("unknown query '" + name + "': expected one of " + known);
    }
}
