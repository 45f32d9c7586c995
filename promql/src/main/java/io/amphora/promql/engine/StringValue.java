package io.amphora.promql.engine;

import static java.util.Objects.requireNonNull;

/** A string result (a string literal query) at {@code timestamp}. */
public record StringValue(long timestamp, String value) implements QueryValue {
    public StringValue {
        requireNonNull(value, "value is null");
    }
}
