package io.amphora.tsdb.store;

import io.amphora.model.TenantId;

/**
 * The samples of one commit of one tenant, as stored in the {@code wal} family:
 * {@code version(1) tenant(string) count(uvarint) {ref(uvarint) t(varint) value(8)}* crc32c(4)}.
 *
 * <p>Timestamps and values are stored exactly (values as raw IEEE-754 bits, so NaN payloads survive).
 */
public final class WalRecord {
    public static final int VERSION = 1;

    private final TenantId tenant;
    private final long[] refs;
    private final long[] timestamps;
    private final double[] values;
    private final int count;

    private WalRecord(TenantId tenant, long[] refs, long[] timestamps, double[] values, int count) {
        this.tenant = tenant;
        this.refs = refs;
        this.timestamps = timestamps;
        this.values = values;
        this.count = count;
    }

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
        if (version != VERSION) {
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
        for (int i = 0; i < c; i++) {
            refs[i] = r.uvarint();
            ts[i] = r.varint();
            vs[i] = Double.longBitsToDouble(r.u64());
        }
        if (r.remaining() != 0) {
            throw new IllegalArgumentException(r.remaining() + " unexpected trailing bytes");
        }
        return new WalRecord(tenant, refs, ts, vs, c);
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

    public double value(int i) {
        return values[i];
    }
}
