package io.amphora.querier;

import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EmptySeriesSet;
import io.amphora.storage.FailedSeriesSet;
import io.amphora.storage.ListSeriesSet;
import io.amphora.storage.MergeQuerier;
import io.amphora.storage.Queryable;
import io.amphora.storage.SelectHints;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The recent data of one workspace, read from the ingesters (Cortex's {@code distributorQueryable}). Created per
 * request for one tenant; the tenant is never taken from anywhere else.
 *
 * <p>A select streams the matching series from the ingesters as chunks, one answer per replica, and merges them
 * with {@link MergeQuerier}: a series held by several replicas becomes one series whose samples are merged and
 * de-duplicated by timestamp. Chunks stay encoded until the engine iterates a series. Chunks are counted in the
 * query's {@link QueryLimiter} as they arrive. A select that fails (ingesters unavailable, a limit) returns a
 * series set ending with that error; label names and values throw it.
 *
 * <p>Thread-safe; each querier it opens is used by one thread at a time.
 */
public final class IngesterQueryable implements Queryable {
    private final IngesterSeriesSource source;
    private final TenantId tenant;
    private final QueryLimiter limiter;

    public IngesterQueryable(IngesterSeriesSource source, TenantId tenant, QueryLimiter limiter) {
        this.source = requireNonNull(source, "source is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.limiter = requireNonNull(limiter, "limiter is null");
    }

    @Override
    public io.amphora.storage.Querier querier(long mint, long maxt) {
        if (mint > maxt) {
            throw new IllegalArgumentException("mint " + mint + " is after maxt " + maxt);
        }
        return new IngesterQuerier(mint, maxt);
    }

    private final class IngesterQuerier implements io.amphora.storage.Querier {
        private final long mint;
        private final long maxt;

        IngesterQuerier(long mint, long maxt) {
            this.mint = mint;
            this.maxt = maxt;
        }

        /** Reads {@code [mint, maxt]} narrowed to the hints' range, as Cortex does. */
        @Override
        public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
            long start = hints == null ? mint : Math.max(mint, hints.start());
            long end = hints == null ? maxt : Math.min(maxt, hints.end());
            if (start > end) {
                return EmptySeriesSet.INSTANCE;
            }
            List<List<ChunkSeries>> replicas;
            try {
                replicas = source.queryStream(tenant, start, end, List.of(matchers), limiter);
            } catch (RuntimeException e) {
                return new FailedSeriesSet(e);
            }
            List<io.amphora.storage.Querier> answers = new ArrayList<>(replicas.size());
            for (List<ChunkSeries> replica : replicas) {
                answers.add(new AnswerQuerier(replica, start, end));
            }
            // MergeQuerier checks that every answer is sorted and always returns a sorted set.
            return new MergeQuerier(answers).select(true, hints, matchers);
        }

        @Override
        public List<String> labelValues(String name, Matcher... matchers) {
            return source.labelValues(tenant, name, mint, maxt, List.of(matchers));
        }

        @Override
        public List<String> labelNames(Matcher... matchers) {
            return source.labelNames(tenant, mint, maxt, List.of(matchers));
        }

        @Override
        public void close() {}
    }

    /** One ingester's already received answer to a select, presented as a querier so {@link MergeQuerier} can merge it. */
    private record AnswerQuerier(List<ChunkSeries> series, long mint, long maxt) implements io.amphora.storage.Querier {
        @Override
        public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
            List<Series> out = new ArrayList<>(series.size());
            for (ChunkSeries s : series) {
                out.add(new ChunkedSeries(s, mint, maxt));
            }
            return new ListSeriesSet(out);
        }

        @Override
        public List<String> labelValues(String name, Matcher... matchers) {
            throw new UnsupportedOperationException("an ingester answer only serves the select it answers");
        }

        @Override
        public List<String> labelNames(Matcher... matchers) {
            throw new UnsupportedOperationException("an ingester answer only serves the select it answers");
        }

        @Override
        public void close() {}
    }
}
