package io.amphora.model.histogram;

/**
 * A run of {@code length} consecutive buckets starting {@code offset} bucket indexes after the end of the previous
 * span (after index 0 for the first span), as in Prometheus's sparse bucket layout. Only the first span may have a
 * negative offset.
 */
public record Span(int offset, int length) {
    public Span {
        if (length < 0) {
            throw new IllegalArgumentException("span length " + length + " is negative");
        }
    }
}
