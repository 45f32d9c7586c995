package io.amphora.tsdb.store;

import static java.util.Objects.requireNonNull;

import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;

/**
 * The exact binary form of one native histogram inside Amphora's own records (WAL and head checkpoint; layout in
 * {@code tsdb/docs/format/rocksdb-keys.md}). Every field is kept as given, floats as raw IEEE-754 bits, so a
 * decoded histogram {@code equals} the encoded one.
 *
 * <pre>
 * histogram:       hint:u8 schema:varint zeroThreshold:u64 zeroCount:uvarint count:uvarint sum:u64
 *                  spans(positive) positiveDeltas:uvarint n × varint spans(negative) negativeDeltas:uvarint n × varint
 *                  customValues:uvarint n × u64
 * float histogram: hint:u8 schema:varint zeroThreshold:u64 zeroCount:u64 count:u64 sum:u64
 *                  spans(positive) positiveCounts:uvarint n × u64 spans(negative) negativeCounts:uvarint n × u64
 *                  customValues:uvarint n × u64
 * spans:           count:uvarint count × (offset:varint length:uvarint)
 * </pre>
 */
public final class HistogramCodec {
    /** More entries than this in one histogram is treated as corruption rather than allocated. */
    private static final long MAX_ENTRIES = 1 << 24;
    private static final Span[] NO_SPANS = new Span[0];

    private HistogramCodec() {}

    public static void write(ByteWriter w, Histogram h) {
        requireNonNull(h, "h is null");
        w.u8(h.counterResetHint().ordinal()).varint(h.schema()).u64(Double.doubleToRawLongBits(h.zeroThreshold()))
                .uvarint(h.zeroCount()).uvarint(h.count()).u64(Double.doubleToRawLongBits(h.sum()));
        writeSpans(w, h.positiveSpanCount(), h::positiveSpan);
        w.uvarint(h.positiveBucketCount());
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            w.varint(h.positiveBucketDelta(i));
        }
        writeSpans(w, h.negativeSpanCount(), h::negativeSpan);
        w.uvarint(h.negativeBucketCount());
        for (int i = 0; i < h.negativeBucketCount(); i++) {
            w.varint(h.negativeBucketDelta(i));
        }
        w.uvarint(h.customValueCount());
        for (int i = 0; i < h.customValueCount(); i++) {
            w.u64(Double.doubleToRawLongBits(h.customValue(i)));
        }
    }

    public static void write(ByteWriter w, FloatHistogram h) {
        requireNonNull(h, "h is null");
        w.u8(h.counterResetHint().ordinal()).varint(h.schema()).u64(Double.doubleToRawLongBits(h.zeroThreshold()))
                .u64(Double.doubleToRawLongBits(h.zeroCount())).u64(Double.doubleToRawLongBits(h.count()))
                .u64(Double.doubleToRawLongBits(h.sum()));
        writeSpans(w, h.positiveSpanCount(), h::positiveSpan);
        w.uvarint(h.positiveBucketCount());
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            w.u64(Double.doubleToRawLongBits(h.positiveBucket(i)));
        }
        writeSpans(w, h.negativeSpanCount(), h::negativeSpan);
        w.uvarint(h.negativeBucketCount());
        for (int i = 0; i < h.negativeBucketCount(); i++) {
            w.u64(Double.doubleToRawLongBits(h.negativeBucket(i)));
        }
        w.uvarint(h.customValueCount());
        for (int i = 0; i < h.customValueCount(); i++) {
            w.u64(Double.doubleToRawLongBits(h.customValue(i)));
        }
    }

    private static void writeSpans(ByteWriter w, int n, java.util.function.IntFunction<Span> span) {
        w.uvarint(n);
        for (int i = 0; i < n; i++) {
            Span s = span.apply(i);
            w.varint(s.offset()).uvarint(s.length());
        }
    }

    /** @throws IllegalArgumentException if the bytes do not hold a histogram */
    public static Histogram readHistogram(ByteReader r) {
        CounterResetHint hint = hint(r);
        int schema = schema(r);
        double zeroThreshold = Double.longBitsToDouble(r.u64());
        long zeroCount = r.uvarint();
        long count = r.uvarint();
        double sum = Double.longBitsToDouble(r.u64());
        Span[] positiveSpans = readSpans(r);
        long[] positive = new long[count(r)];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = r.varint();
        }
        Span[] negativeSpans = readSpans(r);
        long[] negative = new long[count(r)];
        for (int i = 0; i < negative.length; i++) {
            negative[i] = r.varint();
        }
        return new Histogram(hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, positive, negativeSpans,
                negative, readDoubles(r));
    }

    /** @throws IllegalArgumentException if the bytes do not hold a float histogram */
    public static FloatHistogram readFloatHistogram(ByteReader r) {
        CounterResetHint hint = hint(r);
        int schema = schema(r);
        double zeroThreshold = Double.longBitsToDouble(r.u64());
        double zeroCount = Double.longBitsToDouble(r.u64());
        double count = Double.longBitsToDouble(r.u64());
        double sum = Double.longBitsToDouble(r.u64());
        Span[] positiveSpans = readSpans(r);
        double[] positive = readDoubles(r);
        Span[] negativeSpans = readSpans(r);
        double[] negative = readDoubles(r);
        return new FloatHistogram(hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, positive,
                negativeSpans, negative, readDoubles(r));
    }

    private static CounterResetHint hint(ByteReader r) {
        return CounterResetHint.ofValue(r.u8());
    }

    private static int schema(ByteReader r) {
        long schema = r.varint();
        if (schema != (int) schema) {
            throw new IllegalArgumentException("histogram schema " + schema + " out of range");
        }
        return (int) schema;
    }

    private static int count(ByteReader r) {
        long n = r.uvarint();
        if (n < 0 || n > MAX_ENTRIES || n > r.remaining()) {
            throw new IllegalArgumentException("histogram field count " + Long.toUnsignedString(n) + " exceeds the record");
        }
        return (int) n;
    }

    private static Span[] readSpans(ByteReader r) {
        int n = count(r);
        if (n == 0) {
            return NO_SPANS;
        }
        Span[] spans = new Span[n];
        for (int i = 0; i < n; i++) {
            long offset = r.varint();
            long length = r.uvarint();
            if (offset != (int) offset || length < 0 || length > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("span " + i + " has offset " + offset + " and length " + length);
            }
            spans[i] = new Span((int) offset, (int) length);
        }
        return spans;
    }

    private static double[] readDoubles(ByteReader r) {
        double[] values = new double[count(r)];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(r.u64());
        }
        return values;
    }
}
