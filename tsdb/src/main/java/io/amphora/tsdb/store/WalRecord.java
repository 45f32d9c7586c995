package io.amphora.tsdb.store;

import io.amphora.model.TenantId;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

/**
 * The samples of one commit of one tenant, as stored in the {@code wal} family. A commit of float samples only is
 * written as version 1, {@code version(1)=1 tenant(string) count(uvarint) {ref(uvarint) t(varint) value(8)}*
 * crc32c(4)}; a commit with native histograms as version 2, where each sample carries a kind,
 * {@code version(1)=2 tenant count {ref t kind(1) payload}* crc32c}: kind 0 is a float ({@code value(8)}), 1 an
 * integer histogram and 2 a float histogram (payload as {@link HistogramCodec} writes it). Samples keep the order
 * of the commit, so replay applies them in that order.
 *
 * <p>Timestamps and values are stored exactly (values as raw IEEE-754 bits, so NaN payloads survive).
 */
public final class WalRecord {
    public static final int VERSION = 1;
    public static final int VERSION_WITH_HISTOGRAMS = 2;
    private static final int KIND_FLOAT = 0;
    private static final int KIND_HISTOGRAM = 1;
    private static final int KIND_FLOAT_HISTOGRAM = 2;

    private final TenantId tenant;
    private final long[] refs;
    private final long[] timestamps;
    private final double[] values;
    /** Null when the record holds floats only; else a {@link Histogram}, {@link FloatHistogram} or null per sample. */
    private final Object[] histograms;
    private final int count;

    private WalRecord(TenantId tenant, long[] refs, long[] timestamps, double[] values, Object[] histograms, int count) {
        this.tenant = tenant;
        this.refs = refs;
        this.timestamps = timestamps;
        this.values = values;
        this.histograms = histograms;
        this.count = count;
    }

    /**
     * A record of {@code count} samples; {@code histograms}, when not null, holds a {@link Histogram} or
     * {@link FloatHistogram} for each histogram sample (whose {@code values} entry is ignored) and null for floats.
     */
    public static byte[] encode(TenantId tenant, long[] refs, long[] timestamps, double[] values, Object[] histograms, int count) {
        if (histograms == null) {
            return encode(tenant, refs, timestamps, values, count);
        }
        ByteWriter w = new ByteWriter(64 + count * 64);
        w.u8(VERSION_WITH_HISTOGRAMS).string(tenant.value()).uvarint(count);
        for (int i = 0; i < count; i++) {
            w.uvarint(refs[i]).varint(timestamps[i]);
            switch (histograms[i]) {
                case null -> w.u8(KIND_FLOAT).u64(Double.doubleToRawLongBits(values[i]));
                case Histogram h -> HistogramCodec.write(w.u8(KIND_HISTOGRAM), h);
                case FloatHistogram h -> HistogramCodec.write(w.u8(KIND_FLOAT_HISTOGRAM), h);
                default -> throw new IllegalArgumentException("not a histogram: " + histograms[i].getClass());
            }
        }
        return w.crc().toByteArray();
    }

    /** A version 1 record of float samples. */
    public static byte[] encode(TenantId tenant, long[] refs, long[] timestamps, double[] values, int count) {
        ByteWriter w = new ByteWriter(32 + count * 14);
        w.u8(VERSION).string(tenant.value()).uvarint(count);
        for (int i = 0; i < count; i++) {
            w.uvarint(refs[i]).varint(timestamps[i]).u64(Double.doubleToRawLongBits(values[i]));
        }
        return w.crc().toByteArray();
    }

    /** @throws IllegalArgumentException on a checksum mismatch, an unknown version or a malformed record */
    public static WalRecord decode(byte[] record) {
        int n = Checksums.verifyTrailing(record);
        ByteReader r = new ByteReader(record, 0, n);
        int version = r.u8();
        if (version != VERSION && version != VERSION_WITH_HISTOGRAMS) {
            throw new IllegalArgumentException("unknown WAL record version " + version);
        }
        TenantId tenant = new TenantId(r.string());
        long count = r.uvarint();
        if (count > n) {
            throw new IllegalArgumentException("sample count " + count + " exceeds record size");
        }
        int c = (int) count;
        long[] refs = new long[c];
        long[] ts = new long[c];
        double[] vs = new double[c];
        Object[] hs = version == VERSION ? null : new Object[c];
        for (int i = 0; i < c; i++) {
            refs[i] = r.uvarint();
            ts[i] = r.varint();
            int kind = version == VERSION ? KIND_FLOAT : r.u8();
            switch (kind) {
                case KIND_FLOAT -> vs[i] = Double.longBitsToDouble(r.u64());
                case KIND_HISTOGRAM -> hs[i] = HistogramCodec.readHistogram(r);
                case KIND_FLOAT_HISTOGRAM -> hs[i] = HistogramCodec.readFloatHistogram(r);
                default -> throw new IllegalArgumentException("unknown sample kind " + kind + " of sample " + i);
            }
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " unexpected trailing bytes");
        }
        return new WalRecord(tenant, refs, ts, vs, hs, c);
    }

    public TenantId tenant() {
        return tenant;
    }

    public int count() {
        return count;
    }

    public long ref(int i) {
        return refs[i];
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    /** The float value of sample {@code i}; meaningless for a histogram sample. */
    public double value(int i) {
        return values[i];
    }

    /** The integer histogram of sample {@code i}, or null if it is not one. */
    public Histogram histogram(int i) {
        return histograms != null && histograms[i] instanceof Histogram h ? h : null;
    }

    /** The float histogram of sample {@code i}, or null if it is not one. */
    public FloatHistogram floatHistogram(int i) {
        return histograms != null && histograms[i] instanceof FloatHistogram h ? h : null;
    }
}
