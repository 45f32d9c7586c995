package io.amphora.tsdb.chunkenc;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import static java.util.Objects.requireNonNull;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;

/**
 * Decodes an XOR chunk (layout: {@code tsdb/docs/format/chunks.md}) one sample at a time, without allocating.
 *
 * <p>Follows the {@link SampleIterator} contract. Malformed input — a header shorter than two bytes, a bit stream
 * that ends before the sample count says it should, a varint longer than 64 bits, an impossible leading/significant
 * bit combination, or timestamps that do not strictly increase — makes {@link #next()} and {@link #seek(long)} throw
 * {@link AmphoraException} with {@link ErrorCode#CORRUPT_DATA}, on that call and on every later one. Bytes after the
 * last sample are ignored, as Prometheus ignores them. Not thread-safe; an instance may be reset and reused through
 * {@link #of(byte[], XorIterator)} or {@link XorChunk#iterator(XorIterator)}.
 */
public final class XorIterator implements SampleIterator {
    private static final byte[] NO_DATA = new byte[0];
    /** Bit positions are {@code int}s; a valid chunk is far smaller (65535 samples of at most 157 bits each). */
    private static final int MAX_BITS = Integer.MAX_VALUE & ~7;

    private byte[] data = NO_DATA;
    private int pos;
    private int endBits;
    private int numTotal;
    private int numRead;
    private boolean exhausted;
    private String failure;

    private long t;
    private long valueBits;
    private long delta;
    private int leading;
    private int trailing;
    private boolean windowSeen;
    private long firstT;

    XorIterator() {}

    /**
     * An iterator over serialised chunk bytes (from {@link XorChunk#bytes()} or written by Prometheus). The array is
     * read in place and must not change while iterating. {@code reuse}, when not null, is reset and returned.
     */
    public static XorIterator of(byte[] data, XorIterator reuse) {
        requireNonNull(data, "data is null");
        XorIterator it = reuse != null ? reuse : new XorIterator();
        if (data.length < XorChunk.HEADER_BYTES) {
            it.reset(data, 0, 0, 0);
            it.failure = "xor chunk has " + data.length + " bytes, fewer than its 2-byte sample count header";
            return it;
        }
        int count = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        it.reset(data, (int) Math.min((long) data.length * 8, MAX_BITS), count, XorChunk.HEADER_BYTES * 8);
        return it;
    }

    /**
     * Positions this iterator before the first of {@code numTotal} samples encoded in {@code data} from bit
     * {@code startBit} up to bit {@code endBits}.
     */
    void reset(byte[] data, int endBits, int numTotal, int startBit) {
        this.data = data;
        this.endBits = endBits;
        this.numTotal = numTotal;
        this.pos = startBit;
        this.numRead = 0;
        this.exhausted = false;
        this.failure = null;
        this.t = 0;
        this.valueBits = 0;
        this.delta = 0;
        this.leading = 0;
        this.trailing = 0;
        this.windowSeen = false;
        this.firstT = 0;
    }

    @Override
    public ValueType next() {
        if (failure != null) {
            throw new AmphoraException(ErrorCode.CORRUPT_DATA, failure);
        }
        if (numRead == numTotal) {
            exhausted = true;
            return ValueType.NONE;
        }
        if (numRead == 0) {
            t = zigZagDecode(readUvarint());
            firstT = t;
            valueBits = readBits(64);
        } else {
            long previous = t;
            if (numRead == 1) {
                delta = readUvarint();
            } else {
                delta += readDeltaOfDelta();
            }
            t = previous + delta;
            if (t <= previous) {
                throw corrupt("timestamp " + t + " of sample " + numRead + " is not after " + previous);
            }
            readValue();
        }
        numRead++;
        return ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long target) {
        if (failure != null) {
            throw new AmphoraException(ErrorCode.CORRUPT_DATA, failure);
        }
        if (exhausted) {
            return ValueType.NONE;
        }
        if (numRead > 0 && t >= target) {
            return ValueType.FLOAT;
        }
        while (next() == ValueType.FLOAT) {
            if (t >= target) {
                return ValueType.FLOAT;
            }
        }
        return ValueType.NONE;
    }

    @Override
    public long atT() {
        return t;
    }

    /** The XOR chunk format keeps no start timestamps (neither does the tsdb yet), so always 0, "unknown". */
    @Override
    public long atStartTimestamp() {
        return 0;
    }

    @Override
    public double atValue() {
        return Double.longBitsToDouble(valueBits);
    }

    /** @throws IllegalStateException always: XOR chunks hold float samples only */
    @Override
    public Histogram atHistogram() {
        throw new IllegalStateException("an XOR chunk holds float samples only");
    }

    /** @throws IllegalStateException always: XOR chunks hold float samples only */
    @Override
    public FloatHistogram atFloatHistogram() {
        throw new IllegalStateException("an XOR chunk holds float samples only");
    }

    /**
     * The sample count from the header (for a chunk's own iterator: the samples present when it was created). Equals
     * the number of samples {@code next} returns when the data is well-formed.
     */
    public int numSamples() {
        return numTotal;
    }

    // Decoder state that XorChunk.fromBytes needs to resume appending exactly where the original writer stopped.

    int bitPosition() {
        return pos;
    }

    long firstTimestamp() {
        return firstT;
    }

    long valueBits() {
        return valueBits;
    }

    long timestampDelta() {
        return delta;
    }

    /** The leading-zero count of the current XOR window, or {@link XorChunk#NO_WINDOW} if no window was written yet. */
    int windowLeading() {
        return windowSeen ? leading : XorChunk.NO_WINDOW;
    }

    int windowTrailing() {
        return windowSeen ? trailing : 0;
    }

    /**
     * Reads one delta-of-delta: {@code 0} is zero; {@code 10}, {@code 110} and {@code 1110} are followed by 14, 17 and
     * 20 bits holding the value in the range {@code [-(2^(n-1) - 1), 2^(n-1)]}; {@code 1111} by the raw 64 bits.
     */
    private long readDeltaOfDelta() {
        long word = BitStream.peek(data, pos);
        int ones = Long.numberOfLeadingZeros(~word);
        switch (ones) {
            case 0 -> {
                consume(1);
                return 0;
            }
            case 1 -> {
                consume(16);
                return signed((word << 2) >>> 50, 14);
            }
            case 2 -> {
                consume(20);
                return signed((word << 3) >>> 47, 17);
            }
            case 3 -> {
                consume(24);
                return signed((word << 4) >>> 44, 20);
            }
            default -> {
                consume(4);
                return readBits(64);
            }
        }
    }

    /**
     * Undoes the two's-complement truncation of an n-bit bucket. Values above {@code 2^(n-1)} are negative;
     * {@code 2^(n-1)} itself is positive, which is why the buckets reach one further up than down.
     */
    private static long signed(long bits, int n) {
        return bits > (1L << (n - 1)) ? bits - (1L << n) : bits;
    }

    private void readValue() {
        long word = BitStream.peek(data, pos);
        if (word >= 0) {
            consume(1);
            return;
        }
        // The payload comes from the word already read when control bits and payload fit in its 64 bits.
        if ((word << 1) >= 0) {
            int significant = 64 - leading - trailing;
            if (significant <= 62) {
                consume(2 + significant);
                valueBits ^= ((word << 2) >>> (64 - significant)) << trailing;
            } else {
                consume(2);
                valueBits ^= readBits(significant) << trailing;
            }
            return;
        }
        consume(13);
        int newLeading = (int) ((word >>> 57) & 0x1F);
        int significant = (int) ((word >>> 51) & 0x3F);
        if (significant == 0) {
            significant = 64;
        }
        int newTrailing = 64 - newLeading - significant;
        if (newTrailing < 0) {
            throw corrupt("value of sample " + numRead + " has " + newLeading + " leading zeros and " + significant
                    + " significant bits, more than 64");
        }
        if (significant <= 51) {
            consume(significant);
            valueBits ^= ((word << 13) >>> (64 - significant)) << newTrailing;
        } else {
            valueBits ^= readBits(significant) << newTrailing;
        }
        leading = newLeading;
        trailing = newTrailing;
        windowSeen = true;
    }

    /** Go's {@code binary.ReadUvarint} over the bit stream: up to 10 groups of 7 bits, low groups first. */
    private long readUvarint() {
        long result = 0;
        for (int i = 0, shift = 0; i < 10; i++, shift += 7) {
            long b = readBits(8);
            if (b < 0x80) {
                if (i == 9 && b > 1) {
                    break;
                }
                return result | (b << shift);
            }
            result |= (b & 0x7F) << shift;
        }
        throw corrupt("timestamp varint of sample " + numRead + " overflows 64 bits");
    }

    private static long zigZagDecode(long u) {
        return (u >>> 1) ^ -(u & 1);
    }

    /** The next {@code n} bits (1 ≤ n ≤ 64) as the low bits of the result. */
    private long readBits(int n) {
        long word = BitStream.peek(data, pos);
        consume(n);
        return n == 64 ? word : word >>> (64 - n);
    }

    private void consume(int n) {
        if (endBits - pos < n) {
            throw corrupt("truncated: sample " + numRead + " of " + numTotal + " needs " + n + " bits at bit " + pos
                    + " but the stream ends at bit " + endBits);
        }
        pos += n;
    }

    private AmphoraException corrupt(String detail) {
        failure = "corrupt xor chunk: " + detail;
        return new AmphoraException(ErrorCode.CORRUPT_DATA, failure);
    }
}
