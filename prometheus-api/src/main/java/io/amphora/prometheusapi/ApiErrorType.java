package io.amphora.prometheusapi;

/**
 * The {@code errorType} values of Prometheus's HTTP API error envelope, with the HTTP status Prometheus 3 answers
 * each with by default.
 */
public enum ApiErrorType {
    /** Missing or invalid parameters, queries that do not parse: 400. */
    BAD_DATA("bad_data", 400),
    /** The query could not be executed (too many samples, many-to-many matching, ...): 422. */
    EXECUTION("execution", 422),
    /**
     * The query was cancelled, normally because the client went away: 499, nginx's "client closed request" (Prometheus
     * 2.x answered 503).
     */
    CANCELED("canceled", 499),
    /** The query ran out of time: 503. */
    TIMEOUT("timeout", 503),
    /** A fault of the server or its storage, not of the request: 500. */
    INTERNAL("internal", 500),
    /** The endpoint cannot serve now (storage not ready, admin APIs off): Prometheus has no code of its own, 500. */
    UNAVAILABLE("unavailable", 500),
    NOT_FOUND("not_found", 404),
    /** No codec can encode the response in a format the client accepts: 406. */
    NOT_ACCEPTABLE("not_acceptable", 406);

    private final String apiName;
    private final int httpStatus;

    ApiErrorType(String apiName, int httpStatus) {
        this.apiName = apiName;
        this.httpStatus = httpStatus;
    }

    /** The {@code errorType} string, e.g. {@code bad_data}. */
    public String apiName() {
        return apiName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
