package io.amphora.bench.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The ten range queries of the dashboard {@link DashboardCompare} loads, over {@link PromqlBenchmarkData}'s series:
 * the panels a service and Kubernetes overview in Grafana typically has. Each is one {@code query_range} request,
 * as Grafana sends one per query of a panel.
 *
 * <p>Every range window is {@code [5m]}, the most common choice in dashboards and in the Kubernetes mixins; at
 * 15 s scrapes it holds 20 samples, at 60 s 5. The queries avoid two things on purpose, so that Prometheus 2.42
 * (Debian's) and Amphora (Prometheus 3 semantics) must give the same answer and any difference is a bug:
 * {@code topk} ranks values that do not tie (which of two tied series it keeps is not defined, and differs between
 * implementations), and nothing depends on whether a range includes its start (the data's timing keeps samples and
 * subquery steps off those boundaries).
 */
public enum DashboardPanel {
    /** Traffic per service: 30% of the series (all counters) in, one series per job out. */
    REQUEST_RATE_BY_JOB("Requests/s by job", "sum by (job) (rate(http_requests_total[5m]))"),
    /** The share of 5xx answers per service: a regex selector over the counters divided by all of them. */
    ERROR_RATIO_BY_JOB("5xx ratio by job", "sum by (job) (rate(http_requests_total{status=~\"5..\"}[5m]))"
            + " / sum by (job) (rate(http_requests_total[5m]))"),
    /** The 90th latency percentile per service from the classic histogram's buckets (50% of the series). */
    LATENCY_P90_BY_JOB("p90 latency by job",
            "histogram_quantile(0.9, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))"),
    /** The 99th percentile over all services: every bucket aggregated into one histogram. */
    LATENCY_P99("p99 latency, all jobs",
            "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"),
    /**
     * The 10 pods with the highest mean latency at each step (Grafana shows the union of each step's top 10). Ranked
     * by a quotient of the histogram's {@code _sum} and {@code _count} because those values never tie: the memory
     * gauge moves in 4 KiB steps and a counter's 5-minute rate is its integer increase over a fixed time, so among
     * thousands of pods two often share 10th place, and which of them {@code topk} keeps is up to the implementation
     * (Prometheus 2.42 and Amphora keep different ones).
     */
    TOP10_SLOWEST_PODS("Top 10 pods by mean latency",
            "topk(10, sum by (namespace, pod) (rate(http_request_duration_seconds_sum[5m]))"
                    + " / sum by (namespace, pod) (rate(http_request_duration_seconds_count[5m])))"),
    /** Memory per namespace: a gauge summed without a range function. */
    MEMORY_BY_NAMESPACE("Memory by namespace",
            "sum by (namespace) (container_memory_working_set_bytes{container!=\"\"})"),
    /** Running pods per node: the containers joined many-to-one with the {@code kube_pod_info} info metric. */
    PODS_PER_NODE("Pods per node", "count by (node) (container_memory_working_set_bytes{container!=\"\"}"
            + " * on (namespace, pod) group_left (node) kube_pod_info)"),
    /** Traffic against the same window 30 minutes earlier: the same counters read twice, once with an offset. */
    REQUESTS_VS_30M_AGO("Traffic vs 30 min ago by namespace",
            "sum by (namespace) (rate(http_requests_total[5m]))"
                    + " / sum by (namespace) (rate(http_requests_total[5m] offset 30m))"),
    /** 4xx answers of some services: a {@code sum by} over two regex matchers, one of them an alternation. */
    CLIENT_ERRORS_BY_METHOD("4xx/s of frontend, checkout, cart by method",
            "sum by (method) (rate(http_requests_total{job=~\"(frontend|checkout|cart)-.*\", status=~\"4..\"}[5m]))"),
    /** Each service's peak traffic over the hour before each step: a subquery at a 1-minute resolution. */
    PEAK_REQUEST_RATE_1H("Peak requests/s over 1 h by job",
            "max_over_time(sum by (job) (rate(http_requests_total[5m]))[1h:1m])");

    private final String title;
    private final String promql;

    DashboardPanel(String title, String promql) {
        this.title = title;
        this.promql = promql;
    }

    /** The panel's title as a dashboard would show it. */
    public String title() {
        return title;
    }

    public String promql() {
        return promql;
    }

    /** The name used on command lines and in reports: {@code request_rate_by_job}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The panels named in {@code text}, in that order: {@code all}, or display names separated by commas (case and
     * spaces around names are ignored).
     *
     * @throws IllegalArgumentException for an empty list or an unknown name, listing the known ones
     */
    public static List<DashboardPanel> parseList(String text) {
        requireNonNull(text, "text is null");
        if (text.strip().equals("all")) {
            return List.of(values());
        }
        List<DashboardPanel> panels = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            panels.add(fromName(name.strip()));
        }
        return List.copyOf(panels);
    }

    /**
     * The panel named {@code name}, as {@link #displayName()} shows it (case is ignored).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static DashboardPanel fromName(String name) {
        requireNonNull(name, "name is null");
        for (DashboardPanel panel : values()) {
            if (panel.displayName().equalsIgnoreCase(name)) {
                return panel;
            }
        }
        StringBuilder known = new StringBuilder();
        for (DashboardPanel panel : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(panel.displayName());
        }
        throw new IllegalArgumentException("unknown panel '" + name + "': expected all or some of " + known);
    }
}
