package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds histograms from bucket-index → count maps for the chunk tests, and describes histograms canonically (by
 * bucket index, without empty buckets or the hint) so that a histogram compares equal to its re-encoded, widened
 * form.
 */
final class TestHistograms {
    static final double STALE_NAN = Double.longBitsToDouble(StaleMarker.BITS);
    private static final double[] NONE = new double[0];

    private TestHistograms() {}

    /** An integer histogram whose count is the zero count plus every bucket. */
    static Histogram histogram(CounterResetHint hint, int schema, double zeroThreshold, long zeroCount, double sum,
            SortedMap<Integer, Long> positive, SortedMap<Integer, Long> negative) {
        return histogram(hint, schema, zeroThreshold, zeroCount, sum, positive, negative, NONE);
    }

    static Histogram histogram(CounterResetHint hint, int schema, double zeroThreshold, long zeroCount, double sum,
            SortedMap<Integer, Long> positive, SortedMap<Integer, Long> negative, double[] customValues) {
        long count = zeroCount;
        for (long c : positive.values()) {
            count += c;
        }
        for (long c : negative.values()) {
            count += c;
        }
        return new Histogram(hint, schema, zeroThreshold, zeroCount, count, sum, spans(positive.keySet()),
                deltas(positive), spans(negative.keySet()), deltas(negative), customValues);
    }

    static FloatHistogram floatHistogram(CounterResetHint hint, int schema, double zeroThreshold, double zeroCount,
            double sum, SortedMap<Integer, Double> positive, SortedMap<Integer, Double> negative) {
        return floatHistogram(hint, schema, zeroThreshold, zeroCount, sum, positive, negative, NONE);
    }

    static FloatHistogram floatHistogram(CounterResetHint hint, int schema, double zeroThreshold, double zeroCount,
            double sum, SortedMap<Integer, Double> positive, SortedMap<Integer, Double> negative, double[] customValues) {
        double count = zeroCount;
        for (double c : positive.values()) {
            count += c;
        }
        for (double c : negative.values()) {
            count += c;
        }
        return new FloatHistogram(hint, schema, zeroThreshold, zeroCount, count, sum, spans(positive.keySet()),
                positive.values().stream().mapToDouble(Double::doubleValue).toArray(), spans(negative.keySet()),
                negative.values().stream().mapToDouble(Double::doubleValue).toArray(), customValues);
    }

    static Histogram staleHistogram() {
        return new Histogram(CounterResetHint.UNKNOWN, 0, 0, 0, 0, STALE_NAN, new Span[0], new long[0], new Span[0],
                new long[0], NONE);
    }

    static FloatHistogram staleFloatHistogram() {
        return new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 0, STALE_NAN, new Span[0], NONE, new Span[0],
                NONE, NONE);
    }

    /** Spans covering exactly the given increasing bucket indexes. */
    static Span[] spans(Iterable<Integer> indexes) {
        List<Span> spans = new ArrayList<>();
        Integer last = null;
        int length = 0;
        int offset = 0;
        for (int index : indexes) {
            if (last != null && index == last + 1) {
                length++;
            } else {
                if (last != null) {
                    spans.add(new Span(offset, length));
                }
                offset = last == null ? index : index - last - 1;
                length = 1;
            }
            last = index;
        }
        if (last != null) {
            spans.add(new Span(offset, length));
        }
        return spans.toArray(new Span[0]);
    }

    private static long[] deltas(SortedMap<Integer, Long> buckets) {
        long[] deltas = new long[buckets.size()];
        long previous = 0;
        int i = 0;
        for (long c : buckets.values()) {
            deltas[i++] = c - previous;
            previous = c;
        }
        return deltas;
    }

    static SortedMap<Integer, Long> buckets(long... indexAndCount) {
        SortedMap<Integer, Long> map = new TreeMap<>();
        for (int i = 0; i < indexAndCount.length; i += 2) {
            map.put((int) indexAndCount[i], indexAndCount[i + 1]);
        }
        return map;
    }

    static SortedMap<Integer, Double> floatBuckets(double... indexAndCount) {
        SortedMap<Integer, Double> map = new TreeMap<>();
        for (int i = 0; i < indexAndCount.length; i += 2) {
            map.put((int) indexAndCount[i], indexAndCount[i + 1]);
        }
        return map;
    }

    /** Bucket index → absolute count, leaving out empty buckets. */
    static SortedMap<Integer, Double> byIndex(List<Span> spans, double[] absolute) {
        SortedMap<Integer, Double> out = new TreeMap<>();
        int index = 0;
        int k = 0;
        for (int s = 0; s < spans.size(); s++) {
            index += spans.get(s).offset();
            for (int j = 0; j < spans.get(s).length(); j++) {
                if (absolute[k] != 0) {
                    out.put(index, absolute[k]);
                }
                k++;
                index++;
            }
        }
        return out;
    }

    /**
     * What a histogram means, ignoring its hint, its span layout and empty buckets. Counts are summed exactly as
     * longs: summing in doubles (as a float conversion does) rounds differently once counts pass 2^53, depending on
     * how many empty buckets the layout holds.
     */
    static String canonical(Histogram h) {
        if (StaleMarker.is(h.sum())) {
            return "stale";
        }
        return "schema=" + h.schema() + " zt=" + h.zeroThreshold() + " zc=" + Long.toUnsignedString(h.zeroCount())
                + " count=" + Long.toUnsignedString(h.count())
                + " sum=" + Long.toHexString(Double.doubleToRawLongBits(h.sum()))
                + " pos=" + exactByIndex(h.positiveSpans(), h.positiveBuckets())
                + " neg=" + exactByIndex(h.negativeSpans(), h.negativeBuckets())
                + " custom=" + java.util.Arrays.toString(h.customValues());
    }

    private static SortedMap<Integer, Long> exactByIndex(List<Span> spans, long[] deltas) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        int index = 0;
        int k = 0;
        long count = 0;
        for (Span span : spans) {
            index += span.offset();
            for (int j = 0; j < span.length(); j++) {
                count += deltas[k++];
                if (count != 0) {
                    out.put(index, count);
                }
                index++;
            }
        }
        return out;
    }

    static String canonical(FloatHistogram h) {
        if (StaleMarker.is(h.sum())) {
            return "stale";
        }
        return "schema=" + h.schema() + " zt=" + h.zeroThreshold() + " zc=" + h.zeroCount() + " count=" + h.count()
                + " sum=" + Long.toHexString(Double.doubleToRawLongBits(h.sum()))
                + " pos=" + byIndex(h.positiveSpans(), h.positiveBuckets())
                + " neg=" + byIndex(h.negativeSpans(), h.negativeBuckets())
                + " custom=" + java.util.Arrays.toString(h.customValues());
    }

    static <V> SortedMap<Integer, V> copy(Map<Integer, V> map) {
        return new TreeMap<>(map);
    }
}
