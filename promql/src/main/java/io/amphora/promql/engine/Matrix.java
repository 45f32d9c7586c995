package io.amphora.promql.engine;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A range vector result: series with distinct label sets (sorted by labels for range queries). */
public record Matrix(List<RangeSeries> series) implements QueryValue {
    public Matrix {
        series = List.copyOf(requireNonNull(series, "series is null"));
    }
}
