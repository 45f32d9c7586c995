package io.amphora.storage;

import java.util.List;

/**
 * A pull iterator over series, sorted by labels when the select asked for sorting.
 *
 * <p>Contract (Prometheus {@code storage.SeriesSet}): call {@link #next()} before the first {@link #at()};
 * after {@code next()} returns false, {@link #err()} tells whether the set ended because of a failure, and
 * {@link #warnings()} holds non-fatal annotations (e.g. a partial result) that must reach the user. A series
 * returned by {@code at()} stays usable after later calls to {@code next()} (merges hold several at once), until
 * the querier that produced the set is closed. Not thread-safe.
 */
public interface SeriesSet {
    boolean next();

    Series at();

    /** The failure that ended iteration, or null. */
    RuntimeException err();

    List<String> warnings();
}
