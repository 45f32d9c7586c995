package io.amphora.promql.promqltest;

import static java.util.Objects.requireNonNull;

/**
 * One position of an expanded value sequence, as written in a {@code load} block or an expected-result line: no
 * sample ({@code _}), a float (including {@code stale}) or a native histogram ({@code {{…}}}).
 */
public sealed interface SequenceValue {
    /** The bit pattern of Prometheus's staleness marker, a NaN that no arithmetic produces. */
    long STALE_NAN_BITS = 0x7ff0000000000002L;

    /** {@code _}: no sample at this position. */
    Omitted OMITTED = new Omitted();

    static FloatValue of(double value) {
        return new FloatValue(value);
    }

    /** {@code stale}: a float whose raw bits are {@link #STALE_NAN_BITS}. */
    static FloatValue staleMarker() {
        return new FloatValue(Double.longBitsToDouble(STALE_NAN_BITS));
    }

    /** The position has no sample. */
    record Omitted() implements SequenceValue {
        @Override
        public String toString() {
            return "_";
        }
    }

    /**
     * A float sample. Equality compares raw bits, so a staleness marker differs from an ordinary NaN (and
     * {@code 0.0} from {@code -0.0}), unlike a record's default equality.
     */
    record FloatValue(double value) implements SequenceValue {
        public boolean isStaleMarker() {
            return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FloatValue other
                    && Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(other.value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(Double.doubleToRawLongBits(value));
        }

        @Override
        public String toString() {
            return isStaleMarker() ? "stale" : HistogramDescription.formatNumber(value);
        }
    }

    /**
     * A native histogram sample.
     *
     * @param counterResetHintGiven whether the notation named a {@code counter_reset_hint}; Prometheus's harness
     *     compares the hint of a result against an expected histogram only when it was given. For the values of a
     *     {@code {{a}}+{{b}}xN} expansion this is whether {@code b} names one, as upstream.
     */
    record HistogramValue(HistogramDescription histogram, boolean counterResetHintGiven) implements SequenceValue {
        public HistogramValue {
            requireNonNull(histogram, "histogram is null");
        }

        @Override
        public String toString() {
            return histogram.toString();
        }
    }
}
