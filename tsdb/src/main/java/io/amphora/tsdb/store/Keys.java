package io.amphora.tsdb.store;

import io.amphora.model.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key layout of the RocksDB column families; see {@code tsdb/docs/format/rocksdb-keys.md}.
 *
 * <p>Every per-tenant key starts with the tenant id's bytes and a 0x00 byte. Tenant ids never contain 0x00 or
 * 0x01 ({@link TenantId} restricts them to printable ASCII), so {@code [tenant 0x00, tenant 0x01)} is exactly one
 * tenant's key range, which makes deleting a tenant a single range delete per column family. Integers are
 * big-endian so that byte order equals numeric order; signed timestamps have their sign bit flipped for the same
 * reason.
 */
public final class Keys {
    private Keys() {}

    public static byte[] tenantPrefix(TenantId tenant) {
        byte[] t = tenant.value().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(t, t.length + 1);
        out[t.length] = 0;
        return out;
    }

    /** The exclusive upper bound of a tenant's key range. */
    public static byte[] tenantPrefixEnd(TenantId tenant) {
        byte[] out = tenantPrefix(tenant);
        out[out.length - 1] = 1;
        return out;
    }

    /** series CF and head CF: tenant 0x00 ref(8). */
    public static byte[] seriesKey(byte[] tenantPrefix, long ref) {
        byte[] out = Arrays.copyOf(tenantPrefix, tenantPrefix.length + 8);
        putLong(out, tenantPrefix.length, ref);
        return out;
    }

    /** chunks CF: tenant 0x00 ref(8) minTime(8, sign-flipped) chunkId(8). */
    public static byte[] chunkKey(byte[] tenantPrefix, long ref, long minTime, long chunkId) {
        byte[] out = Arrays.copyOf(tenantPrefix, tenantPrefix.length + 24);
        putLong(out, tenantPrefix.length, ref);
        putLong(out, tenantPrefix.length + 8, minTime ^ Long.MIN_VALUE);
        putLong(out, tenantPrefix.length + 16, chunkId);
        return out;
    }

    /** postings CF: tenant 0x00 uvarint(len) name uvarint(len) value ref(8). Length prefixes allow any byte in names and values. */
    public static byte[] postingKey(byte[] tenantPrefix, String name, String value, long ref) {
        ByteWriter w = new ByteWriter(tenantPrefix.length + name.length() + value.length() + 16);
        w.bytes(tenantPrefix).string(name).string(value).u64(ref);
        return w.toByteArray();
    }

    /** wal CF: seq(8). */
    public static byte[] walKey(long seq) {
        byte[] out = new byte[8];
        putLong(out, 0, seq);
        return out;
    }

    /** The tenant a per-tenant key belongs to. */
    public static TenantId tenantOf(byte[] key) {
        int zero = indexOfZero(key);
        return new TenantId(new String(key, 0, zero, StandardCharsets.US_ASCII));
    }

    /** Length of the tenant prefix (including its 0x00) of a per-tenant key. */
    public static int prefixLength(byte[] key) {
        return indexOfZero(key) + 1;
    }

    private static int indexOfZero(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("key has no tenant separator");
    }

    public static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    public static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
