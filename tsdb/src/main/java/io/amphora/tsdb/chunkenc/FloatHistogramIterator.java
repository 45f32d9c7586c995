package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import static io.amphora.tsdb.chunkenc.FloatHistogramChunk.COUNT;
import static io.amphora.tsdb.chunkenc.FloatHistogramChunk.FIXED_SLOTS;
import static io.amphora.tsdb.chunkenc.FloatHistogramChunk.SUM;
import static io.amphora.tsdb.chunkenc.FloatHistogramChunk.ZERO_COUNT;
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
import java.util.Arrays;

/**
 * Decodes a float histogram chunk ({@link FloatHistogramChunk}) one sample at a time; every sample is
 * {@link ValueType#FLOAT_HISTOGRAM}. Same contract as {@link HistogramIterator}: allocation only for a chunk's
 * first sample and for {@link #atFloatHistogram()}, stale markers as a sum-only histogram, errors as
 * {@link ErrorCode#CORRUPT_DATA}. Not thread-safe.
 */
public final class FloatHistogramIterator implements SampleIterator {
    private static final byte[] NO_DATA = new byte[0];
    private static final Span[] NO_SPANS = new Span[0];
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
    private int positiveCount;

    private long minTime;
    private long t;
    private long tDelta;
    private long[] valueBits = new long[FIXED_SLOTS];
    private int[] leading = new int[FIXED_SLOTS];
    private int[] trailing = new int[FIXED_SLOTS];

    private FloatHistogram current;

    FloatHistogramIterator() {}

    /** An iterator over serialised chunk bytes; the array is read in place. {@code reuse} is reset when not null. */
    public static FloatHistogramIterator of(byte[] data, FloatHistogramIterator reuse) {
        requireNonNull(data, "data is null");
        FloatHistogramIterator it = reuse != null ? reuse : new FloatHistogramIterator();
        if (data.length < HistogramChunk.HEADER_BYTES) {
            it.reset(NO_DATA, 0, 0);
            it.failure = "float histogram chunk has " + data.length + " bytes, fewer than its 3-byte header";
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
    }

    public CounterResetHeader header() {
        return header;
    }

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
            failure = "corrupt float histogram chunk: sample " + numRead + " of " + numTotal + ": " + e.getMessage();
            throw new AmphoraException(ErrorCode.CORRUPT_DATA, failure);
        }
        numRead++;
        return ValueType.FLOAT_HISTOGRAM;
    }

    private void readFirst() {
        HistogramCoding.Layout layout = HistogramCoding.readLayout(in);
        schema = layout.schema();
        zeroThreshold = layout.zeroThreshold();
        positiveSpans = layout.positiveSpans();
        negativeSpans = layout.negativeSpans();
        customValues = layout.customValues();
        positiveCount = HistogramCoding.countBuckets(positiveSpans);
        int slots = FIXED_SLOTS + positiveCount + HistogramCoding.countBuckets(negativeSpans);
        // Fresh arrays: the previous chunk's may back a restored appender.
        valueBits = new long[slots];
        leading = new int[slots];
        Arrays.fill(leading, NO_WINDOW);
        trailing = new int[slots];
        t = HistogramCoding.readVarbitInt(in);
        minTime = t;
        for (int i = 0; i < slots; i++) {
            valueBits[i] = in.read(64);
        }
    }

    private void readNext() {
        long previous = t;
        tDelta += HistogramCoding.readVarbitInt(in);
        t += tDelta;
        if (t <= previous) {
            throw new ChunkFormatException("timestamp " + t + " is not after " + previous);
        }
        for (int slot = COUNT; slot <= SUM; slot++) {
            valueBits[slot] = HistogramCoding.xorRead(in, valueBits[slot], leading, trailing, slot);
        }
        if (valueBits[SUM] == StaleMarker.BITS) {
            return;
        }
        for (int slot = FIXED_SLOTS; slot < valueBits.length; slot++) {
            valueBits[slot] = HistogramCoding.xorRead(in, valueBits[slot], leading, trailing, slot);
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
            return ValueType.FLOAT_HISTOGRAM;
        }
        while (next() == ValueType.FLOAT_HISTOGRAM) {
            if (t >= target) {
                return ValueType.FLOAT_HISTOGRAM;
            }
        }
        return ValueType.NONE;
    }

    @Override
    public long atT() {
        return t;
    }

    /** The float histogram chunk format keeps no start timestamps (nor does the tsdb yet): always 0, "unknown". */
    @Override
    public long atStartTimestamp() {
        return 0;
    }

    /** Float histogram samples have no float value. */
    @Override
    public double atValue() {
        throw new IllegalStateException("the iterator is positioned on a float histogram sample, not a float");
    }

    /** @throws IllegalStateException always: a float histogram chunk holds no integer histograms */
    @Override
    public Histogram atHistogram() {
        throw new IllegalStateException("a float histogram chunk holds float histograms only");
    }

    /** The current sample; valid after {@code next} or {@code seek} returned {@link ValueType#FLOAT_HISTOGRAM}. */
    @Override
    public FloatHistogram atFloatHistogram() {
        if (numRead == 0 || exhausted) {
            throw new IllegalStateException("the iterator is not positioned on a sample");
        }
        if (current == null) {
            if (valueBits[SUM] == StaleMarker.BITS) {
                current = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 0, Double.longBitsToDouble(StaleMarker.BITS),
                        NO_SPANS, NO_VALUES, NO_SPANS, NO_VALUES, NO_VALUES);
            } else {
                current = new FloatHistogram(header.hintAt(numRead - 1), schema, zeroThreshold,
                        Double.longBitsToDouble(valueBits[ZERO_COUNT]), Double.longBitsToDouble(valueBits[COUNT]),
                        Double.longBitsToDouble(valueBits[SUM]), positiveSpans, values(FIXED_SLOTS, positiveCount),
                        negativeSpans, values(FIXED_SLOTS + positiveCount, valueBits.length - FIXED_SLOTS - positiveCount),
                        customValues);
            }
        }
        return current;
    }

    private double[] values(int from, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Double.longBitsToDouble(valueBits[from + i]);
        }
        return values;
    }

    /** The current sample in the appender's working form, with fresh arrays; for re-encoding a chunk. */
    FloatHistogramChunk.Sample sample() {
        FloatHistogram h = atFloatHistogram();
        FloatHistogramChunk.Sample s = new FloatHistogramChunk.Sample();
        s.hint = h.counterResetHint();
        s.sumBits = valueBits[SUM];
        s.schema = h.schema();
        s.zeroThreshold = h.zeroThreshold();
        s.count = h.count();
        s.zeroCount = h.zeroCount();
        s.positiveSpans = h.positiveSpans().toArray(NO_SPANS);
        s.negativeSpans = h.negativeSpans().toArray(NO_SPANS);
        s.positiveBuckets = h.positiveBuckets();
        s.negativeBuckets = h.negativeBuckets();
        s.customValues = h.customValues();
        return s;
    }

    int bitPosition() {
        return in.position();
    }

    record State(int schema, double zeroThreshold, Span[] positiveSpans, Span[] negativeSpans, double[] customValues,
            long minTime, long t, long tDelta, long[] valueBits, int[] leading, int[] trailing, int positiveCount) {}

    /** Hands the state after the last sample read to {@code chunk}, which takes ownership of the arrays. */
    void restoreAppender(FloatHistogramChunk chunk) {
        chunk.restore(numRead, new State(schema, zeroThreshold, positiveSpans, negativeSpans, customValues, minTime, t,
                tDelta, valueBits, leading, trailing, positiveCount));
    }
}
