package io.amphora.tsdb.store;

import java.util.zip.CRC32C;

/** CRC32C (Castagnoli), the checksum Prometheus uses for its WAL, chunks and index. */
public final class Checksums {
    private Checksums() {}

    public static int crc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    /**
     * Checks a value laid out as payload followed by the 4-byte big-endian CRC32C of the payload.
     *
     * @return the payload length
     * @throws IllegalArgumentException when the value is too short or the checksum does not match
     */
    public static int verifyTrailing(byte[] value) {
        if (value.length < 4) {
            throw new IllegalArgumentException("record of " + value.length + " bytes is too short for its checksum");
        }
        int n = value.length - 4;
        int stored = ((value[n] & 0xFF) << 24) | ((value[n + 1] & 0xFF) << 16) | ((value[n + 2] & 0xFF) << 8) | (value[n + 3] & 0xFF);
        int actual = crc32c(value, 0, n);
        if (stored != actual) {
            throw new IllegalArgumentException(String.format("checksum mismatch: stored %08x, computed %08x", stored, actual));
        }
        return n;
    }
}
