package io.amphora.tsdb.chunkenc;

/** The padding rule every appendable chunk's {@code fromBytes} enforces. */
final class ChunkPadding {
    private ChunkPadding() {}

    /**
     * Accepts exactly the lengths a Prometheus 2.x writer can leave after a stream ending at {@code endBits}: the bits
     * rounded up to whole bytes, plus one empty byte when the stream ends on a byte boundary (see
     * {@link BitWriter}); the padding must be zero, because an appender ORs new bits into it.
     *
     * @throws IllegalArgumentException otherwise; {@code kind} names the chunk type in the message
     */
    static void check(String kind, byte[] data, int endBits) {
        int minLength = (endBits + 7) >>> 3;
        boolean fits = data.length == minLength || ((endBits & 7) == 0 && data.length == minLength + 1);
        if (!fits) {
            throw new IllegalArgumentException(kind + " has " + data.length + " bytes but its samples end at bit "
                    + endBits + ": unexpected trailing bytes");
        }
        int paddingMask = 0xFF >>> (endBits & 7);
        boolean zero = (endBits & 7) == 0 || (data[minLength - 1] & paddingMask) == 0;
        if (data.length > minLength) {
            zero &= data[minLength] == 0;
        }
        if (!zero) {
            throw new IllegalArgumentException(kind + " has non-zero padding after bit " + endBits);
        }
    }
}
