package io.amphora.querier;

import io.amphora.model.Labels;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The running totals of one query against its {@link QueryLimits} (Cortex's per-query {@code QueryLimiter}). One
 * instance is shared by every decorator of the query, so counts add up over all its selects. Each {@code add}
 * method throws {@link QueryLimitExceededException} once its total goes over the limit, and again on every later
 * call. Thread-safe: ingester responses are counted on gRPC threads while the engine reads on its own.
 */
public final class QueryLimiter {
    private final QueryLimits limits;
    /** Labels of the series seen; only kept while a series limit applies, so it never exceeds the limit by more than one. */
    private final Set<Labels> series = ConcurrentHashMap.newKeySet();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();

    public QueryLimiter(QueryLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    public QueryLimits limits() {
        return limits;
    }

    /** Counts a series; the same labels seen again (another select, another replica) count once. */
    public void addSeries(Labels labels) {
        requireNonNull(labels, "labels is null");
        int max = limits.maxFetchedSeries();
        if (max > 0 && series.add(labels) && series.size() > max) {
            throw QueryLimitExceededException.maxSeries(max);
        }
    }

    public void addChunks(int count) {
        long total = chunks.addAndGet(count);
        int max = limits.maxFetchedChunks();
        if (max > 0 && total > max) {
            throw QueryLimitExceededException.maxChunks(max);
        }
    }

    public void addSamples(long count) {
        long total = samples.addAndGet(count);
        long max = limits.maxFetchedSamples();
        if (max > 0 && total > max) {
            throw QueryLimitExceededException.maxSamples(max);
        }
    }

    /** Distinct series counted so far; always 0 while no series limit applies. */
    public int seriesCount() {
        return series.size();
    }

    public long chunkCount() {
        return chunks.get();
    }

    public long sampleCount() {
        return samples.get();
    }
}
