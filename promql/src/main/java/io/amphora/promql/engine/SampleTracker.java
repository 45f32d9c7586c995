package io.amphora.promql.engine;

/**
 * Counts the samples a query holds and has processed, as Prometheus's engine does for {@code maxSamples} and for
 * {@code stats=all}: {@link #hold} when a node produces points (or a range function buffers a window), {@link #release}
 * when they are consumed; going over the limit fails the query with Prometheus's text. A float counts 1, a
 * histogram its size ({@link Samples#histogramSize}). Not thread-safe: one per query.
 */
final class SampleTracker {
    static final String TOO_MANY_SAMPLES =
            "query processing would load too many samples into memory in query execution";

    private final long maxSamples;
    private final StepGrid topGrid;
    private final long[] perStep;
    private long current;
    private long peak;
    private long total;
    private int uncounted;

    /** @param perStepStats whether to attribute processed samples to the steps of {@code topGrid} */
    SampleTracker(long maxSamples, StepGrid topGrid, boolean perStepStats) {
        this.maxSamples = maxSamples;
        this.topGrid = topGrid;
        this.perStep = perStepStats ? new long[topGrid.steps()] : null;
    }

    void hold(long samples) {
        current += samples;
        if (current > peak) {
            peak = current;
        }
        if (current > maxSamples) {
            throw new QueryException(QueryErrorType.EXECUTION, TOO_MANY_SAMPLES);
        }
    }

    void release(long samples) {
        current -= samples;
    }

    /** Samples read from storage and processed for the evaluation at {@code time} (a step of some grid). */
    void processed(long time, long samples) {
        if (uncounted > 0) {
            return;
        }
        total += samples;
        if (perStep != null) {
            int step = topGrid.stepAt(time);
            if (step >= 0) {
                perStep[step] += samples;
            }
        }
    }

    /**
     * Stops counting processed samples until {@link #countAgain()}: Prometheus does not add the samples a subquery
     * processed to the total when a range function consumes the subquery (it counts the function's windows).
     */
    void stopCounting() {
        uncounted++;
    }

    void countAgain() {
        uncounted--;
    }

    /** The processed-samples total so far. */
    long total() {
        return total;
    }

    long current() {
        return current;
    }

    QueryStats stats() {
        if (perStep == null) {
            return new QueryStats(total, peak, new long[0], new long[0]);
        }
        long[] times = new long[perStep.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = topGrid.time(i);
        }
        return new QueryStats(total, peak, times, perStep.clone());
    }
}
