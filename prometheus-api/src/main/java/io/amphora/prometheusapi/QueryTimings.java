package io.amphora.prometheusapi;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The {@code stats.timings} of a query response: how long each phase took, measured by the caller (the engine
 * counts samples, not time). Each is reported in seconds.
 *
 * @param evalTotal evaluating the query, including preparation and sorting
 * @param resultSort sorting the result
 * @param queryPreparation preparing the query (selecting series)
 * @param innerEval evaluating the prepared expression
 * @param execQueue waiting for a query slot
 * @param execTotal the whole execution, queueing included
 */
public record QueryTimings(
        Duration evalTotal,
        Duration resultSort,
        Duration queryPreparation,
        Duration innerEval,
        Duration execQueue,
        Duration execTotal) {
    /** No time measured: every timing reads {@code 0}. */
    public static final QueryTimings NONE = new QueryTimings(
            Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public QueryTimings {
        requireNonNull(evalTotal, "evalTotal is null");
        requireNonNull(resultSort, "resultSort is null");
        requireNonNull(queryPreparation, "queryPreparation is null");
        requireNonNull(innerEval, "innerEval is null");
        requireNonNull(execQueue, "execQueue is null");
        requireNonNull(execTotal, "execTotal is null");
    }

    /**
     * Go's {@code time.Duration.Seconds()}: whole seconds plus the nanoseconds divided by 1e9, as a float (not the
     * nanoseconds divided by 1e9, which rounds differently for long durations).
     */
    public static double seconds(Duration duration) {
        long nanos = duration.toNanos();
        long seconds = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        return seconds + rest / 1e9;
    }
}
