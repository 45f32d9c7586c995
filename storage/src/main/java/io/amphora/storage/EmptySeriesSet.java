package io.amphora.storage;

import java.util.List;

/** A {@link SeriesSet} with no series, no error and no warnings. Stateless, so one shared instance serves all. */
public final class EmptySeriesSet implements SeriesSet {
    public static final EmptySeriesSet INSTANCE = new EmptySeriesSet();

    private EmptySeriesSet() {}

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public Series at() {
        throw new IllegalStateException("empty series set has no series");
    }

    @Override
    public RuntimeException err() {
        return null;
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }
}
