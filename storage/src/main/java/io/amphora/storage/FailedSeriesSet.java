package io.amphora.storage;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A {@link SeriesSet} that ends at once with an error: what a source returns when a select fails before yielding
 * anything (Prometheus {@code storage.ErrSeriesSet}).
 */
public final class FailedSeriesSet implements SeriesSet {
    private final RuntimeException error;
    private final List<String> warnings;

    public FailedSeriesSet(RuntimeException error) {
        this(error, List.of());
    }

    public FailedSeriesSet(RuntimeException error, List<String> warnings) {
        this.error = requireNonNull(error, "error is null");
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public Series at() {
        throw new IllegalStateException("failed series set has no series", error);
    }

    @Override
    public RuntimeException err() {
        return error;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }
}
