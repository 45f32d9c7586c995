package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import static io.amphora.tsdb.chunkenc.HistogramCoding.NO_WINDOW;
import static java.util.Objects.requireNonNull;

import io.amphora.model.AmphoraException;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.BucketLayouts.Expansion;
import io.amphora.tsdb.chunkenc.BucketLayouts.Insert;
import io.amphora.tsdb.chunkenc.BucketLayouts.Merge;
import java.util.Arrays;
import java.util.List;

/**
 * An appendable chunk of float native histograms in Prometheus's float histogram encoding
 * ({@code EncFloatHistogram}, 3), byte-for-byte what Prometheus's {@code FloatHistogramChunk} produces for the same
 * appends; the layout is described in {@code tsdb/docs/format/chunks.md}.
 *
 * <p>The layout rules are those of {@link HistogramChunk}, with float counts compared as doubles. Where Prometheus's
 * float appender sets a different header than its integer one, this class follows the float appender: a chunk cut
 * because the histogram cannot continue this one is {@link CounterResetHeader#COUNTER_RESET} for a counter reset
 * and {@link CounterResetHeader#UNKNOWN} otherwise (a schema or zero-threshold change, a gauge chunk, a sample after
 * a stale marker), and {@link #start} with a previous chunk sets {@link CounterResetHeader#NOT_COUNTER_RESET}
 * whenever there was no counter reset.
 *
 * <p>Not thread-safe: callers serialise appends with each other and with {@link #iterator}. An iterator sees the
 * samples present when it was created and stays valid while more are appended, also across a re-encoding.
 */
public final class FloatHistogramChunk {
    /** Prometheus's {@code EncFloatHistogram}. */
    public static final int ENCODING = 3;
    public static final int MAX_SAMPLES = 0xFFFF;

    static final int COUNT = 0;
    static final int ZERO_COUNT = 1;
    static final int SUM = 2;
    /** XOR slots before the buckets': count, zero count, sum. */
    static final int FIXED_SLOTS = 3;

    private static final Span[] NO_SPANS = new Span[0];
    private static final double[] NO_VALUES = new double[0];
    private static final long SHALLOW_BYTES = 112;

    private BitWriter out;
    private int numSamples;

    private int schema;
    private double zeroThreshold;
    private Span[] positiveSpans = NO_SPANS;
    private Span[] negativeSpans = NO_SPANS;
    private double[] customValues = NO_VALUES;

    private long minTime;
    private long t;
    private long tDelta;
    /** Raw bits of count, zero count and sum, then of each positive and each negative bucket. */
    private long[] valueBits = new long[FIXED_SLOTS];
    private int[] leading = {NO_WINDOW, NO_WINDOW, NO_WINDOW};
    private int[] trailing = new int[FIXED_SLOTS];
    private int positiveCount;
    private int negativeCount;

    public FloatHistogramChunk() {
        this.out = new BitWriter(HistogramChunk.HEADER_BYTES);
    }

    /**
     * A chunk holding the samples of {@code data} (from {@link #bytes()} or Prometheus) that further samples can be
     * appended to as if all had been appended to one chunk. {@code data} is copied.
     *
     * @throws IllegalArgumentException if {@code data} does not decode or has non-zero or excess padding
     */
    public static FloatHistogramChunk fromBytes(byte[] data) {
        requireNonNull(data, "data is null");
        FloatHistogramIterator it = FloatHistogramIterator.of(data, null);
        try {
            while (it.next() == ValueType.FLOAT_HISTOGRAM) {
                // Decoding to the end leaves the iterator in the state the original appender was in.
            }
        } catch (AmphoraException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int end = it.bitPosition();
        ChunkPadding.check("float histogram chunk", data, end);
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.out = new BitWriter(data, end);
        it.restoreAppender(chunk);
        return chunk;
    }

    /** Called by {@link FloatHistogramIterator#restoreAppender}. */
    void restore(int numSamples, FloatHistogramIterator.State s) {
        this.numSamples = numSamples;
        if (numSamples == 0) {
            return;
        }
        schema = s.schema();
        zeroThreshold = s.zeroThreshold();
        positiveSpans = s.positiveSpans();
        negativeSpans = s.negativeSpans();
        customValues = s.customValues();
        minTime = s.minTime();
        t = s.t();
        tDelta = s.tDelta();
        valueBits = s.valueBits();
        leading = s.leading();
        trailing = s.trailing();
        positiveCount = s.positiveCount();
        negativeCount = valueBits.length - FIXED_SLOTS - positiveCount;
    }

    /**
     * A new chunk whose first sample is {@code h}; see the class comment and {@link HistogramChunk#start} for the
     * header.
     */
    public static FloatHistogramChunk start(long t, FloatHistogram h, FloatHistogramChunk previous) {
        Sample s = Sample.of(h);
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.appendSample(t, s);
        if (s.hint == CounterResetHint.GAUGE) {
            chunk.setHeader(CounterResetHeader.GAUGE);
        } else if (s.hint == CounterResetHint.COUNTER_RESET) {
            chunk.setHeader(CounterResetHeader.COUNTER_RESET);
        } else if (previous != null && previous.numSamples > 0) {
            chunk.setHeader(previous.appendable(s).counterReset()
                    ? CounterResetHeader.COUNTER_RESET : CounterResetHeader.NOT_COUNTER_RESET);
        }
        return chunk;
    }

    /**
     * Appends a float histogram, or starts the next chunk with it when Prometheus would.
     *
     * @return this chunk if the sample went into it (possibly after re-encoding), otherwise a new chunk holding only
     *     this sample
     * @throws IllegalArgumentException if {@code t} is not after the last timestamp or bucket counts do not match
     *     the spans
     * @throws IllegalStateException if the chunk is full
     */
    public FloatHistogramChunk append(long t, FloatHistogram h) {
        requireNonNull(h, "h is null");
        if (numSamples == MAX_SAMPLES) {
            throw new IllegalStateException("float histogram chunk is full: " + MAX_SAMPLES + " samples");
        }
        if (numSamples > 0 && t <= this.t) {
            throw new IllegalArgumentException("timestamp " + t + " is not after the chunk's last timestamp " + this.t);
        }
        Sample s = Sample.of(h);
        if (numSamples == 0) {
            appendSample(t, s);
            if (s.hint == CounterResetHint.GAUGE) {
                setHeader(CounterResetHeader.GAUGE);
            } else if (s.hint == CounterResetHint.COUNTER_RESET) {
                setHeader(CounterResetHeader.COUNTER_RESET);
            }
            return this;
        }
        if (s.hint != CounterResetHint.GAUGE) {
            Decision d = appendable(s);
            if (!d.ok()) {
                return cut(t, s, d.counterReset() ? CounterResetHeader.COUNTER_RESET : CounterResetHeader.UNKNOWN);
            }
            Expansion p = d.positive();
            Expansion n = d.negative();
            boolean forward = !p.forward().isEmpty() || !n.forward().isEmpty();
            if (!p.backward().isEmpty() || !n.backward().isEmpty()) {
                if (forward) {
                    s.positiveSpans = BucketLayouts.adjustForInserts(s.positiveSpans, p.backward());
                    s.negativeSpans = BucketLayouts.adjustForInserts(s.negativeSpans, n.backward());
                } else {
                    s.positiveSpans = positiveSpans.clone();
                    s.negativeSpans = negativeSpans.clone();
                }
                s.insertBuckets(p.backward(), n.backward());
            }
            if (forward) {
                recode(p.forward(), n.forward(), s.positiveSpans, s.negativeSpans);
            }
            appendSample(t, s);
            return this;
        }
        Merge[] g = appendableGauge(s);
        if (g == null) {
            return cut(t, s, CounterResetHeader.GAUGE);
        }
        if (g.length == 2) {
            if (!g[0].backward().isEmpty() || !g[1].backward().isEmpty()) {
                s.positiveSpans = g[0].mergedSpans();
                s.negativeSpans = g[1].mergedSpans();
                s.insertBuckets(g[0].backward(), g[1].backward());
            }
            if (!g[0].forward().isEmpty() || !g[1].forward().isEmpty()) {
                recode(g[0].forward(), g[1].forward(), s.positiveSpans, s.negativeSpans);
            }
        }
        appendSample(t, s);
        return this;
    }

    private static FloatHistogramChunk cut(long t, Sample s, CounterResetHeader header) {
        FloatHistogramChunk chunk = new FloatHistogramChunk();
        chunk.setHeader(header);
        chunk.appendSample(t, s);
        return chunk;
    }

    private record Decision(boolean ok, boolean counterReset, Expansion positive, Expansion negative) {}

    private static final Decision NOT_APPENDABLE = new Decision(false, false, null, null);
    private static final Decision RESET = new Decision(false, true, null, null);
    private static final Expansion NO_EXPANSION = new Expansion(List.of(), List.of());
    private static final Merge[] STALE_MERGE = new Merge[0];

    /** Prometheus's float {@code appendable}. */
    private Decision appendable(Sample s) {
        if (numSamples > 0 && header() == CounterResetHeader.GAUGE) {
            return NOT_APPENDABLE;
        }
        if (s.hint == CounterResetHint.COUNTER_RESET) {
            return RESET;
        }
        if (s.sumBits == StaleMarker.BITS) {
            return new Decision(true, false, NO_EXPANSION, NO_EXPANSION);
        }
        if (valueBits[SUM] == StaleMarker.BITS) {
            return NOT_APPENDABLE;
        }
        if (s.count < Double.longBitsToDouble(valueBits[COUNT])) {
            return RESET;
        }
        if (s.schema != schema || s.zeroThreshold != zeroThreshold) {
            return NOT_APPENDABLE;
        }
        if (s.schema == Histogram.CUSTOM_BUCKETS_SCHEMA && !HistogramChunk.boundsMatch(s.customValues, customValues)) {
            return RESET;
        }
        if (s.zeroCount < Double.longBitsToDouble(valueBits[ZERO_COUNT])) {
            return RESET;
        }
        Expansion p = BucketLayouts.expand(positiveSpans, s.positiveSpans, bucketValues(FIXED_SLOTS, positiveCount),
                s.positiveBuckets);
        if (p == null) {
            return RESET;
        }
        Expansion n = BucketLayouts.expand(negativeSpans, s.negativeSpans,
                bucketValues(FIXED_SLOTS + positiveCount, negativeCount), s.negativeBuckets);
        if (n == null) {
            return RESET;
        }
        return new Decision(true, false, p, n);
    }

    private double[] bucketValues(int from, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Double.longBitsToDouble(valueBits[from + i]);
        }
        return values;
    }

    /** Prometheus's float {@code appendableGauge}: null when not appendable, empty for a stale sample. */
    private Merge[] appendableGauge(Sample s) {
        if (numSamples > 0 && header() != CounterResetHeader.GAUGE) {
            return null;
        }
        if (s.sumBits == StaleMarker.BITS) {
            return STALE_MERGE;
        }
        if (valueBits[SUM] == StaleMarker.BITS) {
            return null;
        }
        if (s.schema != schema || s.zeroThreshold != zeroThreshold) {
            return null;
        }
        if (s.schema == Histogram.CUSTOM_BUCKETS_SCHEMA && !HistogramChunk.boundsMatch(s.customValues, customValues)) {
            return null;
        }
        return new Merge[] {BucketLayouts.merge(positiveSpans, s.positiveSpans), BucketLayouts.merge(negativeSpans, s.negativeSpans)};
    }

    /** Re-encodes every sample with the new spans and the forward inserts' buckets at 0, keeping the header. */
    private void recode(List<Insert> positiveInserts, List<Insert> negativeInserts, Span[] newPositive, Span[] newNegative) {
        int p = HistogramCoding.countBuckets(newPositive);
        int n = HistogramCoding.countBuckets(newNegative);
        CounterResetHeader header = header();
        FloatHistogramChunk recoded = new FloatHistogramChunk();
        FloatHistogramIterator it = iterator(null);
        while (it.next() == ValueType.FLOAT_HISTOGRAM) {
            Sample old = it.sample();
            if (old.sumBits != StaleMarker.BITS) {
                old.positiveSpans = newPositive;
                old.negativeSpans = newNegative;
                if (!positiveInserts.isEmpty()) {
                    old.positiveBuckets = BucketLayouts.insertAbsolute(old.positiveBuckets, p, positiveInserts);
                }
                if (!negativeInserts.isEmpty()) {
                    old.negativeBuckets = BucketLayouts.insertAbsolute(old.negativeBuckets, n, negativeInserts);
                }
            }
            recoded.appendSample(it.atT(), old);
        }
        recoded.setHeader(header);
        out = recoded.out;
        numSamples = recoded.numSamples;
        schema = recoded.schema;
        zeroThreshold = recoded.zeroThreshold;
        positiveSpans = recoded.positiveSpans;
        negativeSpans = recoded.negativeSpans;
        customValues = recoded.customValues;
        minTime = recoded.minTime;
        t = recoded.t;
        tDelta = recoded.tDelta;
        valueBits = recoded.valueBits;
        leading = recoded.leading;
        trailing = recoded.trailing;
        positiveCount = recoded.positiveCount;
        negativeCount = recoded.negativeCount;
    }

    /** Prometheus's {@code appendFloatHistogram}: encodes a sample whose layout matches the chunk's. */
    private void appendSample(long t, Sample s) {
        BitWriter w = out;
        long newTDelta = 0;
        if (numSamples == 0) {
            HistogramCoding.writeLayout(w, s.schema, s.zeroThreshold, s.positiveSpans, s.negativeSpans, s.customValues);
            schema = s.schema;
            zeroThreshold = s.zeroThreshold;
            positiveSpans = s.positiveSpans.clone();
            negativeSpans = s.negativeSpans.clone();
            customValues = s.customValues.clone();
            positiveCount = s.positiveBuckets.length;
            negativeCount = s.negativeBuckets.length;
            int slots = FIXED_SLOTS + positiveCount + negativeCount;
            valueBits = new long[slots];
            leading = new int[slots];
            Arrays.fill(leading, NO_WINDOW);
            trailing = new int[slots];
            HistogramCoding.putVarbitInt(w, t);
            valueBits[COUNT] = Double.doubleToRawLongBits(s.count);
            valueBits[ZERO_COUNT] = Double.doubleToRawLongBits(s.zeroCount);
            valueBits[SUM] = s.sumBits;
            w.write(valueBits[COUNT], 64);
            w.write(valueBits[ZERO_COUNT], 64);
            w.write(valueBits[SUM], 64);
            for (int i = 0; i < positiveCount; i++) {
                valueBits[FIXED_SLOTS + i] = Double.doubleToRawLongBits(s.positiveBuckets[i]);
                w.write(valueBits[FIXED_SLOTS + i], 64);
            }
            for (int i = 0; i < negativeCount; i++) {
                valueBits[FIXED_SLOTS + positiveCount + i] = Double.doubleToRawLongBits(s.negativeBuckets[i]);
                w.write(valueBits[FIXED_SLOTS + positiveCount + i], 64);
            }
            minTime = t;
        } else {
            newTDelta = t - this.t;
            HistogramCoding.putVarbitInt(w, newTDelta - tDelta);
            writeXor(w, COUNT, Double.doubleToRawLongBits(s.count));
            writeXor(w, ZERO_COUNT, Double.doubleToRawLongBits(s.zeroCount));
            writeXor(w, SUM, s.sumBits);
            for (int i = 0; i < s.positiveBuckets.length; i++) {
                writeXor(w, FIXED_SLOTS + i, Double.doubleToRawLongBits(s.positiveBuckets[i]));
            }
            for (int i = 0; i < s.negativeBuckets.length; i++) {
                writeXor(w, FIXED_SLOTS + positiveCount + i, Double.doubleToRawLongBits(s.negativeBuckets[i]));
            }
        }
        this.t = t;
        tDelta = newTDelta;
        numSamples++;
        byte[] buf = w.buffer();
        buf[0] = (byte) (numSamples >>> 8);
        buf[1] = (byte) numSamples;
    }

    private void writeXor(BitWriter w, int slot, long bits) {
        HistogramCoding.xorWrite(w, bits, valueBits[slot], leading, trailing, slot);
        valueBits[slot] = bits;
    }

    private void setHeader(CounterResetHeader header) {
        byte[] buf = out.buffer();
        buf[HistogramChunk.FLAGS_BYTE] = (byte) ((buf[HistogramChunk.FLAGS_BYTE] & ~CounterResetHeader.MASK) | header.bits());
    }

    public CounterResetHeader header() {
        return CounterResetHeader.ofFlags(out.buffer()[HistogramChunk.FLAGS_BYTE]);
    }

    public int numSamples() {
        return numSamples;
    }

    public long minTime() {
        checkNotEmpty();
        return minTime;
    }

    public long maxTime() {
        checkNotEmpty();
        return t;
    }

    private void checkNotEmpty() {
        if (numSamples == 0) {
            throw new IllegalStateException("float histogram chunk is empty");
        }
    }

    /** The serialised chunk: 2-byte big-endian sample count, the flags byte, then the bit stream. A fresh copy. */
    public byte[] bytes() {
        return out.bytes();
    }

    public int sizeBytes() {
        return out.length();
    }

    /** Estimated heap retained: the object, its buffer and the appender's per-bucket state. */
    public long heapBytes() {
        long arrays = 16L * 6 + 16L * valueBits.length + 24L * (positiveSpans.length + negativeSpans.length)
                + 8L * customValues.length;
        return SHALLOW_BYTES + ((16 + out.capacity() + 7) & ~7L) + arrays;
    }

    int bitLength() {
        return out.bitPosition();
    }

    /** Iterates the samples appended so far, reading the live buffer. {@code reuse}, when not null, is reset. */
    public FloatHistogramIterator iterator(FloatHistogramIterator reuse) {
        FloatHistogramIterator it = reuse != null ? reuse : new FloatHistogramIterator();
        it.reset(out.buffer(), out.bitPosition(), numSamples);
        return it;
    }

    /** A float histogram being appended, with fresh arrays the appender may widen; stale markers keep only the sum. */
    static final class Sample {
        CounterResetHint hint;
        int schema;
        double zeroThreshold;
        double zeroCount;
        double count;
        long sumBits;
        Span[] positiveSpans;
        Span[] negativeSpans;
        double[] positiveBuckets;
        double[] negativeBuckets;
        double[] customValues;

        static Sample of(FloatHistogram h) {
            Sample s = new Sample();
            s.hint = h.counterResetHint();
            s.sumBits = Double.doubleToRawLongBits(h.sum());
            if (s.sumBits == StaleMarker.BITS) {
                s.positiveSpans = NO_SPANS;
                s.negativeSpans = NO_SPANS;
                s.positiveBuckets = NO_VALUES;
                s.negativeBuckets = NO_VALUES;
                s.customValues = NO_VALUES;
                return s;
            }
            s.schema = h.schema();
            s.zeroThreshold = h.zeroThreshold();
            s.zeroCount = h.zeroCount();
            s.count = h.count();
            s.positiveSpans = h.positiveSpans().toArray(NO_SPANS);
            s.negativeSpans = h.negativeSpans().toArray(NO_SPANS);
            s.positiveBuckets = h.positiveBuckets();
            s.negativeBuckets = h.negativeBuckets();
            s.customValues = h.usesCustomBuckets() ? h.customValues() : NO_VALUES;
            HistogramChunk.Sample.checkBucketCount("positive", s.positiveSpans, s.positiveBuckets.length);
            HistogramChunk.Sample.checkBucketCount("negative", s.negativeSpans, s.negativeBuckets.length);
            return s;
        }

        void insertBuckets(List<Insert> positive, List<Insert> negative) {
            if (!positive.isEmpty()) {
                positiveBuckets = BucketLayouts.insertAbsolute(positiveBuckets, HistogramCoding.countBuckets(positiveSpans), positive);
            }
            if (!negative.isEmpty()) {
                negativeBuckets = BucketLayouts.insertAbsolute(negativeBuckets, HistogramCoding.countBuckets(negativeSpans), negative);
            }
        }
    }
}
