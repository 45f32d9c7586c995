package io.amphora.tsdb.store;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote. Every read is bounds-checked and throws {@link IllegalArgumentException} on
 * truncated or malformed input, so a decoder can turn it into a corruption report instead of crashing.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public ByteReader(byte[] buf, int off, int end) {
        this.buf = buf;
        this.pos = off;
        this.end = end;
    }

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new IllegalArgumentException("truncated record at offset " + pos);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public long uvarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint overflow at offset " + pos);
    }

    public long varint() {
        long u = uvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    public int u32() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long u64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public String string() {
        long len = uvarint();
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("string too long at offset " + pos);
        }
        need((int) len);
        String s = new String(buf, pos, (int) len, StandardCharsets.UTF_8);
        pos += (int) len;
        return s;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }
}
