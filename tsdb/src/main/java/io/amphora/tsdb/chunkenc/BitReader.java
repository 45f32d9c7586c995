package io.amphora.tsdb.chunkenc;

/**
 * Reads a bit stream written by {@link BitWriter} (or by Prometheus), most significant bit first. Reading past
 * {@code endBits} throws {@link ChunkFormatException}. Not thread-safe; reusable through {@link #reset}.
 */
final class BitReader {
    private byte[] data = new byte[0];
    private int pos;
    private int endBits;

    void reset(byte[] data, int startBit, int endBits) {
        this.data = data;
        this.pos = startBit;
        this.endBits = endBits;
    }

    int position() {
        return pos;
    }

    /** The next {@code n} bits (1 ≤ n ≤ 64) as the low bits of the result. */
    long read(int n) {
        if (endBits - pos < n) {
            throw new ChunkFormatException("truncated: needs " + n + " bits at bit " + pos + " but the stream ends at bit " + endBits);
        }
        long word = BitStream.peek(data, pos);
        pos += n;
        return n == 64 ? word : word >>> (64 - n);
    }

    boolean readBit() {
        return read(1) != 0;
    }
}
