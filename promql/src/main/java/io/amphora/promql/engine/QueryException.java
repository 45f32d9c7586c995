package io.amphora.promql.engine;

import static java.util.Objects.requireNonNull;

/**
 * A query that could not be answered. The message is Prometheus's text for the same failure (users search for it),
 * e.g. {@code query processing would load too many samples into memory in query execution}.
 */
public final class QueryException extends RuntimeException {
    private final QueryErrorType type;

    public QueryException(QueryErrorType type, String message) {
        super(message);
        this.type = requireNonNull(type, "type is null");
    }

    public QueryException(QueryErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = requireNonNull(type, "type is null");
    }

    public QueryErrorType type() {
        return type;
    }
}
