package io.amphora.prometheusapi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code /api/v1/query_range} request: {@code end} is not before {@code start}, {@code step} is
 * positive and the range has at most 11,000 steps.
 *
 * @param query the PromQL text, parsed by the engine (see {@link InstantQueryRequest#query()})
 * @param timeout {@code timeout} when given; may be zero or negative, which makes the query time out at once
 * @param lookbackDelta {@code lookback_delta} when given and positive
 * @param limit the most series to return, 0 for no limit
 * @param warnings warnings the request itself causes, to be added to the response's
 */
public record RangeQueryRequest(
        String query,
        ApiTime start,
        ApiTime end,
        Duration step,
        Optional<Duration> timeout,
        Optional<Duration> lookbackDelta,
        long limit,
        StatsParameter stats,
        List<String> warnings) {
    public RangeQueryRequest {
        requireNonNull(query, "query is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(step, "step is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(lookbackDelta, "lookbackDelta is null");
        requireNonNull(stats, "stats is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        if (!step.isPositive()) {
            throw new IllegalArgumentException("step must be positive: " + step);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        if (lookbackDelta.isPresent() && !lookbackDelta.get().isPositive()) {
            throw new IllegalArgumentException("lookbackDelta must be positive: " + lookbackDelta.get());
        }
    }

    /** The start in Unix milliseconds, converted as Prometheus's engine converts it. */
    public long startMillis() {
        return start.engineMillis();
    }

    public long endMillis() {
        return end.engineMillis();
    }

    /**
     * The step in whole milliseconds, truncated as Prometheus's engine truncates it: a step below one millisecond
     * passes the API's check but becomes 0, which the engine then rejects.
     */
    public long stepMillis() {
        return step.toNanos() / 1_000_000;
    }
}
