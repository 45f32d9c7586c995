package io.amphora.distributor.remotewrite;

/**
 * A metric family's type. The wire numbers are the same in 1.0 ({@code MetricMetadata.MetricType}) and 2.0
 * ({@code Metadata.MetricType}, where 0 is called {@code METRIC_TYPE_UNSPECIFIED}).
 */
public enum MetricType {
    UNKNOWN("unknown"),
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram"),
    GAUGEHISTOGRAM("gaugehistogram"),
    SUMMARY("summary"),
    INFO("info"),
    STATESET("stateset");

    private static final MetricType[] BY_NUMBER = values();

    private final String prometheusName;

    MetricType(String prometheusName) {
        this.prometheusName = prometheusName;
    }

    /** The lower-case name the Prometheus HTTP API uses ({@code /api/v1/metadata}). */
    public String prometheusName() {
        return prometheusName;
    }

    /** The type for a wire number; numbers this version does not know (open enums) become {@link #UNKNOWN}. */
    public static MetricType fromWireNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
    }
}
