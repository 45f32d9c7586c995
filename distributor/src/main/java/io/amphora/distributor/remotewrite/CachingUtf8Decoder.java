package io.amphora.distributor.remotewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Turns the string fields of one decompressed request into {@link String}s, exactly as
 * {@code ByteString.toStringUtf8()} and {@code ByteString.isValidUtf8()} would (bytes that are not UTF-8 become
 * U+FFFD, and {@link #lastWasValidUtf8()} says so), but cheaper:
 *
 * <ul>
 *   <li>ASCII strings, nearly all label names and values, are found eight bytes at a time and copied without
 *       decoding;</li>
 *   <li>an ASCII string whose bytes equal a recent one returns that same {@code String}. In a request the same
 *       label names recur in every series and most values ({@code job}, {@code namespace}, {@code cluster}) in many,
 *       so most strings cost a hash and a comparison instead of two allocations. The table is direct-mapped and
 *       keeps the latest string per slot: a collision only costs a fresh allocation.</li>
 * </ul>
 *
 * <p>One instance per request and thread: it refers to offsets in {@code buffer}, which must not change while the
 * instance is used.
 */
final class CachingUtf8Decoder {
    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    /** 2^64 divided by the golden ratio: multiplying by it spreads every input bit into the high bits. */
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    /** Slots: between 64 and 2,048, about one per 128 bytes of request (measured: 4,096 were no faster). */
    private static final int MIN_SLOTS_LOG2 = 6;
    private static final int MAX_SLOTS_LOG2 = 11;
    private static final int BYTES_PER_SLOT_LOG2 = 7;
    private static final int KEY_LONGS = 3;

    private final byte[] buffer;
    private final String[] cached;
    /**
     * {@link #KEY_LONGS} per slot: the first and the last eight bytes of the cached string (for strings shorter than
     * eight bytes both are the string, zero-padded), then its offset in {@link #buffer} (high half) and its length
     * (low half; 0 marks an empty slot, as the empty string is never cached).
     */
    private final long[] keys;
    private final int slotShift;
    private boolean lastWasValidUtf8 = true;

    /** @param buffer the whole request; it must not change while this decoder is used */
    CachingUtf8Decoder(byte[] buffer) {
        this.buffer = buffer;
        int wanted = 32 - Integer.numberOfLeadingZeros(Math.max(1, buffer.length >>> BYTES_PER_SLOT_LOG2));
        int slotsLog2 = Math.clamp(wanted, MIN_SLOTS_LOG2, MAX_SLOTS_LOG2);
        this.cached = new String[1 << slotsLog2];
        this.keys = new long[KEY_LONGS << slotsLog2];
        this.slotShift = Long.SIZE - slotsLog2;
    }

    /**
     * The string held in {@code buffer[offset, offset + length)}; the caller has checked the bounds. Sets
     * {@link #lastWasValidUtf8()}.
     */
    String decode(int offset, int length) {
        // The first and the last eight bytes (the same word when length <= 8; overlapping when length < 16) are the
        // key's cheap part: for strings up to 16 bytes they are the whole string.
        long first;
        long last;
        long highBits;
        long hash;
        if (length >= Long.BYTES) {
            first = (long) LITTLE_ENDIAN_LONGS.get(buffer, offset);
            last = (long) LITTLE_ENDIAN_LONGS.get(buffer, offset + length - Long.BYTES);
            highBits = first | last;
            hash = (length ^ first) * GOLDEN;
            int lastWord = offset + length - Long.BYTES;
            for (int i = offset + Long.BYTES; i < lastWord; i += Long.BYTES) {
                long word = (long) LITTLE_ENDIAN_LONGS.get(buffer, i);
                highBits |= word;
                hash = (hash ^ word) * GOLDEN;
            }
            hash = (hash ^ last) * GOLDEN;
        } else {
            if (length == 0) {
                lastWasValidUtf8 = true;
                return "";
            }
            if (buffer.length - offset >= Long.BYTES) {
                // Read the bytes after the string too and mask them off: one load instead of a loop.
                first = (long) LITTLE_ENDIAN_LONGS.get(buffer, offset) & (-1L >>> (Long.SIZE - length * Byte.SIZE));
            } else {
                first = 0;
                for (int i = 0; i < length; i++) {
                    first |= (buffer[offset + i] & 0xffL) << (i * Byte.SIZE);
                }
            }
            last = first;
            highBits = first;
            hash = (length ^ first) * GOLDEN;
        }
        if ((highBits & HIGH_BITS) != 0) {
            lastWasValidUtf8 = isValidUtf8(buffer, offset, length);
            return new String(buffer, offset, length, UTF_8);
        }
        lastWasValidUtf8 = true;
        int slot = (int) (hash >>> slotShift);
        int key = slot * KEY_LONGS;
        long where = keys[key + 2];
        if (keys[key] == first && keys[key + 1] == last && (int) where == length
                && (length <= 2 * Long.BYTES || middleEquals((int) (where >>> 32), offset, length))) {
            return cached[slot];
        }
        // ASCII is a subset of ISO-8859-1 and of UTF-8, so both decode it alike; ISO-8859-1 just copies.
        String decoded = new String(buffer, offset, length, ISO_8859_1);
        cached[slot] = decoded;
        keys[key] = first;
        keys[key + 1] = last;
        keys[key + 2] = (long) offset << 32 | length;
        return decoded;
    }

    /**
     * Like {@link #decode} for a string that is not expected to repeat: neither looked up in nor added to the cache.
     */
    String decodeUncached(int offset, int length) {
        int i = offset;
        int end = offset + length;
        long highBits = 0;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            highBits |= (long) LITTLE_ENDIAN_LONGS.get(buffer, i);
        }
        for (; i < end; i++) {
            highBits |= buffer[i];
        }
        if ((highBits & HIGH_BITS) != 0) {
            lastWasValidUtf8 = isValidUtf8(buffer, offset, length);
            return new String(buffer, offset, length, UTF_8);
        }
        lastWasValidUtf8 = true;
        return length == 0 ? "" : new String(buffer, offset, length, ISO_8859_1);
    }

    private boolean middleEquals(int cachedOffset, int offset, int length) {
        return Arrays.equals(buffer, cachedOffset + Long.BYTES, cachedOffset + length - Long.BYTES,
                buffer, offset + Long.BYTES, offset + length - Long.BYTES);
    }

    /** Whether the bytes behind the last {@link #decode} result were well-formed UTF-8. */
    boolean lastWasValidUtf8() {
        return lastWasValidUtf8;
    }

    /**
     * Whether {@code bytes[offset, offset + length)} is well-formed UTF-8 (Unicode Table 3-7): no stray continuation
     * bytes, no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence. This is
     * the set protobuf's {@code ByteString.isValidUtf8()} accepts and the set Java's UTF-8 decoder reads without
     * substituting U+FFFD.
     */
    static boolean isValidUtf8(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xff;
            if (lead < 0xc2 || lead > 0xf4) {
                return false; // a continuation byte, an overlong 2-byte lead (C0, C1), or beyond U+10FFFF
            }
            int need = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
            if (end - i <= need) {
                return false;
            }
            int second = bytes[i + 1] & 0xff;
            int secondMin = 0x80;
            int secondMax = 0xbf;
            switch (lead) {
                case 0xe0 -> secondMin = 0xa0; // overlong 3-byte forms
                case 0xed -> secondMax = 0x9f; // surrogates
                case 0xf0 -> secondMin = 0x90; // overlong 4-byte forms
                case 0xf4 -> secondMax = 0x8f; // above U+10FFFF
                default -> { }
            }
            if (second < secondMin || second > secondMax) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
