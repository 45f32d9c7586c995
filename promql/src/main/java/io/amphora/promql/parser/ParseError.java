package io.amphora.promql.parser;

import io.amphora.promql.ast.PositionRange;

import static java.util.Objects.requireNonNull;

/**
 * One problem found in a query.
 *
 * @param message Prometheus's wording, e.g. {@code unexpected <op:*>}
 * @param query the whole query, to turn the position into {@code line:column}
 */
public record ParseError(PositionRange positionRange, String message, String query) {
    public ParseError {
        requireNonNull(positionRange, "positionRange is null");
        requireNonNull(message, "message is null");
        requireNonNull(query, "query is null");
    }

    /** {@code 1:8: parse error: unexpected <op:*>}, as Prometheus reports it. */
    @Override
    public String toString() {
        return positionRange.lineColumn(query) + ": parse error: " + message;
    }
}
