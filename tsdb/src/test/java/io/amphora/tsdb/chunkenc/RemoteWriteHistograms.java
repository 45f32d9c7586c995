package io.amphora.tsdb.chunkenc;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * Encodes remote-write 1.0 {@code prometheus.WriteRequest} bodies holding native histograms, by hand, for the
 * Prometheus compatibility test (the tsdb module has no protobuf dependency). Field numbers are those of
 * Prometheus's {@code prompb/types.proto}: TimeSeries {labels 1, histograms 4}; Label {name 1, value 2}; Histogram
 * {count_int 1, count_float 2, sum 3, schema 4 (sint32), zero_threshold 5, zero_count_int 6, zero_count_float 7,
 * negative_spans 8, negative_deltas 9 (packed sint64), negative_counts 10 (packed double), positive_spans 11,
 * positive_deltas 12, positive_counts 13, reset_hint 14, timestamp 15}; BucketSpan {offset 1 (sint32), length 2}.
 * Prometheus 2.42 treats a histogram as a float histogram when its float count or float zero count is positive.
 */
final class RemoteWriteHistograms {
    private RemoteWriteHistograms() {}

    /** One sample: exactly one of {@code histogram} and {@code floatHistogram} is set. */
    record Entry(long timestamp, Histogram histogram, FloatHistogram floatHistogram) {}

    /** A WriteRequest with one time series. */
    static byte[] writeRequest(Map<String, String> labels, List<Entry> entries) {
        Proto series = new Proto();
        labels.forEach((name, value) -> series.message(1, new Proto().string(1, name).string(2, value)));
        for (Entry e : entries) {
            series.message(4, e.histogram() != null ? histogram(e.timestamp(), e.histogram()) : floatHistogram(e.timestamp(), e.floatHistogram()));
        }
        return new Proto().message(1, series).bytes();
    }

    private static Proto histogram(long t, Histogram h) {
        Proto p = new Proto();
        p.varint(1, h.count());
        p.fixed64(3, Double.doubleToRawLongBits(h.sum()));
        p.varint(4, zigZag(h.schema()));
        p.fixed64(5, Double.doubleToRawLongBits(h.zeroThreshold()));
        p.varint(6, h.zeroCount());
        spans(p, 8, h.negativeSpans());
        p.packedSint(9, h.negativeBuckets());
        spans(p, 11, h.positiveSpans());
        p.packedSint(12, h.positiveBuckets());
        p.varint(14, h.counterResetHint().ordinal());
        p.varint(15, t);
        return p;
    }

    private static Proto floatHistogram(long t, FloatHistogram h) {
        Proto p = new Proto();
        p.fixed64(2, Double.doubleToRawLongBits(h.count()));
        p.fixed64(3, Double.doubleToRawLongBits(h.sum()));
        p.varint(4, zigZag(h.schema()));
        p.fixed64(5, Double.doubleToRawLongBits(h.zeroThreshold()));
        p.fixed64(7, Double.doubleToRawLongBits(h.zeroCount()));
        spans(p, 8, h.negativeSpans());
        p.packedDouble(10, h.negativeBuckets());
        spans(p, 11, h.positiveSpans());
        p.packedDouble(13, h.positiveBuckets());
        p.varint(14, h.counterResetHint().ordinal());
        p.varint(15, t);
        return p;
    }

    private static void spans(Proto p, int field, List<Span> spans) {
        for (Span s : spans) {
            p.message(field, new Proto().varint(1, zigZag(s.offset())).varint(2, s.length()));
        }
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** A protobuf message being written; fields are emitted in call order. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto fixed64(int field, long bits) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)));
            }
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.bytes());
        }

        Proto packedSint(int field, long[] values) {
            if (values.length == 0) {
                return this;
            }
            Proto packed = new Proto();
            for (long v : values) {
                packed.raw(zigZag(v));
            }
            return bytes(field, packed.bytes());
        }

        Proto packedDouble(int field, double[] values) {
            if (values.length == 0) {
                return this;
            }
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            for (double v : values) {
                long bits = Double.doubleToRawLongBits(v);
                for (int i = 0; i < 8; i++) {
                    packed.write((int) (bits >>> (8 * i)));
                }
            }
            return bytes(field, packed.toByteArray());
        }

        private Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
