package io.amphora.storage;

import java.util.List;

/**
 * A {@link SeriesSet} over a list of series, in list order; the caller sorts the list when the select asked for
 * sorted series. Never fails. Not thread-safe (it has a cursor), but the series themselves may be shared.
 */
public final class ListSeriesSet implements SeriesSet {
    private final List<Series> series;
    private final List<String> warnings;
    private int index = -1;

    public ListSeriesSet(List<? extends Series> series) {
        this(series, List.of());
    }

    public ListSeriesSet(List<? extends Series> series, List<String> warnings) {
        this.series = List.copyOf(series);
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public boolean next() {
        if (index < series.size()) {
            index++;
        }
        return index < series.size();
    }

    @Override
    public Series at() {
        if (index < 0 || index >= series.size()) {
            throw new IllegalStateException("series set is not positioned on a series");
        }
        return series.get(index);
    }

    @Override
    public RuntimeException err() {
        return null;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }
}
