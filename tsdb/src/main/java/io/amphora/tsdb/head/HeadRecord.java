package io.amphora.tsdb.head;

import io.amphora.tsdb.store.ByteReader;
import io.amphora.tsdb.store.ByteWriter;
import io.amphora.tsdb.store.Checksums;

/**
 * A series' open state as persisted by a checkpoint in the {@code head} family:
 * {@code lastT(8) lastValueBits(8) openLen(uvarint) open(openLen) oooCount(uvarint) {t(varint) v(8)}* crc32c(4)}.
 * An {@code openLen} of 0 means no open chunk.
 *
 * @param openChunk the open chunk's bytes, or null
 */
public record HeadRecord(long lastTimestamp, long lastValueBits, byte[] openChunk, long[] oooTimestamps, double[] oooValues) {
    public HeadRecord {
        if (oooTimestamps.length != oooValues.length) {
            throw new IllegalArgumentException("out-of-order timestamps and values differ in length");
        }
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(32 + (openChunk == null ? 0 : openChunk.length) + oooTimestamps.length * 12);
        w.u64(lastTimestamp).u64(lastValueBits);
        if (openChunk == null) {
            w.uvarint(0);
        } else {
            w.uvarint(openChunk.length).bytes(openChunk);
        }
        w.uvarint(oooTimestamps.length);
        for (int i = 0; i < oooTimestamps.length; i++) {
            w.varint(oooTimestamps[i]).u64(Double.doubleToRawLongBits(oooValues[i]));
        }
        return w.crc().toByteArray();
    }

    /** @throws IllegalArgumentException on a checksum mismatch or malformed record */
    public static HeadRecord decode(byte[] value) {
        int n = Checksums.verifyTrailing(value);
        ByteReader r = new ByteReader(value, 0, n);
        long lastT = r.u64();
        long lastBits = r.u64();
        long openLen = r.uvarint();
        if (openLen > r.remaining()) {
            throw new IllegalArgumentException("open chunk length " + openLen + " exceeds record");
        }
        byte[] open = openLen == 0 ? null : r.bytes((int) openLen);
        long count = r.uvarint();
        if (count > MemSeries.OOO_CAPACITY) {
            throw new IllegalArgumentException("out-of-order sample count " + count + " exceeds capacity");
        }
        long[] ts = new long[(int) count];
        double[] vs = new double[(int) count];
        for (int i = 0; i < count; i++) {
            ts[i] = r.varint();
            vs[i] = Double.longBitsToDouble(r.u64());
        }
        return new HeadRecord(lastT, lastBits, open, ts, vs);
    }
}
