package io.amphora.tsdb.chunkenc;

import io.amphora.model.histogram.CounterResetHint;

/**
 * The top two bits of the third header byte of a histogram chunk (Prometheus's {@code CounterResetHeader}): what
 * the writer knew about a counter reset between the previous chunk of the series and this one, or that the chunk
 * holds gauge histograms. The remaining six bits of that byte are zero.
 */
public enum CounterResetHeader {
    /** {@code 00}: not known; a reader must compare with the previous chunk. */
    UNKNOWN(0b0000_0000),
    /** {@code 10}: the chunk was cut because of a counter reset. */
    COUNTER_RESET(0b1000_0000),
    /** {@code 01}: the chunk continues the previous one without a reset. */
    NOT_COUNTER_RESET(0b0100_0000),
    /** {@code 11}: the chunk holds gauge histograms, which have no counter resets. */
    GAUGE(0b1100_0000);

    static final int MASK = 0b1100_0000;

    private final int bits;

    CounterResetHeader(int bits) {
        this.bits = bits;
    }

    /** The header byte's value with only these two bits set. */
    public int bits() {
        return bits;
    }

    /** The header encoded in the top two bits of {@code flags}; the other bits are ignored, as Prometheus does. */
    public static CounterResetHeader ofFlags(int flags) {
        return switch (flags & MASK) {
            case 0b1000_0000 -> COUNTER_RESET;
            case 0b0100_0000 -> NOT_COUNTER_RESET;
            case 0b1100_0000 -> GAUGE;
            default -> UNKNOWN;
        };
    }

    /**
     * The hint a decoded sample carries, as Prometheus's iterators set it: gauge chunks give {@link
     * CounterResetHint#GAUGE}; in a counter chunk every sample after the first is {@link
     * CounterResetHint#NOT_COUNTER_RESET}; the first is {@link CounterResetHint#UNKNOWN} whatever the header says,
     * because the previous chunk may since have been replaced (out-of-order data, backfill, compaction).
     *
     * @param position 0-based position of the sample in its chunk
     */
    CounterResetHint hintAt(int position) {
        if (this == GAUGE) {
            return CounterResetHint.GAUGE;
        }
        return position > 0 ? CounterResetHint.NOT_COUNTER_RESET : CounterResetHint.UNKNOWN;
    }
}
