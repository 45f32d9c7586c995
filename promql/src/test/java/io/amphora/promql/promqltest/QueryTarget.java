package io.amphora.promql.promqltest;

import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryResult;

import java.util.List;

/**
 * What a PromQL test script runs against: storage the script's {@code load} commands fill and a query API over it.
 * {@link EngineQueryTarget} is the engine over in-memory storage; a target speaking the HTTP API runs the same
 * scripts end to end. Annotations come as the HTTP API shows them ({@code PromQL warning: … (line:col)}).
 *
 * <p>A target is used by one runner at a time, from one thread.
 */
public interface QueryTarget {
    /**
     * Stores the series of one {@code load} command, all in one batch, adding to what is stored already.
     *
     * @throws RuntimeException when the storage refuses the batch or cannot hold some of it (for example start
     *     timestamps); what was stored is then unspecified until the next {@link #clear()}
     */
    void load(List<LoadSeries> series);

    /** Deletes everything stored: the next query sees empty storage. */
    void clear();

    /**
     * Evaluates {@code query} at {@code timeMillis}.
     *
     * @throws QueryException when the query fails, with Prometheus's error text
     */
    QueryResult instant(String query, long timeMillis);

    /**
     * Evaluates {@code query} at every step from {@code startMillis} to {@code endMillis}, both inclusive.
     *
     * @throws QueryException when the query fails, with Prometheus's error text
     */
    QueryResult range(String query, long startMillis, long endMillis, long stepMillis);
}
