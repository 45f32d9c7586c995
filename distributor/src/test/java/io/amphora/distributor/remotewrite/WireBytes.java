package io.amphora.distributor.remotewrite;

import java.io.ByteArrayOutputStream;

/**
 * Writes protobuf wire format by hand, for tests that need encodings the generated builders never produce:
 * non-canonical (padded) varints, unpacked repeated fields, repeated scalars, groups, stray end-group tags and
 * undefined wire types.
 */
final class WireBytes {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** The shortest encoding of {@code value}. */
    WireBytes varint(long value) {
        return varint(value, 0);
    }

    /**
     * {@code value} with {@code padding} more bytes than needed (continuation bytes carrying zeros); a padded varint
     * is still valid while it stays within 10 bytes.
     */
    WireBytes varint(long value, int padding) {
        long v = value;
        while (true) {
            int low = (int) (v & 0x7f);
            v >>>= 7;
            if (v == 0 && padding == 0) {
                out.write(low);
                return this;
            }
            out.write(low | 0x80);
            if (v == 0) {
                for (int i = 1; i < padding; i++) {
                    out.write(0x80);
                }
                out.write(0);
                return this;
            }
        }
    }

    WireBytes tag(int field, int wireType) {
        return varint((long) field << 3 | wireType);
    }

    WireBytes fixed64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    WireBytes fixed32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    WireBytes lengthDelimited(byte[] bytes) {
        varint(bytes.length);
        return raw(bytes);
    }

    WireBytes raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    WireBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    // Field helpers: a tag and its value.

    WireBytes varintField(int field, long value) {
        return tag(field, VARINT).varint(value);
    }

    WireBytes sint64Field(int field, long value) {
        return tag(field, VARINT).varint(value << 1 ^ value >> 63);
    }

    WireBytes doubleField(int field, double value) {
        return tag(field, FIXED64).fixed64(Double.doubleToRawLongBits(value));
    }

    WireBytes bytesField(int field, byte[] bytes) {
        return tag(field, LENGTH_DELIMITED).lengthDelimited(bytes);
    }

    WireBytes messageField(int field, WireBytes message) {
        return bytesField(field, message.toByteArray());
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
