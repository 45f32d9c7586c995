package io.amphora.distributor.remotewrite;

/** A native histogram's counter-reset hint; wire numbers 0..3 in both 1.0 and 2.0. */
public enum ResetHint {
    /** The reader must detect resets itself. */
    UNKNOWN,
    /** The first histogram after a counter reset. */
    YES,
    /** No reset since the previous histogram. */
    NO,
    /** A gauge histogram: resets do not apply. */
    GAUGE;

    private static final ResetHint[] BY_NUMBER = values();

    /** The hint for a wire number; numbers this version does not know become {@link #UNKNOWN}. */
    public static ResetHint fromWireNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
    }
}
