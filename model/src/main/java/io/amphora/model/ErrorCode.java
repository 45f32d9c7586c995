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
    SAMPLE_TOO_FAR_IN_FUTURE("too_far_in_future", "received a sample whose timestamp is too far in the future", true),
    MISSING_METRIC_NAME("missing_metric_name", "sample missing metric name", true),
    INVALID_METRIC_NAME("metric_name_invalid", "metric name is not valid", true),
    INVALID_LABEL_NAME("label_invalid", "sample invalid label", true),
    DUPLICATE_LABEL_NAMES("duplicate_label_names", "duplicate label name", true),
    EMPTY_SERIES("empty_series", "series has no samples", true),
    MAX_LABEL_NAMES_PER_SERIES("max_label_names_per_series", "series has too many labels", true),
    LABEL_NAME_TOO_LONG("label_name_too_long", "label name too long", true),
    LABEL_VALUE_TOO_LONG("label_value_too_long", "label value too long", true),
    INVALID_LABEL_VALUE("label_value_invalid", "sample invalid label value", true),
    LABELS_NOT_SORTED("labels_not_sorted", "labels not sorted", true),
    SAMPLE_TOO_OLD("greater_than_max_sample_age", "timestamp too old", true),
    EXEMPLAR_TIMESTAMP_INVALID("exemplar_timestamp_invalid", "exemplar missing timestamp", true),
    EXEMPLAR_LABELS_TOO_LONG("exemplar_labels_too_long", "exemplar combined labelset too long", true),
    EXEMPLAR_LABELS_INVALID("exemplar_labels_invalid", "exemplar invalid label", true),
    NATIVE_HISTOGRAM_INVALID_SCHEMA("native_histogram_invalid_schema", "invalid native histogram schema", true),
    NATIVE_HISTOGRAM_INVALID("native_histogram_invalid", "invalid native histogram", true),
    NATIVE_HISTOGRAMS_NOT_SUPPORTED("native_histograms_not_supported", "native histograms are not supported yet", true),
    METADATA_METRIC_NAME_TOO_LONG("metric_name_too_long", "metadata metric name too long", true),
    METADATA_HELP_TOO_LONG("help_too_long", "metadata help too long", true),
    METADATA_UNIT_TOO_LONG("unit_too_long", "metadata unit too long", true),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", "unsupported content type or encoding", true),
    REQUEST_TOO_LARGE("request_too_large", "request body too large", true),
    MAX_SERIES_PER_USER("per_user_series_limit", "per-user series limit exceeded", true),
    MAX_SERIES_PER_METRIC("per_metric_series_limit", "per-metric series limit exceeded", true),
    MAX_METADATA_PER_USER("per_user_metadata_limit", "per-user metric metadata limit exceeded", true),
    MAX_METADATA_PER_METRIC("per_metric_metadata_limit", "per-metric metadata limit exceeded", true),
    /** Retryable: adapters answer 429 so that senders back off and retry. */
    RATE_LIMITED("rate_limited", "ingestion rate limit exceeded", true),
    HA_TOO_MANY_CLUSTERS("too_many_ha_clusters", "too many HA clusters", true),
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
