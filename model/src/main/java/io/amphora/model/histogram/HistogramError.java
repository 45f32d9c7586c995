package io.amphora.model.histogram;

/**
 * The kinds of invalid native histograms and failed histogram operations, with Prometheus's texts for them
 * ({@code histogram.Err*} in {@code model/histogram/generic.go}). A full message often prefixes details, e.g.
 * {@code "positive side: bucket number 2 has observation count of -1: "} followed by {@link #text()}.
 */
public enum HistogramError {
    COUNT_NOT_BIG_ENOUGH(
            "histogram's observation count should be at least the number of observations found in the buckets"),
    COUNT_MISMATCH("histogram's observation count should equal the number of observations found in the buckets "
            + "(in absence of NaN)"),
    NEGATIVE_COUNT("histogram's observation count is negative"),
    NEGATIVE_BUCKET_COUNT("histogram has a bucket whose observation count is negative"),
    SPAN_NEGATIVE_OFFSET("histogram has a span whose offset is negative"),
    SPANS_BUCKETS_MISMATCH("histogram spans specify different number of buckets than provided"),
    CUSTOM_BUCKETS_MISMATCH("histogram custom bounds are too few"),
    CUSTOM_BUCKETS_INVALID("histogram custom bounds must be in strictly increasing order"),
    CUSTOM_BUCKETS_INFINITE("histogram custom bounds must be finite"),
    CUSTOM_BUCKETS_NAN("histogram custom bounds must not be NaN"),
    /** Adding or subtracting an exponential and a custom-bucket histogram; PromQL turns it into an annotation. */
    INCOMPATIBLE_SCHEMA(
            "cannot apply this operation on histograms with a mix of exponential and custom bucket schemas"),
    CUSTOM_BUCKETS_ZERO_COUNT("custom buckets: must have zero count of 0"),
    CUSTOM_BUCKETS_ZERO_THRESHOLD("custom buckets: must have zero threshold of 0"),
    CUSTOM_BUCKETS_NEGATIVE_SPANS("custom buckets: must not have negative spans"),
    CUSTOM_BUCKETS_NEGATIVE_BUCKETS("custom buckets: must not have negative buckets"),
    EXPONENTIAL_SCHEMA_CUSTOM_BOUNDS("histogram with exponential schema must not have custom bounds"),
    INVALID_SCHEMA("histogram has an invalid schema, which must be between " + HistogramValidation.MIN_EXPONENTIAL_SCHEMA
            + " and " + HistogramValidation.MAX_EXPONENTIAL_SCHEMA + " for exponential buckets, or "
            + Histogram.CUSTOM_BUCKETS_SCHEMA + " for custom buckets"),
    UNKNOWN_SCHEMA("histogram has an unknown schema, which must be between "
            + HistogramValidation.MIN_RESERVED_EXPONENTIAL_SCHEMA + " and "
            + HistogramValidation.MAX_RESERVED_EXPONENTIAL_SCHEMA + " for exponential buckets, or "
            + Histogram.CUSTOM_BUCKETS_SCHEMA + " for custom buckets");

    private final String text;

    HistogramError(String text) {
        this.text = text;
    }

    /** Prometheus's text of this error, the last part of every message about it. */
    public String text() {
        return text;
    }
}
