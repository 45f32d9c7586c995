package io.amphora.promql.promqltest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A native histogram as the {@code {{…}}} notation writes it; every histogram built from the notation is a float
 * histogram. Fields not written in the notation hold their defaults (0, empty, {@link CounterResetHint#UNKNOWN}).
 *
 * <p>Bucket layout is dense: {@code buckets.get(i)} is the (absolute, not delta-encoded) count of the positive bucket
 * with index {@code offset + i}, and likewise {@code negativeBuckets}/{@code negativeOffset} for the negative side;
 * in Prometheus terms each side is one span. For custom buckets ({@code schema:-53}) the positive bucket index
 * {@code i} has the upper bound {@code customValues.get(i)}, and the index {@code customValues.size()} is the
 * implicit {@code +Inf} bucket.
 *
 * <p>Values produced by a {@code +}/{@code -} expansion are in this form too. Where Prometheus would leave a gap
 * between two spans, they hold zero-count buckets, and where Prometheus compacts away buckets that became empty
 * inside the range, they keep them; the harness compacts both sides before comparing, so the two layouts describe
 * the same histogram.
 *
 * @param schema {@code -4..8} for exponential buckets, {@value #CUSTOM_BUCKETS_SCHEMA} for custom buckets; other
 *     values are kept as written, for the engine to reject
 * @param zeroBucket {@code z_bucket}, the zero bucket's count
 * @param zeroBucketWidth {@code z_bucket_w}, the zero threshold
 */
public record HistogramDescription(
        int schema,
        double sum,
        double count,
        double zeroBucket,
        double zeroBucketWidth,
        List<Double> buckets,
        int offset,
        List<Double> negativeBuckets,
        int negativeOffset,
        CounterResetHint counterResetHint,
        List<Double> customValues) {
    public static final int CUSTOM_BUCKETS_SCHEMA = -53;

    /** {@code {{}}}: schema 0 and nothing else. */
    public static final HistogramDescription EMPTY = new HistogramDescription(
            0, 0, 0, 0, 0, List.of(), 0, List.of(), 0, CounterResetHint.UNKNOWN, List.of());

    /** The {@code counter_reset_hint} values, with their notation spelling. */
    public enum CounterResetHint {
        UNKNOWN("unknown"), RESET("reset"), NOT_RESET("not_reset"), GAUGE("gauge");

        private final String notation;

        CounterResetHint(String notation) {
            this.notation = notation;
        }

        public String notation() {
            return notation;
        }
    }

    public HistogramDescription {
        buckets = List.copyOf(requireNonNull(buckets, "buckets is null"));
        negativeBuckets = List.copyOf(requireNonNull(negativeBuckets, "negativeBuckets is null"));
        requireNonNull(counterResetHint, "counterResetHint is null");
        customValues = List.copyOf(requireNonNull(customValues, "customValues is null"));
    }

    public boolean usesCustomBuckets() {
        return schema == CUSTOM_BUCKETS_SCHEMA;
    }

    /** Whether {@code schema} is one of the exponential schemas {@code -4..8}. */
    public boolean usesExponentialBuckets() {
        return schema >= -4 && schema <= 8;
    }

    /** The notation, listing the fields that differ from their defaults, e.g. {@code {{schema:1 count:3 buckets:[1 2]}}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{{");
        if (schema != 0) {
            field(sb, "schema", Integer.toString(schema));
        }
        if (Double.doubleToRawLongBits(sum) != 0) {
            field(sb, "sum", formatNumber(sum));
        }
        if (Double.doubleToRawLongBits(count) != 0) {
            field(sb, "count", formatNumber(count));
        }
        if (Double.doubleToRawLongBits(zeroBucket) != 0) {
            field(sb, "z_bucket", formatNumber(zeroBucket));
        }
        if (Double.doubleToRawLongBits(zeroBucketWidth) != 0) {
            field(sb, "z_bucket_w", formatNumber(zeroBucketWidth));
        }
        if (!buckets.isEmpty()) {
            field(sb, "buckets", formatList(buckets));
        }
        if (offset != 0) {
            field(sb, "offset", Integer.toString(offset));
        }
        if (!negativeBuckets.isEmpty()) {
            field(sb, "n_buckets", formatList(negativeBuckets));
        }
        if (negativeOffset != 0) {
            field(sb, "n_offset", Integer.toString(negativeOffset));
        }
        if (counterResetHint != CounterResetHint.UNKNOWN) {
            field(sb, "counter_reset_hint", counterResetHint.notation());
        }
        if (!customValues.isEmpty()) {
            field(sb, "custom_values", formatList(customValues));
        }
        return sb.append("}}").toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (sb.length() > 2) {
            sb.append(' ');
        }
        sb.append(name).append(':').append(value);
    }

    private static String formatList(List<Double> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(formatNumber(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /** A float in the file's notation, exact enough to read back to the same value. */
    static String formatNumber(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (Double.doubleToRawLongBits(value) == Long.MIN_VALUE ? "-" : "") + (long) value;
        }
        return Double.toString(value);
    }
}
