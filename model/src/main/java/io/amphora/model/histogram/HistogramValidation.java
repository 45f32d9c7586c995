package io.amphora.model.histogram;

/**
 * Prometheus's validation of native histograms ({@code Histogram.Validate} and {@code FloatHistogram.Validate}),
 * which its TSDB applies before appending and which remote write reports to senders as 400 errors with these
 * messages.
 *
 * <p>Rules, in the order they are checked: custom-bucket histograms need valid custom bounds (no NaN, strictly
 * increasing, no explicit +Inf), non-negative span offsets, as many buckets as the spans describe and enough bounds
 * for the spans; they must not have a zero count, zero threshold, negative spans or negative buckets. Exponential
 * histograms need a schema in −4..8, no negative offset in any span but the first, bucket counts matching spans on
 * both sides, no negative bucket, no negative zero count (float) and no custom bounds. Every other schema is
 * invalid. Then no bucket count may be negative, and: a float histogram's count must not be negative; an integer
 * histogram's count must equal the sum of all buckets and the zero bucket, or be at least that sum when its sum is
 * NaN (NaN observations increase only the count). Integer counts are unsigned 64-bit values, summed with
 * wrap-around as Prometheus does.
 *
 * <p>Remote write receives schemas 9..52 too (reserved for higher resolutions): Prometheus first reduces them to 8
 * ({@link Histogram#reduceResolution}, {@link FloatHistogram#reduceResolution}), then validates.
 */
public final class HistogramValidation {
    public static final int MIN_EXPONENTIAL_SCHEMA = -4;
    public static final int MAX_EXPONENTIAL_SCHEMA = 8;
    public static final int MIN_RESERVED_EXPONENTIAL_SCHEMA = -9;
    public static final int MAX_RESERVED_EXPONENTIAL_SCHEMA = 52;

    private HistogramValidation() {}

    public static boolean isExponentialSchema(int schema) {
        return schema >= MIN_EXPONENTIAL_SCHEMA && schema <= MAX_EXPONENTIAL_SCHEMA;
    }

    public static boolean isCustomBucketsSchema(int schema) {
        return schema == Histogram.CUSTOM_BUCKETS_SCHEMA;
    }

    /** A schema that can be stored: −4..8 or custom buckets. */
    public static boolean isValidSchema(int schema) {
        return isCustomBucketsSchema(schema) || isExponentialSchema(schema);
    }

    /** A schema remote write accepts: −9..52 (resolutions above 8 are reduced to 8) or custom buckets. */
    public static boolean isKnownSchema(int schema) {
        return isCustomBucketsSchema(schema)
                || (schema >= MIN_RESERVED_EXPONENTIAL_SCHEMA && schema <= MAX_RESERVED_EXPONENTIAL_SCHEMA);
    }

    /** Prometheus's message for a schema that is not {@linkplain #isValidSchema valid}. */
    public static String invalidSchemaMessage(int schema) {
        return HistogramError.INVALID_SCHEMA.text() + ", got schema " + schema;
    }

    /** Prometheus's message for a schema that is not {@linkplain #isKnownSchema known} (remote-write decoding). */
    public static String unknownSchemaMessage(int schema) {
        return HistogramError.UNKNOWN_SCHEMA.text() + ", got schema " + schema;
    }

    /** The first rule {@code h} breaks, as Prometheus's message, or null if it is valid. */
    public static String firstViolation(Histogram h) {
        HistogramException violation = violation(h);
        return violation == null ? null : violation.getMessage();
    }

    /** The first rule {@code h} breaks, as Prometheus's message, or null if it is valid. */
    public static String firstViolation(FloatHistogram h) {
        HistogramException violation = violation(h);
        return violation == null ? null : violation.getMessage();
    }

    /** @throws HistogramException naming the first rule {@code h} breaks */
    public static void check(Histogram h) {
        HistogramException violation = violation(h);
        if (violation != null) {
            throw violation;
        }
    }

    /** @throws HistogramException naming the first rule {@code h} breaks */
    public static void check(FloatHistogram h) {
        HistogramException violation = violation(h);
        if (violation != null) {
            throw violation;
        }
    }

    private static HistogramException violation(Histogram h) {
        long negativeSum = 0;
        int schema = h.schema();
        if (isCustomBucketsSchema(schema)) {
            HistogramException e = checkCustomBounds(h.customValueArray(), h.positiveSpanArray(),
                    h.positiveBucketCount());
            if (e != null) {
                return e;
            }
            if (h.zeroCount() != 0) {
                return error(HistogramError.CUSTOM_BUCKETS_ZERO_COUNT, "");
            }
            HistogramException custom = checkCustomOnlyParts(h.zeroThreshold(), h.negativeSpanCount(),
                    h.negativeBucketCount());
            if (custom != null) {
                return custom;
            }
        } else if (isExponentialSchema(schema)) {
            HistogramException e = checkSpans("positive side: ", h.positiveSpanArray(), h.positiveBucketCount());
            if (e == null) {
                e = checkSpans("negative side: ", h.negativeSpanArray(), h.negativeBucketCount());
            }
            if (e != null) {
                return e;
            }
            long current = 0;
            long[] deltas = h.negativeDeltaArray();
            for (int i = 0; i < deltas.length; i++) {
                current += deltas[i];
                if (current < 0) {
                    return negativeBucket("negative side: ", i, Long.toString(current));
                }
                negativeSum += current;
            }
            if (h.customValueCount() > 0) {
                return error(HistogramError.EXPONENTIAL_SCHEMA_CUSTOM_BOUNDS, "");
            }
        } else {
            return new HistogramException(HistogramError.INVALID_SCHEMA, invalidSchemaMessage(schema));
        }
        long positiveSum = 0;
        long current = 0;
        long[] deltas = h.positiveDeltaArray();
        for (int i = 0; i < deltas.length; i++) {
            current += deltas[i];
            if (current < 0) {
                return negativeBucket("positive side: ", i, Long.toString(current));
            }
            positiveSum += current;
        }
        long inBuckets = negativeSum + positiveSum + h.zeroCount();
        if (Double.isNaN(h.sum())) {
            if (Long.compareUnsigned(inBuckets, h.count()) > 0) {
                return error(HistogramError.COUNT_NOT_BIG_ENOUGH, Long.toUnsignedString(inBuckets)
                        + " observations found in buckets, but the Count field is "
                        + Long.toUnsignedString(h.count()) + ": ");
            }
        } else if (inBuckets != h.count()) {
            return error(HistogramError.COUNT_MISMATCH, Long.toUnsignedString(inBuckets)
                    + " observations found in buckets, but the Count field is " + Long.toUnsignedString(h.count())
                    + ": ");
        }
        return null;
    }

    /** Float histograms: the count is not compared with the buckets, as rounding would cause false alarms. */
    private static HistogramException violation(FloatHistogram h) {
        int schema = h.schema();
        if (isCustomBucketsSchema(schema)) {
            HistogramException e = checkCustomBounds(h.customValueArray(), h.positiveSpanArray(),
                    h.positiveBucketCount());
            if (e != null) {
                return e;
            }
            if (h.zeroCount() != 0) {
                return error(HistogramError.CUSTOM_BUCKETS_ZERO_COUNT, "");
            }
            HistogramException custom = checkCustomOnlyParts(h.zeroThreshold(), h.negativeSpanCount(),
                    h.negativeBucketCount());
            if (custom != null) {
                return custom;
            }
        } else if (isExponentialSchema(schema)) {
            HistogramException e = checkSpans("positive side: ", h.positiveSpanArray(), h.positiveBucketCount());
            if (e == null) {
                e = checkSpans("negative side: ", h.negativeSpanArray(), h.negativeBucketCount());
            }
            if (e == null) {
                e = checkBuckets("negative side: ", h.negativeBucketArray());
            }
            if (e != null) {
                return e;
            }
            if (h.zeroCount() < 0) {
                return error(HistogramError.NEGATIVE_BUCKET_COUNT,
                        "zero bucket has observation count of " + GoFormat.v(h.zeroCount()) + ": ");
            }
            if (h.customValueCount() > 0) {
                return error(HistogramError.EXPONENTIAL_SCHEMA_CUSTOM_BOUNDS, "");
            }
        } else {
            return new HistogramException(HistogramError.INVALID_SCHEMA, invalidSchemaMessage(schema));
        }
        if (h.count() < 0) {
            return error(HistogramError.NEGATIVE_COUNT, "observation count is  " + GoFormat.v(h.count()) + ": ");
        }
        return checkBuckets("positive side: ", h.positiveBucketArray());
    }

    private static HistogramException checkCustomOnlyParts(double zeroThreshold, int negativeSpans,
            int negativeBuckets) {
        if (zeroThreshold != 0) {
            return error(HistogramError.CUSTOM_BUCKETS_ZERO_THRESHOLD, "");
        }
        if (negativeSpans > 0) {
            return error(HistogramError.CUSTOM_BUCKETS_NEGATIVE_SPANS, "");
        }
        if (negativeBuckets > 0) {
            return error(HistogramError.CUSTOM_BUCKETS_NEGATIVE_BUCKETS, "");
        }
        return null;
    }

    private static HistogramException checkBuckets(String side, double[] buckets) {
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] < 0) {
                return negativeBucket(side, i, GoFormat.v(buckets[i]));
            }
        }
        return null;
    }

    private static HistogramException negativeBucket(String side, int i, String count) {
        return error(HistogramError.NEGATIVE_BUCKET_COUNT,
                side + "bucket number " + (i + 1) + " has observation count of " + count + ": ");
    }

    private static HistogramException checkSpans(String side, Span[] spans, int buckets) {
        long needed = 0;
        for (int n = 0; n < spans.length; n++) {
            if (n > 0 && spans[n].offset() < 0) {
                return error(HistogramError.SPAN_NEGATIVE_OFFSET,
                        side + "span number " + (n + 1) + " with offset " + spans[n].offset() + ": ");
            }
            needed += spans[n].length();
        }
        if (needed != buckets) {
            return error(HistogramError.SPANS_BUCKETS_MISMATCH,
                    side + "spans need " + needed + " buckets, have " + buckets + " buckets: ");
        }
        return null;
    }

    private static HistogramException checkCustomBounds(double[] bounds, Span[] spans, int buckets) {
        String prefix = "custom buckets: ";
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < bounds.length; i++) {
            double current = bounds[i];
            if (Double.isNaN(current)) {
                return error(HistogramError.CUSTOM_BUCKETS_NAN, prefix);
            }
            if (i > 0 && current <= previous) {
                return error(HistogramError.CUSTOM_BUCKETS_INVALID, prefix + "previous bound is "
                        + GoFormat.f(previous) + " and current is " + GoFormat.f(current) + ": ");
            }
            previous = current;
        }
        if (previous == Double.POSITIVE_INFINITY) {
            return error(HistogramError.CUSTOM_BUCKETS_INFINITE,
                    prefix + "last +Inf bound must not be explicitly defined: ");
        }
        long needed = 0;
        long covered = 0;
        for (int n = 0; n < spans.length; n++) {
            if (spans[n].offset() < 0) {
                return error(HistogramError.SPAN_NEGATIVE_OFFSET,
                        prefix + "span number " + (n + 1) + " with offset " + spans[n].offset() + ": ");
            }
            needed += spans[n].length();
            covered += spans[n].length() + (long) spans[n].offset();
        }
        if (needed != buckets) {
            return error(HistogramError.SPANS_BUCKETS_MISMATCH,
                    prefix + "spans need " + needed + " buckets, have " + buckets + " buckets: ");
        }
        if (bounds.length + 1L < covered) {
            return error(HistogramError.CUSTOM_BUCKETS_MISMATCH, prefix + "only " + bounds.length
                    + " custom bounds defined which is insufficient to cover total span length of " + covered + ": ");
        }
        return null;
    }

    private static HistogramException error(HistogramError error, String details) {
        return new HistogramException(error, details + error.text());
    }
}
