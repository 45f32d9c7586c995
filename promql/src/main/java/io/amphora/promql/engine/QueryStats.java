package io.amphora.promql.engine;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Sample counts of one query, as Prometheus's {@code stats=all} reports them (the managed service bills on
 * {@code totalSamples}). A float counts 1; a histogram counts as Prometheus counts it (its size in 16-byte units,
 * at least 1).
 *
 * @param totalSamples samples loaded from storage and processed over the whole query
 * @param peakSamples the most samples held in memory at once
 * @param stepTimestamps the step timestamps of {@code totalSamplesPerStep}; empty unless per-step statistics were
 *     asked for
 * @param totalSamplesPerStep samples processed at each step; empty unless per-step statistics were asked for
 */
public record QueryStats(long totalSamples, long peakSamples, long[] stepTimestamps, long[] totalSamplesPerStep) {
    public QueryStats {
        requireNonNull(stepTimestamps, "stepTimestamps is null");
        requireNonNull(totalSamplesPerStep, "totalSamplesPerStep is null");
        if (stepTimestamps.length != totalSamplesPerStep.length) {
            throw new IllegalArgumentException("per-step statistics need one count per step timestamp");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryStats that
                && totalSamples == that.totalSamples
                && peakSamples == that.peakSamples
                && Arrays.equals(stepTimestamps, that.stepTimestamps)
                && Arrays.equals(totalSamplesPerStep, that.totalSamplesPerStep);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(totalSamples) * 31 + Long.hashCode(peakSamples);
    }

    @Override
    public String toString() {
        return "QueryStats{totalSamples=" + totalSamples + ", peakSamples=" + peakSamples + "}";
    }
}
