package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import static io.amphora.tsdb.chunkenc.HistogramCoding.NO_WINDOW;
import static java.util.Objects.requireNonNull;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;

/**
 * Decodes a histogram chunk ({@link HistogramChunk}, layout: {@code tsdb/docs/format/chunks.md}) one sample at a
 * time; every sample is {@link ValueType#HISTOGRAM}.
 *
 * <p>Follows the {@link SampleIterator} contract. {@link #next()} allocates only when a chunk's first sample sizes
 * the bucket arrays; {@link #atHistogram()} and {@link #atFloatHistogram()} build an immutable histogram of the
 * current sample (once per sample, then cached). A staleness marker reads as a histogram with only the stale sum.
 * Sample hints follow {@link CounterResetHeader#hintAt}. Malformed input (fewer than 3 bytes, a stream ending early,
 * an unknown schema, timestamps that do not increase) makes {@code next} and {@code seek} throw
 * {@link AmphoraException} with {@link ErrorCode#CORRUPT_DATA}, on that call and every later one. Not thread-safe.
 */
public final class HistogramIterator implements SampleIterator {
    private static final byte[] NO_DATA = new byte[0];
    private static final Span[] NO_SPANS = new Span[0];
    private static final long[] NO_BUCKETS = new long[0];
    private static final double[] NO_VALUES = new double[0];
    private static final int MAX_BITS = Integer.MAX_VALUE & ~7;

    private final BitReader in = new BitReader();
    private int numTotal;
    private int numRead;
    private boolean exhausted;
    private String failure;
    private CounterResetHeader header = CounterResetHeader.UNKNOWN;

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
    private long sumBits;
    private long[] positiveBuckets = NO_BUCKETS;
    private long[] negativeBuckets = NO_BUCKETS;
    private long[] positiveBucketDeltas = NO_BUCKETS;
    private long[] negativeBucketDeltas = NO_BUCKETS;
    private final int[] leading = {NO_WINDOW};
    private final int[] trailing = {0};

    private Histogram current;

    HistogramIterator() {}

    /**
     * An iterator over serialised chunk bytes (from {@link HistogramChunk#bytes()} or written by Prometheus). The
     * array is read in place and must not change while iterating. {@code reuse}, when not null, is reset and
     * returned.
     */
    public static HistogramIterator of(byte[] data, HistogramIterator reuse) {
        requireNonNull(data, "data is null");
        HistogramIterator it = reuse != null ? reuse : new HistogramIterator();
        if (data.length < HistogramChunk.HEADER_BYTES) {
            it.reset(NO_DATA, 0, 0);
            it.failure = "histogram chunk has " + data.length + " bytes, fewer than its 3-byte header";
            return it;
        }
        int n = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        it.reset(data, (int) Math.min((long) data.length * 8, MAX_BITS), n);
        return it;
    }

    void reset(byte[] data, int endBits, int numTotal) {
        in.reset(data, HistogramChunk.HEADER_BYTES * 8, endBits);
        this.numTotal = numTotal;
        this.numRead = 0;
        this.exhausted = false;
        this.failure = null;
        this.header = data.length > HistogramChunk.FLAGS_BYTE
                ? CounterResetHeader.ofFlags(data[HistogramChunk.FLAGS_BYTE]) : CounterResetHeader.UNKNOWN;
        this.current = null;
        this.t = 0;
        this.tDelta = 0;
        this.count = 0;
        this.countDelta = 0;
        this.zeroCount = 0;
        this.zeroCountDelta = 0;
        this.sumBits = 0;
        this.leading[0] = NO_WINDOW;
        this.trailing[0] = 0;
    }

    /** The chunk's counter reset header. */
    public CounterResetHeader header() {
        return header;
    }

    /** The sample count from the header. */
    public int numSamples() {
        return numTotal;
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
        current = null;
        try {
            if (numRead == 0) {
                readFirst();
            } else {
                readNext();
            }
        } catch (ChunkFormatException e) {
            failure = "corrupt histogram chunk: sample " + numRead + " of " + numTotal + ": " + e.getMessage();
            throw new AmphoraException(ErrorCode.CORRUPT_DATA, failure);
        }
        numRead++;
        return ValueType.HISTOGRAM;
    }

    private void readFirst() {
        HistogramCoding.Layout layout = HistogramCoding.readLayout(in);
        schema = layout.schema();
        zeroThreshold = layout.zeroThreshold();
        positiveSpans = layout.positiveSpans();
        negativeSpans = layout.negativeSpans();
        customValues = layout.customValues();
        int p = HistogramCoding.countBuckets(positiveSpans);
        int n = HistogramCoding.countBuckets(negativeSpans);
        positiveBuckets = sized(positiveBuckets, p);
        positiveBucketDeltas = sized(positiveBucketDeltas, p);
        negativeBuckets = sized(negativeBuckets, n);
        negativeBucketDeltas = sized(negativeBucketDeltas, n);
        t = HistogramCoding.readVarbitInt(in);
        minTime = t;
        count = HistogramCoding.readVarbitUint(in);
        zeroCount = HistogramCoding.readVarbitUint(in);
        sumBits = in.read(64);
        for (int i = 0; i < p; i++) {
            positiveBuckets[i] = HistogramCoding.readVarbitInt(in);
        }
        for (int i = 0; i < n; i++) {
            negativeBuckets[i] = HistogramCoding.readVarbitInt(in);
        }
    }

    /** A zeroed array of length {@code n}, fresh because the previous chunk's arrays may back a restored appender. */
    private static long[] sized(long[] array, int n) {
        return n == 0 ? NO_BUCKETS : new long[n];
    }

    private void readNext() {
        long previous = t;
        tDelta += HistogramCoding.readVarbitInt(in);
        t += tDelta;
        if (t <= previous) {
            throw new ChunkFormatException("timestamp " + t + " is not after " + previous);
        }
        countDelta += HistogramCoding.readVarbitInt(in);
        count += countDelta;
        zeroCountDelta += HistogramCoding.readVarbitInt(in);
        zeroCount += zeroCountDelta;
        sumBits = HistogramCoding.xorRead(in, sumBits, leading, trailing, 0);
        if (sumBits == StaleMarker.BITS) {
            return;
        }
        for (int i = 0; i < positiveBuckets.length; i++) {
            positiveBucketDeltas[i] += HistogramCoding.readVarbitInt(in);
            positiveBuckets[i] += positiveBucketDeltas[i];
        }
        for (int i = 0; i < negativeBuckets.length; i++) {
            negativeBucketDeltas[i] += HistogramCoding.readVarbitInt(in);
            negativeBuckets[i] += negativeBucketDeltas[i];
        }
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
            return ValueType.HISTOGRAM;
        }
        while (next() == ValueType.HISTOGRAM) {
            if (t >= target) {
                return ValueType.HISTOGRAM;
            }
        }
        return ValueType.NONE;
    }

    @Override
    public long atT() {
        return t;
    }

    /** The histogram chunk format keeps no start timestamps (neither does the tsdb yet), so always 0, "unknown". */
    @Override
    public long atStartTimestamp() {
        return 0;
    }

    /** Histogram samples have no float value. */
    @Override
    public double atValue() {
        throw new IllegalStateException("the iterator is positioned on a histogram sample, not a float");
    }

    /** The current sample; valid after {@link #next()} or {@link #seek(long)} returned {@link ValueType#HISTOGRAM}. */
    @Override
    public Histogram atHistogram() {
        if (numRead == 0 || exhausted) {
            throw new IllegalStateException("the iterator is not positioned on a sample");
        }
        if (current == null) {
            current = sumBits == StaleMarker.BITS
                    ? new Histogram(CounterResetHint.UNKNOWN, 0, 0, 0, 0, Double.longBitsToDouble(sumBits), NO_SPANS,
                            NO_BUCKETS, NO_SPANS, NO_BUCKETS, NO_VALUES)
                    : new Histogram(header.hintAt(numRead - 1), schema, zeroThreshold, zeroCount, count,
                            Double.longBitsToDouble(sumBits), positiveSpans, positiveBuckets, negativeSpans,
                            negativeBuckets, customValues);
        }
        return current;
    }

    /** The current sample with float counts, converted as {@link Histogram#toFloat()} does (Prometheus's rules). */
    @Override
    public FloatHistogram atFloatHistogram() {
        return atHistogram().toFloat();
    }

    /** The current sample in the appender's working form, with fresh arrays; for re-encoding a chunk. */
    HistogramChunk.Sample sample() {
        HistogramChunk.Sample s = new HistogramChunk.Sample();
        s.sumBits = sumBits;
        if (sumBits == StaleMarker.BITS) {
            s.positiveSpans = NO_SPANS;
            s.negativeSpans = NO_SPANS;
            s.positiveBuckets = NO_BUCKETS;
            s.negativeBuckets = NO_BUCKETS;
            s.customValues = NO_VALUES;
            return s;
        }
        s.hint = header.hintAt(numRead - 1);
        s.schema = schema;
        s.zeroThreshold = zeroThreshold;
        s.count = count;
        s.zeroCount = zeroCount;
        s.positiveSpans = positiveSpans;
        s.negativeSpans = negativeSpans;
        s.positiveBuckets = positiveBuckets.clone();
        s.negativeBuckets = negativeBuckets.clone();
        s.customValues = customValues;
        return s;
    }

    int bitPosition() {
        return in.position();
    }

    /** The decoder's state after the last sample read: the state the chunk's appender had then. */
    record State(int schema, double zeroThreshold, Span[] positiveSpans, Span[] negativeSpans, double[] customValues,
            long minTime, long t, long count, long zeroCount, long tDelta, long countDelta, long zeroCountDelta,
            long[] positiveBuckets, long[] negativeBuckets, long[] positiveBucketDeltas, long[] negativeBucketDeltas,
            long sumBits, int leading, int trailing) {}

    /** Hands the state after the last sample read to {@code chunk}, which takes ownership of the arrays. */
    void restoreAppender(HistogramChunk chunk) {
        chunk.restore(numRead, new State(schema, zeroThreshold, positiveSpans, negativeSpans, customValues, minTime, t,
                count, zeroCount, tDelta, countDelta, zeroCountDelta, positiveBuckets, negativeBuckets,
                positiveBucketDeltas, negativeBucketDeltas, sumBits, leading[0], trailing[0]));
    }
}
