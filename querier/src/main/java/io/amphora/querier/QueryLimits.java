package io.amphora.querier;

import io.amphora.model.Limits;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The per-query limits of one workspace, the querier's narrow view of {@link Limits}. Zero means no limit, as in
 * Cortex.
 *
 * @param maxFetchedSeries distinct series (by labels) one query may read, over all its selects
 * @param maxFetchedChunks chunks one query may fetch from the ingesters, every replica's copy counted
 * @param maxFetchedSamples samples one query may read, after replicas are de-duplicated
 * @param maxQueryLength the longest time range one select may span (lookback and range windows included)
 */
public record QueryLimits(int maxFetchedSeries, int maxFetchedChunks, long maxFetchedSamples, Duration maxQueryLength) {
    public static final QueryLimits NONE = new QueryLimits(0, 0, 0, Duration.ZERO);

    public QueryLimits {
        requireNonNull(maxQueryLength, "maxQueryLength is null");
        if (maxFetchedSeries < 0 || maxFetchedChunks < 0 || maxFetchedSamples < 0 || maxQueryLength.isNegative()) {
            throw new IllegalArgumentException("query limits must not be negative");
        }
    }

    public static QueryLimits of(Limits limits) {
        requireNonNull(limits, "limits is null");
        return new QueryLimits(limits.maxFetchedSeriesPerQuery(), limits.maxFetchedChunksPerQuery(),
                limits.maxFetchedSamplesPerQuery(), limits.maxQueryLength());
    }
}
