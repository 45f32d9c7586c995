package io.amphora.tsdb.chunkenc;

import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;

/**
 * The field codings shared by the histogram chunk encodings, as Prometheus writes them (layout:
 * {@code tsdb/docs/format/chunks.md}): varbit integers, the chunk layout (zero threshold, schema, spans, custom
 * bounds) and XOR-compressed floats. Each writing method issues the same sequence of writes as Prometheus's encoder,
 * which {@link BitWriter} needs to reproduce its byte lengths.
 */
final class HistogramCoding {
    /** Leading-zero count meaning no XOR window was written yet, so the next non-zero XOR opens one. */
    static final int NO_WINDOW = -1;
    static final int MIN_EXPONENTIAL_SCHEMA = -4;
    static final int MAX_EXPONENTIAL_SCHEMA = 8;
    private static final Span[] NO_SPANS = new Span[0];
    private static final double[] NO_VALUES = new double[0];
    /** Prefixes and payload widths of the varbit buckets, from the 2-bit prefix {@code 10} to {@code 11111110}. */
    private static final int[] VARBIT_PAYLOAD_BITS = {3, 6, 9, 12, 18, 25, 56};
    /** A layout has at most this many spans or custom bounds; more means corrupt data, not a real histogram. */
    private static final long MAX_LAYOUT_ENTRIES = 1 << 20;

    private HistogramCoding() {}

    static boolean isKnownSchema(int schema) {
        return schema == Histogram.CUSTOM_BUCKETS_SCHEMA || (schema >= MIN_EXPONENTIAL_SCHEMA && schema <= MAX_EXPONENTIAL_SCHEMA);
    }

    // ---- varbit integers

    /**
     * Writes a signed integer in the smallest bucket that holds it: {@code 0} for zero, then prefixes {@code 10},
     * {@code 110}, ... {@code 11111110} followed by 3, 6, 9, 12, 18, 25 or 56 bits of two's complement holding
     * {@code -(2^(n-1) - 1) .. 2^(n-1)}, and {@code 11111111} followed by all 64 bits.
     */
    static void putVarbitInt(BitWriter w, long value) {
        if (value == 0) {
            w.writeBit(false);
            return;
        }
        for (int i = 0; i < VARBIT_PAYLOAD_BITS.length; i++) {
            int n = VARBIT_PAYLOAD_BITS[i];
            if (value >= -((1L << (n - 1)) - 1) && value <= 1L << (n - 1)) {
                writeVarbitPrefix(w, i);
                w.write(value & ((1L << n) - 1), n);
                return;
            }
        }
        w.write(0xFF, 8);
        w.write(value, 64);
    }

    /** Writes an unsigned integer with the buckets of {@link #putVarbitInt}, each holding {@code 0 .. 2^n - 1}. */
    static void putVarbitUint(BitWriter w, long value) {
        if (value == 0) {
            w.writeBit(false);
            return;
        }
        int significant = 64 - Long.numberOfLeadingZeros(value);
        for (int i = 0; i < VARBIT_PAYLOAD_BITS.length; i++) {
            int n = VARBIT_PAYLOAD_BITS[i];
            if (significant <= n) {
                writeVarbitPrefix(w, i);
                w.write(value, n);
                return;
            }
        }
        w.write(0xFF, 8);
        w.write(value, 64);
    }

    /** Bucket {@code i} has a prefix of {@code i + 1} ones and a zero ({@code 11111110} for the last). */
    private static void writeVarbitPrefix(BitWriter w, int bucket) {
        int width = bucket + 2;
        w.write(((1L << width) - 1) & ~1L, width);
    }

    static long readVarbitInt(BitReader r) {
        int bucket = readVarbitBucket(r);
        if (bucket < 0) {
            return bucket == -1 ? 0 : r.read(64);
        }
        int n = VARBIT_PAYLOAD_BITS[bucket];
        long bits = r.read(n);
        return bits > 1L << (n - 1) ? bits - (1L << n) : bits;
    }

    static long readVarbitUint(BitReader r) {
        int bucket = readVarbitBucket(r);
        if (bucket < 0) {
            return bucket == -1 ? 0 : r.read(64);
        }
        return r.read(VARBIT_PAYLOAD_BITS[bucket]);
    }

    /** The bucket index of the next prefix, -1 for the single {@code 0} bit, -2 for the 64-bit bucket. */
    private static int readVarbitBucket(BitReader r) {
        int ones = 0;
        while (ones < 8 && r.readBit()) {
            ones++;
        }
        return ones == 8 ? -2 : ones - 1;
    }

    // ---- chunk layout

    /**
     * Writes the layout the first sample of a chunk dictates: zero threshold, schema (varbit int), positive then
     * negative spans (count, then length as varbit uint and offset as varbit int per span) and, for the custom-buckets
     * schema only, the custom bounds (count, then each bound).
     */
    static void writeLayout(BitWriter w, int schema, double zeroThreshold, Span[] positive, Span[] negative, double[] customValues) {
        putZeroThreshold(w, zeroThreshold);
        putVarbitInt(w, schema);
        putSpans(w, positive);
        putSpans(w, negative);
        if (schema == Histogram.CUSTOM_BUCKETS_SCHEMA) {
            putVarbitUint(w, customValues.length);
            for (double bound : customValues) {
                putCustomBound(w, bound);
            }
        }
    }

    private static void putSpans(BitWriter w, Span[] spans) {
        putVarbitUint(w, spans.length);
        for (Span span : spans) {
            putVarbitUint(w, Integer.toUnsignedLong(span.length()));
            putVarbitInt(w, span.offset());
        }
    }

    /** What {@link #readLayout} decodes. Arrays are fresh and owned by the caller. */
    record Layout(int schema, double zeroThreshold, Span[] positiveSpans, Span[] negativeSpans, double[] customValues) {}

    static Layout readLayout(BitReader r) {
        double zeroThreshold = readZeroThreshold(r);
        long schema = readVarbitInt(r);
        if (schema != (int) schema || !isKnownSchema((int) schema)) {
            throw new ChunkFormatException("unknown histogram schema " + schema);
        }
        Span[] positive = readSpans(r);
        Span[] negative = readSpans(r);
        double[] customValues = NO_VALUES;
        if (schema == Histogram.CUSTOM_BUCKETS_SCHEMA) {
            long n = readVarbitUint(r);
            if (n < 0 || n > MAX_LAYOUT_ENTRIES) {
                throw new ChunkFormatException("implausible custom bound count " + Long.toUnsignedString(n));
            }
            customValues = new double[(int) n];
            for (int i = 0; i < n; i++) {
                customValues[i] = readCustomBound(r);
            }
        }
        return new Layout((int) schema, zeroThreshold, positive, negative, customValues);
    }

    private static Span[] readSpans(BitReader r) {
        long n = readVarbitUint(r);
        if (n < 0 || n > MAX_LAYOUT_ENTRIES) {
            throw new ChunkFormatException("implausible span count " + Long.toUnsignedString(n));
        }
        if (n == 0) {
            return NO_SPANS;
        }
        Span[] spans = new Span[(int) n];
        for (int i = 0; i < n; i++) {
            long length = readVarbitUint(r);
            long offset = readVarbitInt(r);
            if (length < 0 || length > Integer.MAX_VALUE || offset != (int) offset) {
                throw new ChunkFormatException("span " + i + " has length " + Long.toUnsignedString(length) + " and offset " + offset);
            }
            spans[i] = new Span((int) offset, (int) length);
        }
        return spans;
    }

    /**
     * One byte for the common thresholds: 0 as {@code 0}; a power of two {@code 2^e} with {@code -243 <= e <= 10}
     * as {@code e + 244} (the exponent of Go's {@code Frexp} plus 243); anything else as {@code 255} followed by the
     * 64 raw bits.
     */
    static void putZeroThreshold(BitWriter w, double threshold) {
        if (threshold == 0) {
            w.writeByte(0);
            return;
        }
        long bits = Double.doubleToRawLongBits(threshold);
        boolean powerOfTwo = threshold > 0 && threshold <= Double.MAX_VALUE && threshold >= Double.MIN_NORMAL
                && (bits & 0x000F_FFFF_FFFF_FFFFL) == 0;
        int frexpExponent = Math.getExponent(threshold) + 1;
        if (!powerOfTwo || frexpExponent < -242 || frexpExponent > 11) {
            w.writeByte(255);
            w.write(bits, 64);
            return;
        }
        w.writeByte(frexpExponent + 243);
    }

    static double readZeroThreshold(BitReader r) {
        int b = (int) r.read(8);
        return switch (b) {
            case 0 -> 0.0;
            case 255 -> Double.longBitsToDouble(r.read(64));
            default -> Math.scalb(0.5, b - 243);
        };
    }

    /**
     * Bounds that are multiples of 0.001 from 0 to 33554.43 as the varbit uint {@code round(bound * 1000) + 1};
     * anything else as a {@code 0} bit followed by the 64 raw bits (a varbit uint of 0 reads as that marker).
     * A bound of -0.0 takes the short form and reads back as +0.0, as in Prometheus.
     */
    static void putCustomBound(BitWriter w, double bound) {
        double scaled = bound * 1000;
        if (scaled < 0 || scaled > 33554430 || !isWholeWhenMultiplied(bound)) {
            w.writeBit(false);
            w.write(Double.doubleToRawLongBits(bound), 64);
            return;
        }
        putVarbitUint(w, Math.round(scaled) + 1);
    }

    private static boolean isWholeWhenMultiplied(double value) {
        return (double) Math.round(value * 1000) / 1000 == value;
    }

    static double readCustomBound(BitReader r) {
        long v = readVarbitUint(r);
        if (v == 0) {
            return Double.longBitsToDouble(r.read(64));
        }
        return (double) (v - 1) / 1000;
    }

    // ---- XOR floats

    /**
     * Writes {@code newBits} as its XOR with {@code oldBits}, Gorilla style (see the XOR chunk's values), keeping the
     * window of slot {@code i} in {@code leading}/{@code trailing}; {@link #NO_WINDOW} in {@code leading} means none
     * was opened yet.
     */
    static void xorWrite(BitWriter w, long newBits, long oldBits, int[] leading, int[] trailing, int i) {
        long xor = newBits ^ oldBits;
        if (xor == 0) {
            w.writeBit(false);
            return;
        }
        w.writeBit(true);
        int newLeading = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int newTrailing = Long.numberOfTrailingZeros(xor);
        if (leading[i] != NO_WINDOW && newLeading >= leading[i] && newTrailing >= trailing[i]) {
            w.writeBit(false);
            w.write(xor >>> trailing[i], 64 - leading[i] - trailing[i]);
            return;
        }
        leading[i] = newLeading;
        trailing[i] = newTrailing;
        w.writeBit(true);
        w.write(newLeading, 5);
        int significant = 64 - newLeading - newTrailing;
        w.write(significant & 0x3F, 6);
        w.write(xor >>> newTrailing, significant);
    }

    /**
     * Reads a value written by {@link #xorWrite} and returns its bits. A window reuse before any window was opened
     * (which Prometheus's writer produces when it resumes a loaded chunk) reads 64 bits, as Prometheus's reader does,
     * and from then on the slot has the window Prometheus's writer had: 0 leading and 0 trailing zeros.
     */
    static long xorRead(BitReader r, long oldBits, int[] leading, int[] trailing, int i) {
        if (!r.readBit()) {
            return oldBits;
        }
        if (!r.readBit()) {
            if (leading[i] == NO_WINDOW) {
                leading[i] = 0;
                trailing[i] = 0;
            }
            return oldBits ^ (r.read(64 - leading[i] - trailing[i]) << trailing[i]);
        }
        int newLeading = (int) r.read(5);
        int significant = (int) r.read(6);
        if (significant == 0) {
            significant = 64;
        }
        int newTrailing = 64 - newLeading - significant;
        if (newTrailing < 0) {
            throw new ChunkFormatException("XOR window of " + newLeading + " leading zeros and " + significant
                    + " significant bits exceeds 64 bits");
        }
        leading[i] = newLeading;
        trailing[i] = newTrailing;
        return oldBits ^ (r.read(significant) << newTrailing);
    }

    // ---- spans

    /** The number of buckets the spans describe. */
    static int countBuckets(Span[] spans) {
        long n = 0;
        for (Span span : spans) {
            n += span.length();
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new ChunkFormatException("spans describe " + n + " buckets");
        }
        return (int) n;
    }
}
