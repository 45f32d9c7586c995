package io.amphora.model;

/**
 * Why a request or part of it was refused. Adapters map a code to a status (4xx for what the client can fix,
 * 5xx for server faults) and keep {@link #message()} — the text Prometheus and Cortex users search for — in the
 * error they return. {@link #reason()} is the {@code reason} label of {@code cortex_discarded_samples_total}.
 */
public enum ErrorCode {
    SAMPLE_OUT_OF_ORDER("sample-out-of-order", "out of order sample", true),
    SAMPLE_DUPLICATE_TIMESTAMP("new-value-for-timestamp", "duplicate sample for timestamp", true),
    SAMPLE_OUT_OF_BOUNDS("sample-out-of-bounds", "sample timestamp out of bounds", true),
    SAMPLE_TOO_FAR_IN_FUTURE("too-far-in-future", "received a sample whose timestamp is too far in the future", true),
    MISSING_METRIC_NAME("missing_metric_name", "sample missing metric name", true),
    INVALID_METRIC_NAME("metric_name_invalid", "metric name is not valid", true),
    INVALID_LABEL_NAME("label_invalid", "sample invalid label", true),
    DUPLICATE_LABEL_NAMES("duplicate_label_names", "duplicate label name", true),
    EMPTY_SERIES("empty_series", "series has no samples", true),
    INVALID_TENANT("invalid_tenant", "invalid tenant id", true),
    INVALID_REQUEST("invalid_request", "invalid request", true),
    CORRUPT_DATA("corrupt_data", "stored data failed its checksum", false),
    INTERNAL("internal", "internal error", false);

    private final String reason;
    private final String message;
    private final boolean clientError;

    ErrorCode(String reason, String message, boolean clientError) {
        this.reason = reason;
        this.message = message;
        this.clientError = clientError;
    }

    public String reason() {
        return reason;
    }

    public String message() {
        return message;
    }

    /** True when the client caused it and retrying the same input cannot succeed. */
    public boolean isClientError() {
        return clientError;
    }
}
