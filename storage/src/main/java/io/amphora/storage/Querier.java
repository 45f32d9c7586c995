package io.amphora.storage;

import io.amphora.model.Matcher;

import java.util.List;

/**
 * Reads series over the time range it was opened for (Prometheus {@code storage.Querier}).
 *
 * <p>Series and iterators returned may read storage lazily and stay valid only until {@link #close()}.
 */
public interface Querier extends AutoCloseable {
    /**
     * Series matching all matchers, with samples restricted to the hints' range where the source can.
     *
     * @param sortSeries whether the result must be sorted by labels (required by merges)
     */
    SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers);

    /** Sorted, distinct values of {@code name} among series matching the matchers (all series if none). */
    List<String> labelValues(String name, Matcher... matchers);

    /** Sorted, distinct label names among series matching the matchers (all series if none). */
    List<String> labelNames(Matcher... matchers);

    @Override
    void close();
}
