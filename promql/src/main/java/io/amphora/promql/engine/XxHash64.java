package io.amphora.promql.engine;

import java.nio.charset.StandardCharsets;

import io.amphora.model.Labels;

/**
 * The xxHash64 of a label set in Prometheus's encoding ({@code name 0xff value 0xff} per label, UTF-8, seed 0): the
 * value of Prometheus's {@code labels.Hash()}, which {@code limit_ratio} turns into each series' sampling offset, so
 * that the same series are chosen as in Prometheus.
 */
final class XxHash64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private XxHash64() {}

    static long hash(Labels labels) {
        int size = 0;
        byte[][] parts = new byte[labels.size() * 2][];
        for (int i = 0; i < labels.size(); i++) {
            parts[2 * i] = labels.name(i).getBytes(StandardCharsets.UTF_8);
            parts[2 * i + 1] = labels.value(i).getBytes(StandardCharsets.UTF_8);
            size += parts[2 * i].length + parts[2 * i + 1].length + 2;
        }
        byte[] bytes = new byte[size];
        int pos = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, bytes, pos, part.length);
            pos += part.length;
            bytes[pos++] = (byte) 0xff;
        }
        return hash(bytes);
    }

    static long hash(byte[] b) {
        int n = b.length;
        int p = 0;
        long h;
        if (n >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            while (p + 32 <= n) {
                v1 = round(v1, readLong(b, p));
                v2 = round(v2, readLong(b, p + 8));
                v3 = round(v3, readLong(b, p + 16));
                v4 = round(v4, readLong(b, p + 24));
                p += 32;
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = P5;
        }
        h += n;
        while (p + 8 <= n) {
            long k1 = round(0, readLong(b, p));
            h ^= k1;
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (p + 4 <= n) {
            h ^= (readInt(b, p) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < n) {
            h ^= (b[p] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long mergeRound(long acc, long val) {
        val = round(0, val);
        acc ^= val;
        return acc * P1 + P4;
    }

    private static long readLong(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
                | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48
                | (b[p + 7] & 0xffL) << 56;
    }

    private static int readInt(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }

    /** Prometheus's {@code HashRatioSampler.SampleOffset}: the hash as a fraction of 2^64 - 1. */
    static double sampleOffset(Labels labels) {
        long h = hash(labels);
        double unsigned = h >= 0 ? (double) h : (double) ((h >>> 1) | (h & 1)) * 2.0;
        return unsigned / 0x1p64;
    }
}
