package io.amphora.model;

/**
 * Prometheus's staleness marker: a NaN with one exact bit pattern, written when a series disappears. It differs from
 * every other NaN, so it must be compared by bits, never with {@code ==} or {@link Double#isNaN}. For a native
 * histogram sample the marker is the histogram's sum.
 */
public final class StaleMarker {
    /** The marker's bits ({@code value.StaleNaN} in Prometheus). */
    public static final long BITS = 0x7ff0000000000002L;
    /** The marker as a double; only meaningful compared by its raw bits. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {}

    /** Whether {@code value} is the staleness marker, bit for bit. */
    public static boolean is(double value) {
        return Double.doubleToRawLongBits(value) == BITS;
    }
}
