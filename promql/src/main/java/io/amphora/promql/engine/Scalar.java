package io.amphora.promql.engine;

/** A scalar result at {@code timestamp}. */
public record Scalar(long timestamp, double value) implements QueryValue {
}
