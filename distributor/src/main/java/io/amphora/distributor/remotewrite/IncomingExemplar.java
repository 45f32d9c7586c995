package io.amphora.distributor.remotewrite;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * An exemplar as sent: its label pairs in wire order (possibly none), with {@code invalidUtf8At} marking the first
 * string that was not valid UTF-8 (-1 for none), as in {@link IncomingSeries}. A timestamp of 0 means the sender
 * left it unset. The array is handed over, not copied; equality compares its contents.
 */
public record IncomingExemplar(String[] namesAndValues, int invalidUtf8At, double value, long timestamp) {
    public IncomingExemplar {
        requireNonNull(namesAndValues, "namesAndValues is null");
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label names and values: " + namesAndValues.length);
        }
        if (invalidUtf8At < -1 || invalidUtf8At >= namesAndValues.length) {
            throw new IllegalArgumentException("invalidUtf8At out of range: " + invalidUtf8At);
        }
    }

    public static IncomingExemplar of(double value, long timestamp, String... namesAndValues) {
        return new IncomingExemplar(namesAndValues, -1, value, timestamp);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IncomingExemplar other
                && invalidUtf8At == other.invalidUtf8At
                && Double.compare(value, other.value) == 0
                && timestamp == other.timestamp
                && Arrays.equals(namesAndValues, other.namesAndValues);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(namesAndValues) + Double.hashCode(value)) + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "IncomingExemplar[" + LabelText.braces(namesAndValues) + " " + value + " @" + timestamp + "]";
    }
}
