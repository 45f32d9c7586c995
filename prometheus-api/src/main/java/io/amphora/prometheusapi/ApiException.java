package io.amphora.prometheusapi;

import io.amphora.promql.ast.GoStrings;
import io.amphora.promql.engine.QueryException;

import static java.util.Objects.requireNonNull;

/**
 * A request the API answers with an error envelope. The message is the {@code error} text, worded exactly as
 * Prometheus words it (users and client libraries search for these texts).
 */
public final class ApiException extends RuntimeException {
    private final ApiErrorType type;

    public ApiException(ApiErrorType type, String message) {
        super(requireNonNull(message, "message is null"));
        this.type = requireNonNull(type, "type is null");
    }

    public ApiException(ApiErrorType type, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.type = requireNonNull(type, "type is null");
    }

    public static ApiException badData(String message) {
        return new ApiException(ApiErrorType.BAD_DATA, message);
    }

    /** Prometheus's {@code invalid parameter "<name>": <cause>}, a {@code bad_data} error. */
    public static ApiException invalidParameter(String parameter, String cause) {
        return badData("invalid parameter " + GoStrings.quote(parameter) + ": " + cause);
    }

    /**
     * The API error for a failed query, as Prometheus's query endpoints report it: the engine's {@code bad_data}
     * failures (a query that does not parse, a range query of the wrong type) happen while the query is prepared
     * and are reported as {@code invalid parameter "query": ...}; the other types keep their message.
     */
    public static ApiException fromQueryFailure(QueryException failure) {
        String message = failure.getMessage();
        return switch (failure.type()) {
            case BAD_DATA -> new ApiException(ApiErrorType.BAD_DATA,
                    "invalid parameter " + GoStrings.quote("query") + ": " + message, failure);
            case EXECUTION -> new ApiException(ApiErrorType.EXECUTION, message, failure);
            case TIMEOUT -> new ApiException(ApiErrorType.TIMEOUT, message, failure);
            case CANCELED -> new ApiException(ApiErrorType.CANCELED, message, failure);
            case INTERNAL -> new ApiException(ApiErrorType.INTERNAL, message, failure);
        };
    }

    public ApiErrorType type() {
        return type;
    }

    public int httpStatus() {
        return type.httpStatus();
    }
}
