package io.amphora.tsdb.chunkenc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit-level access to a byte array, most significant bit first (bit 0 of the stream is the top bit of byte 0), the
 * order Prometheus's {@code bstream} uses. Both operations are stateless so that a chunk and its iterators keep
 * their positions in plain {@code int} fields instead of a helper object per chunk.
 *
 * <p>Positions are in bits from the start of the array. The word-at-a-time paths read or write 8 bytes with one
 * unaligned big-endian access; close to the end of the array they fall back to byte loops.
 */
final class BitStream {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BitStream() {}

    /**
     * ORs the low {@code n} bits of {@code bits} (1 ≤ n ≤ 64; higher bits are ignored) into {@code buf} starting at
     * {@code bitPos}. The caller guarantees that every bit at or after {@code bitPos} is still zero and that the array
     * holds byte {@code (bitPos + n - 1) / 8}.
     */
    static void write(byte[] buf, int bitPos, long bits, int n) {
        long aligned = n == 64 ? bits : bits << (64 - n);
        int index = bitPos >>> 3;
        int shift = bitPos & 7;
        if (index + 8 < buf.length) {
            LONG_BE.set(buf, index, (long) LONG_BE.get(buf, index) | (aligned >>> shift));
            if (shift + n > 64) {
                buf[index + 8] |= (byte) (aligned << (8 - shift));
            }
            return;
        }
        int last = (bitPos + n - 1) >>> 3;
        long head = aligned >>> shift;
        for (int i = index, k = 0; i <= last; i++, k++) {
            buf[i] |= k < 8 ? (byte) (head >>> (56 - 8 * k)) : (byte) (aligned << (8 - shift));
        }
    }

    /**
     * The 64 bits of {@code data} starting at {@code bitPos}, left-aligned (the bit at {@code bitPos} becomes the
     * sign bit of the result). Bits past the end of the array read as zero; the caller checks that the bits it
     * consumes exist.
     */
    static long peek(byte[] data, int bitPos) {
        int index = bitPos >>> 3;
        int shift = bitPos & 7;
        if (index + 8 < data.length) {
            long word = (long) LONG_BE.get(data, index);
            return shift == 0 ? word : (word << shift) | ((data[index + 8] & 0xFFL) >>> (8 - shift));
        }
        long word = 0;
        for (int k = 0; k < 8; k++) {
            int i = index + k;
            word = (word << 8) | (i < data.length ? data[i] & 0xFFL : 0);
        }
        return word << shift;
    }
}
