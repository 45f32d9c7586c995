package io.amphora.prometheusapi;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code /api/v1/metadata} request, with Prometheus's unusual limit semantics kept as they are.
 *
 * @param metric the metric family to describe; {@code ""} for all
 * @param limit the most metric families to return when {@code >= 0} ({@code 0} returns none); negative (the
 *     default, -1) for no limit
 * @param limitPerMetric the most metadata entries per family when {@code > 0}; otherwise (default -1) no limit
 */
public record MetadataRequest(String metric, long limit, long limitPerMetric) {
    public MetadataRequest {
        requireNonNull(metric, "metric is null");
    }

    /** Whether {@link #limit()} restricts the number of families. */
    public boolean limited() {
        return limit >= 0;
    }

    /** Whether {@link #limitPerMetric()} restricts the entries per family. */
    public boolean limitedPerMetric() {
        return limitPerMetric > 0;
    }
}
