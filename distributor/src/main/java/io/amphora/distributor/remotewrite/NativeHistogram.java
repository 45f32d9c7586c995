package io.amphora.distributor.remotewrite;

import io.amphora.model.StaleMarker;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A native histogram sample exactly as sent (fields 1–17 of the wire {@code Histogram}), integer or float.
 *
 * <p>{@code floatHistogram} is true exactly when the sender set {@code count_float} (how Prometheus tells the two
 * kinds apart). An integer histogram is meant to use {@code countInt}, {@code zeroCountInt} and the
 * {@code *Deltas} arrays (each bucket's count as the difference from the previous bucket of the same side, in span
 * order); a float histogram {@code countFloat}, {@code zeroCountFloat} and the absolute {@code *Counts}. Members of
 * the other kind are kept as sent (0 or empty when absent) so validation can refuse a mixture. {@code countInt} and
 * {@code zeroCountInt} are the wire's uint64: compare them with {@link Long#compareUnsigned}.
 *
 * <p>{@code startTimestamp} is 0 when unset (always for 1.0). {@code customValues} are the custom bucket bounds of
 * schema -53. Arrays are handed over, not copied; equality compares their contents.
 */
public record NativeHistogram(
        long timestamp,
        long startTimestamp,
        boolean floatHistogram,
        long countInt,
        double countFloat,
        double sum,
        int schema,
        double zeroThreshold,
        long zeroCountInt,
        double zeroCountFloat,
        List<BucketSpan> negativeSpans,
        long[] negativeDeltas,
        double[] negativeCounts,
        List<BucketSpan> positiveSpans,
        long[] positiveDeltas,
        double[] positiveCounts,
        ResetHint resetHint,
        double[] customValues) {

    public static final int CUSTOM_BUCKETS_SCHEMA = -53;
    public static final int MIN_EXPONENTIAL_SCHEMA = -4;
    public static final int MAX_EXPONENTIAL_SCHEMA = 8;

    public NativeHistogram {
        negativeSpans = List.copyOf(requireNonNull(negativeSpans, "negativeSpans is null"));
        requireNonNull(negativeDeltas, "negativeDeltas is null");
        requireNonNull(negativeCounts, "negativeCounts is null");
        positiveSpans = List.copyOf(requireNonNull(positiveSpans, "positiveSpans is null"));
        requireNonNull(positiveDeltas, "positiveDeltas is null");
        requireNonNull(positiveCounts, "positiveCounts is null");
        requireNonNull(resetHint, "resetHint is null");
        requireNonNull(customValues, "customValues is null");
    }

    /**
     * This integer histogram as the model's {@link Histogram}: counts, zero count, delta-encoded buckets and custom
     * bounds as sent; float members (which validation refuses on an integer histogram) are ignored.
     *
     * @throws IllegalStateException if this is a float histogram
     * @throws IllegalArgumentException if a span is longer than 2^31 - 1 buckets (no such histogram can be valid)
     */
    public Histogram toHistogram() {
        if (floatHistogram) {
            throw new IllegalStateException("a float histogram has no integer form");
        }
        return new Histogram(CounterResetHint.ofValue(resetHint.ordinal()), schema, zeroThreshold, zeroCountInt,
                countInt, sum, spans(positiveSpans), positiveDeltas, spans(negativeSpans), negativeDeltas, customValues);
    }

    /**
     * This float histogram as the model's {@link FloatHistogram}, with absolute bucket counts as sent.
     *
     * @throws IllegalStateException if this is an integer histogram
     * @throws IllegalArgumentException if a span is longer than 2^31 - 1 buckets
     */
    public FloatHistogram toFloatHistogram() {
        if (!floatHistogram) {
            throw new IllegalStateException("an integer histogram is not a float histogram");
        }
        return new FloatHistogram(CounterResetHint.ofValue(resetHint.ordinal()), schema, zeroThreshold, zeroCountFloat,
                countFloat, sum, spans(positiveSpans), positiveCounts, spans(negativeSpans), negativeCounts, customValues);
    }

    private static Span[] spans(List<BucketSpan> spans) {
        Span[] out = new Span[spans.size()];
        for (int i = 0; i < out.length; i++) {
            BucketSpan span = spans.get(i);
            if (span.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("span number " + (i + 1) + " has " + span.length()
                        + " buckets, more than a histogram can hold");
            }
            out[i] = new Span(span.offset(), (int) span.length());
        }
        return out;
    }

    /** True when this histogram is a stale marker: its sum carries the stale-NaN bit pattern. */
    public boolean isStaleMarker() {
        return StaleMarker.is(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeHistogram h
                && timestamp == h.timestamp
                && startTimestamp == h.startTimestamp
                && floatHistogram == h.floatHistogram
                && countInt == h.countInt
                && Double.compare(countFloat, h.countFloat) == 0
                && Double.compare(sum, h.sum) == 0
                && schema == h.schema
                && Double.compare(zeroThreshold, h.zeroThreshold) == 0
                && zeroCountInt == h.zeroCountInt
                && Double.compare(zeroCountFloat, h.zeroCountFloat) == 0
                && negativeSpans.equals(h.negativeSpans)
                && Arrays.equals(negativeDeltas, h.negativeDeltas)
                && Arrays.equals(negativeCounts, h.negativeCounts)
                && positiveSpans.equals(h.positiveSpans)
                && Arrays.equals(positiveDeltas, h.positiveDeltas)
                && Arrays.equals(positiveCounts, h.positiveCounts)
                && resetHint == h.resetHint
                && Arrays.equals(customValues, h.customValues);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(timestamp);
        h = 31 * h + schema;
        h = 31 * h + Double.hashCode(sum);
        h = 31 * h + Arrays.hashCode(positiveDeltas);
        return 31 * h + Arrays.hashCode(positiveCounts);
    }

    @Override
    public String toString() {
        return "NativeHistogram[t=" + timestamp + (floatHistogram ? ", float count=" + countFloat
                : ", count=" + Long.toUnsignedString(countInt)) + ", sum=" + sum + ", schema=" + schema
                + ", zeroThreshold=" + zeroThreshold + ", negativeSpans=" + negativeSpans
                + ", positiveSpans=" + positiveSpans + ", resetHint=" + resetHint + "]";
    }
}
