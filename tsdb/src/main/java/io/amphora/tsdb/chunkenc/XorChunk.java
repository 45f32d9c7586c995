package io.amphora.tsdb.chunkenc;

import static java.util.Objects.requireNonNull;

import io.amphora.model.AmphoraException;
import io.amphora.storage.ValueType;
import java.util.Arrays;

/**
 * An appendable chunk of float samples in Prometheus's XOR ("Gorilla") encoding, byte-for-byte what Prometheus's
 * {@code XORChunk} produces for the same samples; the layout is described in {@code tsdb/docs/format/chunks.md}.
 *
 * <p>The chunk is its serialised form plus the few fields an appender needs: {@link #bytes()} is a copy of a prefix
 * of the internal buffer, and {@link #fromBytes(byte[])} recovers those fields by decoding. Values are stored by their
 * raw IEEE-754 bits, so every double (NaN payloads such as the staleness marker, -0.0, infinities, subnormals) comes
 * back bit-identical. The buffer grows by half its size when full, starting small, so an open chunk of a typical
 * scraped series stays a few hundred bytes.
 *
 * <p>Not thread-safe: callers serialise appends with each other and with {@link #iterator(XorIterator)}. An iterator
 * sees the samples present when it was created and stays valid while more samples are appended.
 */
public final class XorChunk {
    /** Prometheus's {@code EncXOR}. */
    public static final int ENCODING = 1;
    /** The header is a 16-bit count. */
    public static final int MAX_SAMPLES = 0xFFFF;

    static final int HEADER_BYTES = 2;
    /** {@code leading} value meaning no XOR window has been written yet, so the next non-zero XOR opens one. */
    static final int NO_WINDOW = -1;

    private static final int INITIAL_CAPACITY = 32;
    /** Most bits one sample can take: a 10-byte uvarint delta, then 2 control + 5 + 6 + 64 value bits. */
    private static final int MAX_SAMPLE_BITS = 80 + 77;
    /**
     * Shallow size of this object on a 64-bit JVM with compressed references: 12-byte header, one array reference
     * (4), five ints (20), four longs (32) = 68, padded to a multiple of 8.
     */
    private static final long SHALLOW_BYTES = 72;
    private static final long ARRAY_HEADER_BYTES = 16;

    private byte[] buf;
    /** Bits in use, header included. Every bit at or after it is zero. */
    private int bitPos;
    /** What {@link #bytes()} returns; see {@link #lengthAfter}. */
    private int length;
    private int numSamples;
    private int leading = NO_WINDOW;
    private int trailing;

    private long minTime;
    private long lastT;
    private long lastValueBits;
    private long lastDelta;

    /** An empty chunk, ready to append. */
    public XorChunk() {
        this.buf = new byte[INITIAL_CAPACITY];
        this.bitPos = HEADER_BYTES * 8;
        this.length = HEADER_BYTES;
    }

    private XorChunk(byte[] buf, int length, int bitPos) {
        this.buf = buf;
        this.length = length;
        this.bitPos = bitPos;
    }

    /**
     * A chunk holding the samples of {@code data} (as returned by {@link #bytes()}, or a Prometheus XOR chunk's data)
     * that further samples can be appended to. Appending to the result produces the same bytes as appending all
     * samples to one chunk. {@code data} is copied.
     *
     * @throws IllegalArgumentException if {@code data} does not decode, or has anything but zero padding after the
     *     last sample (an appender ORs new bits into the padding, so stray bits would corrupt later samples)
     */
    public static XorChunk fromBytes(byte[] data) {
        requireNonNull(data, "data is null");
        XorIterator it = XorIterator.of(data, null);
        try {
            while (it.next() == ValueType.FLOAT) {
                // Decoding to the end leaves the iterator in the state the original appender was in.
            }
        } catch (AmphoraException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int end = it.bitPosition();
        ChunkPadding.check("xor chunk", data, end);
        XorChunk chunk = new XorChunk(Arrays.copyOf(data, data.length), data.length, end);
        chunk.numSamples = it.numSamples();
        if (chunk.numSamples > 0) {
            chunk.minTime = it.firstTimestamp();
            chunk.lastT = it.atT();
            chunk.lastValueBits = it.valueBits();
            chunk.lastDelta = it.timestampDelta();
            chunk.leading = it.windowLeading();
            chunk.trailing = it.windowTrailing();
        }
        return chunk;
    }

    public int numSamples() {
        return numSamples;
    }

    /**
     * Appends a sample. The caller guarantees {@code t} is greater than the previous sample's timestamp.
     *
     * @throws IllegalArgumentException if {@code t} is not after the last timestamp
     * @throws IllegalStateException if the chunk already holds {@link #MAX_SAMPLES} samples
     */
    public void append(long t, double v) {
        int n = numSamples;
        if (n == MAX_SAMPLES) {
            throw new IllegalStateException("xor chunk is full: " + MAX_SAMPLES + " samples");
        }
        if (n > 0 && t <= lastT) {
            throw new IllegalArgumentException("timestamp " + t + " is not after the chunk's last timestamp " + lastT);
        }
        ensureCapacity(((bitPos + MAX_SAMPLE_BITS + 7) >>> 3) + 1);
        long bits = Double.doubleToRawLongBits(v);
        int lastWrite;
        if (n == 0) {
            writeUvarint((t << 1) ^ (t >> 63));
            put(bits, 64);
            lastWrite = 64;
            minTime = t;
        } else {
            long delta = t - lastT;
            if (n == 1) {
                writeUvarint(delta);
            } else {
                writeDeltaOfDelta(delta - lastDelta);
            }
            lastWrite = writeValue(bits);
            lastDelta = delta;
        }
        length = lengthAfter(bitPos, lastWrite);
        lastT = t;
        lastValueBits = bits;
        numSamples = n + 1;
        buf[0] = (byte) (numSamples >>> 8);
        buf[1] = (byte) numSamples;
    }

    /**
     * Prometheus's bit writer appends whole bytes for each group of 8 bits a write contains and single bits for the
     * rest; a whole-byte write always leaves a fresh (possibly still empty) byte at the end. So when the last write
     * of a sample was a multiple of 8 bits the length is {@code floor(bits / 8) + 1}: one byte more than the bits
     * round up to if they end on a byte boundary. That matters for byte equality and for the sizes Prometheus
     * reports.
     */
    private static int lengthAfter(int bitPos, int lastWriteBits) {
        return lastWriteBits % 8 == 0 ? (bitPos >>> 3) + 1 : (bitPos + 7) >>> 3;
    }

    private void writeUvarint(long u) {
        while ((u & ~0x7FL) != 0) {
            put((u & 0x7F) | 0x80, 8);
            u >>>= 7;
        }
        put(u, 8);
    }

    /** Buckets as {@link XorIterator} reads them; the prefix and payload go out in one write. */
    private void writeDeltaOfDelta(long dod) {
        if (dod == 0) {
            put(0, 1);
        } else if (dod >= -((1L << 13) - 1) && dod <= 1L << 13) {
            put((0b10L << 14) | (dod & 0x3FFF), 16);
        } else if (dod >= -((1L << 16) - 1) && dod <= 1L << 16) {
            put((0b110L << 17) | (dod & 0x1FFFF), 20);
        } else if (dod >= -((1L << 19) - 1) && dod <= 1L << 19) {
            put((0b1110L << 20) | (dod & 0xFFFFF), 24);
        } else {
            put(0b1111, 4);
            put(dod, 64);
        }
    }

    /**
     * Writes the value as its XOR with the previous one and returns the bit count of the write Prometheus would make
     * last for it (its significant bits, or 1 for an unchanged value), which decides {@link #lengthAfter}.
     */
    private int writeValue(long bits) {
        long xor = bits ^ lastValueBits;
        if (xor == 0) {
            put(0, 1);
            return 1;
        }
        // The 5-bit field cannot say 32 or more; a window with fewer leading zeros than there are still decodes.
        int newLeading = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int newTrailing = Long.numberOfTrailingZeros(xor);
        if (leading != NO_WINDOW && newLeading >= leading && newTrailing >= trailing) {
            int significant = 64 - leading - trailing;
            // The XOR has no bits outside the window, so control bits and payload can share one write.
            if (significant <= 62) {
                put((0b10L << significant) | (xor >>> trailing), significant + 2);
            } else {
                put(0b10, 2);
                put(xor >>> trailing, significant);
            }
            return significant;
        }
        leading = newLeading;
        trailing = newTrailing;
        int significant = 64 - newLeading - newTrailing;
        // 64 significant bits do not fit in 6 bits and are written as 0, which never occurs otherwise.
        long header = (0b11L << 11) | ((long) newLeading << 6) | (significant & 0x3F);
        if (significant <= 51) {
            put((header << significant) | (xor >>> newTrailing), significant + 13);
        } else {
            put(header, 13);
            put(xor >>> newTrailing, significant);
        }
        return significant;
    }

    private void put(long bits, int n) {
        BitStream.write(buf, bitPos, bits, n);
        bitPos += n;
    }

    private void ensureCapacity(int bytes) {
        if (buf.length < bytes) {
            buf = Arrays.copyOf(buf, Math.max(bytes, buf.length + (buf.length >> 1)));
        }
    }

    /** Timestamp of the first sample; only valid when {@link #numSamples()} is positive. */
    public long minTime() {
        checkNotEmpty();
        return minTime;
    }

    /** Timestamp of the last sample; only valid when {@link #numSamples()} is positive. */
    public long maxTime() {
        checkNotEmpty();
        return lastT;
    }

    private void checkNotEmpty() {
        if (numSamples == 0) {
            throw new IllegalStateException("xor chunk is empty");
        }
    }

    /** The serialised chunk: a 2-byte big-endian sample count, then the bit stream. A fresh copy of exact length. */
    public byte[] bytes() {
        return Arrays.copyOf(buf, length);
    }

    /** The length of {@link #bytes()}. */
    public int sizeBytes() {
        return length;
    }

    /** Estimated heap retained by this chunk: the object and its buffer, including unused capacity. */
    public long heapBytes() {
        return SHALLOW_BYTES + ((ARRAY_HEADER_BYTES + buf.length + 7) & ~7L);
    }

    /** Bits used so far, header included; for tests that pin how many bits an encoding takes. */
    int bitLength() {
        return bitPos;
    }

    /**
     * Iterates the samples appended so far, reading the live buffer without copying. {@code reuse}, when not null, is
     * reset and returned.
     */
    public XorIterator iterator(XorIterator reuse) {
        XorIterator it = reuse != null ? reuse : new XorIterator();
        it.reset(buf, bitPos, numSamples, HEADER_BYTES * 8);
        return it;
    }
}
