package io.amphora.model.histogram;

/**
 * What the producer of a native histogram knows about counter resets, in Prometheus's order (the ordinal is the
 * value of the 2-bit header field of histogram chunks and of the remote-write enum).
 */
public enum CounterResetHint {
    /** Nothing is known: a reader must compare with the previous histogram. */
    UNKNOWN,
    /** A counter reset happened right before this histogram. */
    COUNTER_RESET,
    /** No counter reset happened since the previous histogram. */
    NOT_COUNTER_RESET,
    /** The histogram is a gauge: counter resets do not apply. */
    GAUGE;

    private static final CounterResetHint[] VALUES = values();

    /** The hint with Prometheus's numeric value {@code value} (0..3). */
    public static CounterResetHint ofValue(int value) {
        if (value < 0 || value >= VALUES.length) {
            throw new IllegalArgumentException("unknown counter reset hint " + value);
        }
        return VALUES[value];
    }
}
