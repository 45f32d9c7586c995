package io.amphora.tsdb.head;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.tsdb.chunkenc.XorChunk;
import io.amphora.tsdb.store.ByteReader;
import io.amphora.tsdb.store.ByteWriter;
import io.amphora.tsdb.store.Checksums;
import io.amphora.tsdb.store.HistogramCodec;

/**
 * A series' open state as persisted by a checkpoint in the {@code head} family:
 * {@code lastT(8) lastValueBits(8) openLen(uvarint) open(openLen) oooCount(uvarint) {t(varint) v(8)}*
 * [histogram trailer] crc32c(4)}. An {@code openLen} of 0 means no open chunk. A series that holds native
 * histograms adds the trailer {@code openEncoding(1) lastKind(1) [last histogram] oooHistograms(uvarint)
 * {index(uvarint) kind(1) histogram}*}: the open chunk's encoding, the kind of the newest in-order sample (0 float,
 * 1 histogram, 2 float histogram) with that histogram, and which out-of-order entries are histograms. A record
 * without the trailer (written before histograms were stored) is a float series with an XOR open chunk.
 *
 * @param openChunk the open chunk's bytes, or null
 * @param openEncoding the open chunk's encoding (Prometheus's numbers: 1 XOR, 2 histogram, 3 float histogram)
 * @param lastHistogram the newest in-order sample when it is a histogram ({@link Histogram} or
 *     {@link FloatHistogram}), else null (then {@code lastValueBits} is its value)
 * @param oooHistograms null when every out-of-order sample is a float; else per entry a histogram or null
 */
public record HeadRecord(long lastTimestamp, long lastValueBits, byte[] openChunk, int openEncoding, Object lastHistogram,
        long[] oooTimestamps, double[] oooValues, Object[] oooHistograms) {
    private static final int KIND_FLOAT = 0;
    private static final int KIND_HISTOGRAM = 1;
    private static final int KIND_FLOAT_HISTOGRAM = 2;

    public HeadRecord {
        if (oooTimestamps.length != oooValues.length) {
            throw new IllegalArgumentException("out-of-order timestamps and values differ in length");
        }
        if (oooHistograms != null && oooHistograms.length != oooTimestamps.length) {
            throw new IllegalArgumentException("out-of-order timestamps and histograms differ in length");
        }
        checkHistogram(lastHistogram);
        if (oooHistograms != null) {
            for (Object h : oooHistograms) {
                checkHistogram(h);
            }
        }
    }

    /** The record of a float series (no histogram trailer). */
    public HeadRecord(long lastTimestamp, long lastValueBits, byte[] openChunk, long[] oooTimestamps, double[] oooValues) {
        this(lastTimestamp, lastValueBits, openChunk, XorChunk.ENCODING, null, oooTimestamps, oooValues, null);
    }

    private static void checkHistogram(Object h) {
        if (h != null && !(h instanceof Histogram) && !(h instanceof FloatHistogram)) {
            throw new IllegalArgumentException("not a histogram: " + h.getClass());
        }
    }

    private boolean hasHistograms() {
        return openEncoding != XorChunk.ENCODING || lastHistogram != null || oooHistograms != null;
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
        if (hasHistograms()) {
            w.u8(openEncoding);
            writeKind(w, lastHistogram);
            int n = 0;
            if (oooHistograms != null) {
                for (Object h : oooHistograms) {
                    n += h == null ? 0 : 1;
                }
            }
            w.uvarint(n);
            for (int i = 0; n > 0 && i < oooHistograms.length; i++) {
                if (oooHistograms[i] != null) {
                    w.uvarint(i);
                    writeKind(w, oooHistograms[i]);
                }
            }
        }
        return w.crc().toByteArray();
    }

    private static void writeKind(ByteWriter w, Object h) {
        switch (h) {
            case null -> w.u8(KIND_FLOAT);
            case Histogram histogram -> HistogramCodec.write(w.u8(KIND_HISTOGRAM), histogram);
            case FloatHistogram histogram -> HistogramCodec.write(w.u8(KIND_FLOAT_HISTOGRAM), histogram);
            default -> throw new IllegalArgumentException("not a histogram: " + h.getClass());
        }
    }

    private static Object readKind(ByteReader r) {
        int kind = r.u8();
        return switch (kind) {
            case KIND_FLOAT -> null;
            case KIND_HISTOGRAM -> HistogramCodec.readHistogram(r);
            case KIND_FLOAT_HISTOGRAM -> HistogramCodec.readFloatHistogram(r);
            default -> throw new IllegalArgumentException("unknown sample kind " + kind);
        };
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
        if (r.remaining() == 0) {
            return new HeadRecord(lastT, lastBits, open, ts, vs);
        }
        int encoding = r.u8();
        Object last = readKind(r);
        long histograms = r.uvarint();
        if (histograms > count) {
            throw new IllegalArgumentException("out-of-order histogram count " + histograms + " exceeds the sample count " + count);
        }
        Object[] hs = histograms == 0 ? null : new Object[(int) count];
        for (int i = 0; i < histograms; i++) {
            long index = r.uvarint();
            if (index >= count) {
                throw new IllegalArgumentException("out-of-order histogram index " + index + " out of range");
            }
            hs[(int) index] = readKind(r);
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " unexpected trailing bytes");
        }
        return new HeadRecord(lastT, lastBits, open, encoding, last, ts, vs, hs);
    }
}
