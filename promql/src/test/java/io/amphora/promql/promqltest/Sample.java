package io.amphora.promql.promqltest;

import static java.util.Objects.requireNonNull;

/**
 * A concrete sample of a series: a float (possibly a staleness marker) or a histogram at a timestamp.
 *
 * @param timestamp milliseconds since the Unix epoch (the test clock starts at the epoch)
 * @param value a {@link SequenceValue.FloatValue} or a {@link SequenceValue.HistogramValue}, never omitted
 * @param startTimestamp the sample's start ("created") timestamp in milliseconds, or 0 when it has none; 0 is
 *     Prometheus's own "no start timestamp" value, so an {@code @st} offset landing exactly on the epoch also
 *     means none, as upstream
 */
public record Sample(long timestamp, SequenceValue value, long startTimestamp) {
    public Sample {
        requireNonNull(value, "value is null");
        if (value instanceof SequenceValue.Omitted) {
            throw new IllegalArgumentException("a sample cannot be omitted");
        }
    }

    public Sample(long timestamp, SequenceValue value) {
        this(timestamp, value, 0);
    }
}
