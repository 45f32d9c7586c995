package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.storage.ChunkSeries;

import java.util.List;

/**
 * The querier's port to the ingesters (Cortex's {@code querier.Distributor}): the recent data of one workspace, read
 * from enough replicas that every acknowledged sample is in the answer. Bound to gRPC by
 * {@code querier.grpc.IngesterClientPool}; tests may bind it to anything.
 *
 * <p>Times are Unix milliseconds, both bounds inclusive. A method that cannot reach enough ingesters throws
 * {@link IngesterQueryFailedException}. Implementations are thread-safe.
 */
public interface IngesterSeriesSource {
    /**
     * The series matching all matchers as chunks overlapping {@code [mint, maxt]}, one list per ingester that
     * answered, each sorted by labels. The same series usually comes from several ingesters (its replicas); the
     * caller merges them. Every series received is counted in {@code limiter} (its chunks) as it arrives, so an
     * oversized answer stops early with the limiter's {@link QueryLimitExceededException}.
     */
    List<List<ChunkSeries>> queryStream(TenantId tenant, long mint, long maxt, List<Matcher> matchers,
            QueryLimiter limiter);

    /** Sorted, distinct label names of the matching series (all series when no matchers). */
    List<String> labelNames(TenantId tenant, long mint, long maxt, List<Matcher> matchers);

    /** Sorted, distinct values of label {@code name} among the matching series. */
    List<String> labelValues(TenantId tenant, String name, long mint, long maxt, List<Matcher> matchers);

    /** The distinct label sets of the matching series, sorted. */
    List<Labels> series(TenantId tenant, long mint, long maxt, List<Matcher> matchers);

    /**
     * Metadata by metric family name, sorted by name, each family's distinct entries in the order first seen.
     *
     * @param metric only this family; empty for all
     * @param limit families returned, 0 for no limit
     * @param limitPerMetric entries per family, 0 for no limit
     */
    List<MetricMetadata> metricsMetadata(TenantId tenant, String metric, int limit, int limitPerMetric);
}
