package io.amphora.tsdb.chunkenc;

import java.util.Arrays;

/**
 * A growable bit buffer for the histogram chunk encodings, most significant bit first, that reproduces the byte
 * length Prometheus 2.x's bit writer leaves (see {@code tsdb/docs/format/chunks.md}, "Padding and length"): a write
 * whose width is a multiple of 8 bits and that ends on a byte boundary leaves one extra zero byte. So every call here
 * must correspond to one call Prometheus's encoder makes ({@code writeBits}, {@code writeByte} or {@code writeBit});
 * merging two of its writes into one would change the length of some chunks.
 *
 * <p>The histogram chunks keep their appender state in plain fields and are far rarer than float chunks, so unlike
 * {@link XorChunk} they afford this helper object. Not thread-safe.
 */
final class BitWriter {
    private static final int INITIAL_CAPACITY = 64;
    /** Headroom before each write: the widest single write is 64 bits, plus the 8 bytes {@link BitStream} may touch. */
    private static final int SLACK_BYTES = 17;

    private byte[] buf;
    /** Bits in use, header included; every bit at or after it is zero. */
    private int bitPos;
    private int length;

    /** A writer whose first {@code headerBytes} bytes are zero and reserved for the caller's header. */
    BitWriter(int headerBytes) {
        this.buf = new byte[Math.max(INITIAL_CAPACITY, headerBytes + SLACK_BYTES)];
        this.bitPos = headerBytes * 8;
        this.length = headerBytes;
    }

    /**
     * A writer continuing {@code data}, whose bits end at {@code endBits} with zero padding after them. The array is
     * copied.
     */
    BitWriter(byte[] data, int endBits) {
        this.buf = Arrays.copyOf(data, Math.max(data.length + SLACK_BYTES, INITIAL_CAPACITY));
        this.bitPos = endBits;
        this.length = data.length;
    }

    /** Writes the low {@code n} bits of {@code bits}, 1 ≤ n ≤ 64: one Prometheus {@code writeBits(bits, n)}. */
    void write(long bits, int n) {
        ensureCapacity();
        BitStream.write(buf, bitPos, bits, n);
        bitPos += n;
        length = n % 8 == 0 ? (bitPos >>> 3) + 1 : (bitPos + 7) >>> 3;
    }

    void writeBit(boolean one) {
        write(one ? 1 : 0, 1);
    }

    void writeByte(int b) {
        write(b & 0xFF, 8);
    }

    private void ensureCapacity() {
        int needed = (bitPos >>> 3) + SLACK_BYTES;
        if (buf.length < needed) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length + (buf.length >> 1)));
        }
    }

    /** The live buffer; bytes from {@link #length()} on are zero. Callers may set header bytes in place. */
    byte[] buffer() {
        return buf;
    }

    int bitPosition() {
        return bitPos;
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, length);
    }

    int capacity() {
        return buf.length;
    }
}
