package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import static io.amphora.tsdb.chunkenc.HistogramCoding.NO_WINDOW;
import static java.util.Objects.requireNonNull;

import io.amphora.model.AmphoraException;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.BucketLayouts.Expansion;
import io.amphora.tsdb.chunkenc.BucketLayouts.Insert;
import io.amphora.tsdb.chunkenc.BucketLayouts.Merge;
import java.util.List;

/**
 * An appendable chunk of integer native histograms in Prometheus's histogram encoding ({@code EncHistogram}, 2),
 * byte-for-byte what Prometheus's {@code HistogramChunk} produces for the same appends; the layout is described in
 * {@code tsdb/docs/format/chunks.md}.
 *
 * <p>The first sample of a chunk fixes its bucket layout. {@link #append} then decides as Prometheus 3's appender
 * does: a histogram with the same layout, or with buckets added, goes into this chunk (re-encoding the chunk with
 * the new buckets empty when needed; a histogram lacking buckets that are empty in the chunk gets them inserted);
 * a counter reset (a count, the zero count or any bucket decreased, a used bucket disappeared, changed custom
 * bounds, or an explicit {@link CounterResetHint#COUNTER_RESET} hint), a schema or zero-threshold change, a
 * non-stale sample after a stale marker, or a switch between gauge and counter histograms starts a new chunk whose
 * {@link CounterResetHeader} records why. Gauge histograms ({@link CounterResetHint#GAUGE}) may also lose buckets:
 * the chunk and the histogram are both widened to the union of their layouts. A staleness marker (sum with the
 * bits {@code 0x7FF0000000000002}) is stored as the sum alone.
 *
 * <p>Not thread-safe: callers serialise appends with each other and with {@link #iterator}. An iterator sees the
 * samples present when it was created and stays valid while more are appended, also across a re-encoding.
 */
public final class HistogramChunk {
    /** Prometheus's {@code EncHistogram}. */
    public static final int ENCODING = 2;
    /** The header's sample count is 16 bits. */
    public static final int MAX_SAMPLES = 0xFFFF;

    static final int HEADER_BYTES = 3;
    static final int FLAGS_BYTE = 2;
    private static final Span[] NO_SPANS = new Span[0];
    private static final long[] NO_BUCKETS = new long[0];
    private static final double[] NO_VALUES = new double[0];
    private static final long SHALLOW_BYTES = 128;

    private BitWriter out;
    private int numSamples;

    private int schema;
    private double zeroThreshold;
    private Span[] positiveSpans = NO_SPANS;
    private Span[] negativeSpans = NO_SPANS;
    private double[] customValues = NO_VALUES;

    private long minTime;
    private long t;
    private long count;
    private long zeroCount;
    private long tDelta;
    private long countDelta;
    private long zeroCountDelta;
    /** The last sample's delta-encoded buckets, and per bucket the change of that delta since the sample before. */
    private long[] positiveBuckets = NO_BUCKETS;
    private long[] negativeBuckets = NO_BUCKETS;
    private long[] positiveBucketDeltas = NO_BUCKETS;
    private long[] negativeBucketDeltas = NO_BUCKETS;
    private long sumBits;
    private final int[] leading = {NO_WINDOW};
    private final int[] trailing = {0};

    /** An empty chunk with an {@link CounterResetHeader#UNKNOWN} header. */
    public HistogramChunk() {
        this.out = new BitWriter(HEADER_BYTES);
    }

    /**
     * A chunk holding the samples of {@code data} (as returned by {@link #bytes()}, or a Prometheus histogram chunk's
     * data) that further samples can be appended to as if they had all been appended to one chunk. {@code data} is
     * copied.
     *
     * @throws IllegalArgumentException if {@code data} does not decode, or has anything but zero padding after the
     *     last sample
     */
    public static HistogramChunk fromBytes(byte[] data) {
        requireNonNull(data, "data is null");
        HistogramIterator it = HistogramIterator.of(data, null);
        try {
            while (it.next() == ValueType.HISTOGRAM) {
                // Decoding to the end leaves the iterator in the state the original appender was in.
            }
        } catch (AmphoraException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int end = it.bitPosition();
        ChunkPadding.check("histogram chunk", data, end);
        HistogramChunk chunk = new HistogramChunk();
        chunk.out = new BitWriter(data, end);
        it.restoreAppender(chunk);
        return chunk;
    }

    /** Called by {@link HistogramIterator#restoreAppender}. */
    void restore(int numSamples, HistogramIterator.State s) {
        this.numSamples = numSamples;
        if (numSamples == 0) {
            return;
        }
        this.schema = s.schema();
        this.zeroThreshold = s.zeroThreshold();
        this.positiveSpans = s.positiveSpans();
        this.negativeSpans = s.negativeSpans();
        this.customValues = s.customValues();
        this.minTime = s.minTime();
        this.t = s.t();
        this.count = s.count();
        this.zeroCount = s.zeroCount();
        this.tDelta = s.tDelta();
        this.countDelta = s.countDelta();
        this.zeroCountDelta = s.zeroCountDelta();
        this.positiveBuckets = s.positiveBuckets();
        this.negativeBuckets = s.negativeBuckets();
        this.positiveBucketDeltas = s.positiveBucketDeltas();
        this.negativeBucketDeltas = s.negativeBucketDeltas();
        this.sumBits = s.sumBits();
        this.leading[0] = s.leading();
        this.trailing[0] = s.trailing();
    }

    /**
     * A new chunk whose first sample is {@code h}. Its header comes from the sample's hint ({@link
     * CounterResetHint#GAUGE} or {@link CounterResetHint#COUNTER_RESET}); otherwise, when {@code previous} (the
     * series' chunk before, which the caller closes for its size or time range) is a non-empty histogram chunk, from
     * whether {@code h} could have continued it, exactly as Prometheus decides; else it is {@link
     * CounterResetHeader#UNKNOWN}.
     */
    public static HistogramChunk start(long t, Histogram h, HistogramChunk previous) {
        Sample s = Sample.of(h);
        HistogramChunk chunk = new HistogramChunk();
        chunk.appendSample(t, s);
        if (s.hint == CounterResetHint.GAUGE) {
            chunk.setHeader(CounterResetHeader.GAUGE);
        } else if (s.hint == CounterResetHint.COUNTER_RESET) {
            chunk.setHeader(CounterResetHeader.COUNTER_RESET);
        } else if (previous != null && previous.numSamples > 0) {
            chunk.setHeader(previous.appendable(s).header());
        }
        return chunk;
    }

    /**
     * Appends a histogram, or starts the next chunk with it when Prometheus would (see the class comment).
     *
     * @return this chunk if the sample went into it (possibly after re-encoding its earlier samples), otherwise a new
     *     chunk holding only this sample, which the caller continues with while this one stays as it was
     * @throws IllegalArgumentException if {@code t} is not after the chunk's last timestamp, or a side's bucket count
     *     differs from what its spans describe
     * @throws IllegalStateException if the chunk already holds {@link #MAX_SAMPLES} samples
     */
    public HistogramChunk append(long t, Histogram h) {
        requireNonNull(h, "h is null");
        if (numSamples == MAX_SAMPLES) {
            throw new IllegalStateException("histogram chunk is full: " + MAX_SAMPLES + " samples");
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
                return cut(t, s, d.header());
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
        GaugeDecision g = appendableGauge(s);
        if (g == null) {
            return cut(t, s, CounterResetHeader.GAUGE);
        }
        if (g.positive() != null) {
            Merge p = g.positive();
            Merge n = g.negative();
            if (!p.backward().isEmpty() || !n.backward().isEmpty()) {
                s.positiveSpans = p.mergedSpans();
                s.negativeSpans = n.mergedSpans();
                s.insertBuckets(p.backward(), n.backward());
            }
            if (!p.forward().isEmpty() || !n.forward().isEmpty()) {
                recode(p.forward(), n.forward(), s.positiveSpans, s.negativeSpans);
            }
        }
        appendSample(t, s);
        return this;
    }

    private static HistogramChunk cut(long t, Sample s, CounterResetHeader header) {
        HistogramChunk chunk = new HistogramChunk();
        chunk.setHeader(header);
        chunk.appendSample(t, s);
        return chunk;
    }

    /** Outcome of Prometheus's {@code appendable}: expansions are null unless {@code ok}. */
    private record Decision(boolean ok, CounterResetHeader header, Expansion positive, Expansion negative) {}

    /** Outcome of {@code appendableGauge} when appendable; merges are null for a stale sample. */
    private record GaugeDecision(Merge positive, Merge negative) {}

    private static final Decision NOT_APPENDABLE_GAUGE_CHUNK = new Decision(false, CounterResetHeader.NOT_COUNTER_RESET, null, null);
    private static final Decision RESET = new Decision(false, CounterResetHeader.COUNTER_RESET, null, null);
    private static final Decision UNKNOWN = new Decision(false, CounterResetHeader.UNKNOWN, null, null);
    private static final Expansion NO_EXPANSION = new Expansion(List.of(), List.of());

    /** Whether a counter histogram can continue this chunk, and if not, the header of the chunk it starts. */
    private Decision appendable(Sample s) {
        if (numSamples > 0 && header() == CounterResetHeader.GAUGE) {
            return NOT_APPENDABLE_GAUGE_CHUNK;
        }
        if (s.hint == CounterResetHint.COUNTER_RESET) {
            return RESET;
        }
        if (s.sumBits == StaleMarker.BITS) {
            return new Decision(true, CounterResetHeader.NOT_COUNTER_RESET, NO_EXPANSION, NO_EXPANSION);
        }
        if (sumBits == StaleMarker.BITS) {
            return UNKNOWN;
        }
        if (Long.compareUnsigned(s.count, count) < 0) {
            return RESET;
        }
        if (s.schema != schema || s.zeroThreshold != zeroThreshold) {
            return UNKNOWN;
        }
        if (s.schema == Histogram.CUSTOM_BUCKETS_SCHEMA && !boundsMatch(s.customValues, customValues)) {
            return RESET;
        }
        if (Long.compareUnsigned(s.zeroCount, zeroCount) < 0) {
            return RESET;
        }
        Expansion p = BucketLayouts.expand(positiveSpans, s.positiveSpans, positiveBuckets, s.positiveBuckets);
        if (p == null) {
            return RESET;
        }
        Expansion n = BucketLayouts.expand(negativeSpans, s.negativeSpans, negativeBuckets, s.negativeBuckets);
        if (n == null) {
            return RESET;
        }
        return new Decision(true, CounterResetHeader.NOT_COUNTER_RESET, p, n);
    }

    /** Prometheus's {@code appendableGauge}: null when a gauge histogram must start a new chunk. */
    private GaugeDecision appendableGauge(Sample s) {
        if (numSamples > 0 && header() != CounterResetHeader.GAUGE) {
            return null;
        }
        if (s.sumBits == StaleMarker.BITS) {
            return new GaugeDecision(null, null);
        }
        if (sumBits == StaleMarker.BITS) {
            return null;
        }
        if (s.schema != schema || s.zeroThreshold != zeroThreshold) {
            return null;
        }
        if (s.schema == Histogram.CUSTOM_BUCKETS_SCHEMA && !boundsMatch(s.customValues, customValues)) {
            return null;
        }
        return new GaugeDecision(BucketLayouts.merge(positiveSpans, s.positiveSpans),
                BucketLayouts.merge(negativeSpans, s.negativeSpans));
    }

    /** Prometheus's {@code CustomBucketBoundsMatch}: same length and {@code ==} element by element. */
    static boolean boundsMatch(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Re-encodes every sample of this chunk with the new spans, the forward inserts' buckets empty, keeping the
     * header. The old buffer is left untouched for iterators still reading it.
     */
    private void recode(List<Insert> positiveInserts, List<Insert> negativeInserts, Span[] newPositive, Span[] newNegative) {
        int positiveCount = HistogramCoding.countBuckets(newPositive);
        int negativeCount = HistogramCoding.countBuckets(newNegative);
        CounterResetHeader header = header();
        HistogramChunk recoded = new HistogramChunk();
        HistogramIterator it = iterator(null);
        while (it.next() == ValueType.HISTOGRAM) {
            Sample old = it.sample();
            if (old.sumBits != StaleMarker.BITS) {
                old.positiveSpans = newPositive;
                old.negativeSpans = newNegative;
                if (!positiveInserts.isEmpty()) {
                    old.positiveBuckets = BucketLayouts.insertDeltas(old.positiveBuckets, positiveCount, positiveInserts);
                }
                if (!negativeInserts.isEmpty()) {
                    old.negativeBuckets = BucketLayouts.insertDeltas(old.negativeBuckets, negativeCount, negativeInserts);
                }
            }
            recoded.appendSample(it.atT(), old);
        }
        recoded.setHeader(header);
        copyFrom(recoded);
    }

    private void copyFrom(HistogramChunk o) {
        out = o.out;
        numSamples = o.numSamples;
        schema = o.schema;
        zeroThreshold = o.zeroThreshold;
        positiveSpans = o.positiveSpans;
        negativeSpans = o.negativeSpans;
        customValues = o.customValues;
        minTime = o.minTime;
        t = o.t;
        count = o.count;
        zeroCount = o.zeroCount;
        tDelta = o.tDelta;
        countDelta = o.countDelta;
        zeroCountDelta = o.zeroCountDelta;
        positiveBuckets = o.positiveBuckets;
        negativeBuckets = o.negativeBuckets;
        positiveBucketDeltas = o.positiveBucketDeltas;
        negativeBucketDeltas = o.negativeBucketDeltas;
        sumBits = o.sumBits;
        leading[0] = o.leading[0];
        trailing[0] = o.trailing[0];
    }

    /**
     * Prometheus's {@code appendHistogram}: encodes a sample whose layout matches the chunk's (the first sample
     * writes the layout). Stale samples were reduced to their sum by {@link Sample#of}.
     */
    private void appendSample(long t, Sample s) {
        BitWriter w = out;
        long newTDelta = 0;
        long newCountDelta = 0;
        long newZeroCountDelta = 0;
        if (numSamples == 0) {
            HistogramCoding.writeLayout(w, s.schema, s.zeroThreshold, s.positiveSpans, s.negativeSpans, s.customValues);
            schema = s.schema;
            zeroThreshold = s.zeroThreshold;
            positiveSpans = s.positiveSpans.clone();
            negativeSpans = s.negativeSpans.clone();
            customValues = s.customValues.clone();
            positiveBuckets = new long[s.positiveBuckets.length];
            negativeBuckets = new long[s.negativeBuckets.length];
            positiveBucketDeltas = new long[s.positiveBuckets.length];
            negativeBucketDeltas = new long[s.negativeBuckets.length];
            HistogramCoding.putVarbitInt(w, t);
            HistogramCoding.putVarbitUint(w, s.count);
            HistogramCoding.putVarbitUint(w, s.zeroCount);
            w.write(s.sumBits, 64);
            for (long b : s.positiveBuckets) {
                HistogramCoding.putVarbitInt(w, b);
            }
            for (long b : s.negativeBuckets) {
                HistogramCoding.putVarbitInt(w, b);
            }
            minTime = t;
        } else {
            newTDelta = t - this.t;
            newCountDelta = s.count - count;
            newZeroCountDelta = s.zeroCount - zeroCount;
            long countDod = newCountDelta - countDelta;
            long zeroCountDod = newZeroCountDelta - zeroCountDelta;
            if (s.sumBits == StaleMarker.BITS) {
                countDod = 0;
                zeroCountDod = 0;
            }
            HistogramCoding.putVarbitInt(w, newTDelta - tDelta);
            HistogramCoding.putVarbitInt(w, countDod);
            HistogramCoding.putVarbitInt(w, zeroCountDod);
            HistogramCoding.xorWrite(w, s.sumBits, sumBits, leading, trailing, 0);
            for (int i = 0; i < s.positiveBuckets.length; i++) {
                long delta = s.positiveBuckets[i] - positiveBuckets[i];
                HistogramCoding.putVarbitInt(w, delta - positiveBucketDeltas[i]);
                positiveBucketDeltas[i] = delta;
            }
            for (int i = 0; i < s.negativeBuckets.length; i++) {
                long delta = s.negativeBuckets[i] - negativeBuckets[i];
                HistogramCoding.putVarbitInt(w, delta - negativeBucketDeltas[i]);
                negativeBucketDeltas[i] = delta;
            }
        }
        this.t = t;
        count = s.count;
        zeroCount = s.zeroCount;
        tDelta = newTDelta;
        countDelta = newCountDelta;
        zeroCountDelta = newZeroCountDelta;
        System.arraycopy(s.positiveBuckets, 0, positiveBuckets, 0, s.positiveBuckets.length);
        System.arraycopy(s.negativeBuckets, 0, negativeBuckets, 0, s.negativeBuckets.length);
        sumBits = s.sumBits;
        numSamples++;
        byte[] buf = w.buffer();
        buf[0] = (byte) (numSamples >>> 8);
        buf[1] = (byte) numSamples;
    }

    private void setHeader(CounterResetHeader header) {
        byte[] buf = out.buffer();
        buf[FLAGS_BYTE] = (byte) ((buf[FLAGS_BYTE] & ~CounterResetHeader.MASK) | header.bits());
    }

    public CounterResetHeader header() {
        return CounterResetHeader.ofFlags(out.buffer()[FLAGS_BYTE]);
    }

    public int numSamples() {
        return numSamples;
    }

    /** Timestamp of the first sample; only valid when {@link #numSamples()} is positive. */
    public long minTime() {
        checkNotEmpty();
        return minTime;
    }

    /** Timestamp of the last sample; only valid when {@link #numSamples()} is positive. */
    public long maxTime() {
        checkNotEmpty();
        return t;
    }

    private void checkNotEmpty() {
        if (numSamples == 0) {
            throw new IllegalStateException("histogram chunk is empty");
        }
    }

    /** The serialised chunk: 2-byte big-endian sample count, the flags byte, then the bit stream. A fresh copy. */
    public byte[] bytes() {
        return out.bytes();
    }

    public int sizeBytes() {
        return out.length();
    }

    /** Estimated heap retained: the object, its buffer (with unused capacity) and the appender's arrays. */
    public long heapBytes() {
        long arrays = 16L * 4 + 8L * 2 * (positiveBuckets.length + negativeBuckets.length)
                + 24L * (positiveSpans.length + negativeSpans.length) + 8L * customValues.length;
        return SHALLOW_BYTES + ((16 + out.capacity() + 7) & ~7L) + arrays;
    }

    /** Bits used so far, header included. */
    int bitLength() {
        return out.bitPosition();
    }

    /**
     * Iterates the samples appended so far, reading the live buffer without copying. {@code reuse}, when not null, is
     * reset and returned.
     */
    public HistogramIterator iterator(HistogramIterator reuse) {
        HistogramIterator it = reuse != null ? reuse : new HistogramIterator();
        it.reset(out.buffer(), out.bitPosition(), numSamples);
        return it;
    }

    /**
     * A histogram being appended, in the appender's working form: delta-encoded buckets in fresh arrays the appender
     * may widen. A staleness marker is reduced to its sum (every other field zero or empty), as Prometheus encodes
     * it; its hint is kept because it decides between the counter and gauge rules.
     */
    static final class Sample {
        CounterResetHint hint;
        int schema;
        double zeroThreshold;
        long zeroCount;
        long count;
        long sumBits;
        Span[] positiveSpans;
        Span[] negativeSpans;
        long[] positiveBuckets;
        long[] negativeBuckets;
        double[] customValues;

        static Sample of(Histogram h) {
            Sample s = new Sample();
            s.hint = h.counterResetHint();
            s.sumBits = Double.doubleToRawLongBits(h.sum());
            if (s.sumBits == StaleMarker.BITS) {
                s.positiveSpans = NO_SPANS;
                s.negativeSpans = NO_SPANS;
                s.positiveBuckets = NO_BUCKETS;
                s.negativeBuckets = NO_BUCKETS;
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
            checkBucketCount("positive", s.positiveSpans, s.positiveBuckets.length);
            checkBucketCount("negative", s.negativeSpans, s.negativeBuckets.length);
            return s;
        }

        static void checkBucketCount(String side, Span[] spans, int buckets) {
            int described = HistogramCoding.countBuckets(spans);
            if (described != buckets) {
                throw new IllegalArgumentException("histogram has " + buckets + " " + side + " buckets but its spans describe "
                        + described);
            }
        }

        void insertBuckets(List<Insert> positive, List<Insert> negative) {
            if (!positive.isEmpty()) {
                positiveBuckets = BucketLayouts.insertDeltas(positiveBuckets, HistogramCoding.countBuckets(positiveSpans), positive);
            }
            if (!negative.isEmpty()) {
                negativeBuckets = BucketLayouts.insertDeltas(negativeBuckets, HistogramCoding.countBuckets(negativeSpans), negative);
            }
        }
    }
}
