package io.amphora.promql.engine;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A successful query's value with its annotations, in the form Prometheus's HTTP API shows them: each warning is
 * {@code PromQL warning: <text> (<line>:<column>)} and each info {@code PromQL info: <text> (<line>:<column>)}, the
 * position being that of the sub-expression that caused it; storage warnings (partial results) come as they are.
 */
public record QueryResult(QueryValue value, List<String> warnings, List<String> infos, QueryStats stats) {
    public QueryResult {
        requireNonNull(value, "value is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        infos = List.copyOf(requireNonNull(infos, "infos is null"));
        requireNonNull(stats, "stats is null");
    }
}
