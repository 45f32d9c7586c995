package io.amphora.promql.engine;

/** Why a query failed, with the {@code errorType} string of Prometheus's HTTP API. */
public enum QueryErrorType {
    /** The query or its parameters are invalid (parse errors): HTTP 400. */
    BAD_DATA("bad_data"),
    /** Evaluation failed (many-to-many matching, too many samples, invalid function argument): HTTP 422. */
    EXECUTION("execution"),
    /** The query ran longer than its timeout: HTTP 503. */
    TIMEOUT("timeout"),
    /** The caller cancelled the query: HTTP 499-style, reported as {@code canceled}. */
    CANCELED("canceled"),
    /** A fault of the engine or storage, not of the query: HTTP 500. */
    INTERNAL("internal");

    private final String apiName;

    QueryErrorType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
