package io.amphora.prometheusapi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code /api/v1/query} request.
 *
 * @param query the PromQL text, not yet parsed: the engine parses it, and its parse errors are reported with
 *     {@link ApiException#fromQueryFailure}
 * @param time the evaluation time ({@code time}, or the server's clock when absent)
 * @param timeout {@code timeout} when given; may be zero or negative, which makes the query time out at once
 * @param lookbackDelta {@code lookback_delta} when given and positive (Prometheus uses its default otherwise)
 * @param limit the most series to return, 0 for no limit
 * @param warnings warnings the request itself causes (a deprecated {@code stats} value), to be added to the
 *     response's
 */
public record InstantQueryRequest(
        String query,
        ApiTime time,
        Optional<Duration> timeout,
        Optional<Duration> lookbackDelta,
        long limit,
        StatsParameter stats,
        List<String> warnings) {
    public InstantQueryRequest {
        requireNonNull(query, "query is null");
        requireNonNull(time, "time is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(lookbackDelta, "lookbackDelta is null");
        requireNonNull(stats, "stats is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        if (lookbackDelta.isPresent() && !lookbackDelta.get().isPositive()) {
            throw new IllegalArgumentException("lookbackDelta must be positive: " + lookbackDelta.get());
        }
    }

    /** The evaluation time in Unix milliseconds, converted as Prometheus's engine converts it. */
    public long timeMillis() {
        return time.engineMillis();
    }
}
