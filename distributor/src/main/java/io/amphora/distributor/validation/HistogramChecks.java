package io.amphora.distributor.validation;

import io.amphora.distributor.remotewrite.NativeHistogram;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.HistogramError;
import io.amphora.model.histogram.HistogramException;
import io.amphora.model.histogram.HistogramValidation;

/**
 * Whether a decoded native histogram can be stored, and its model form. Schemas −4..8 and custom buckets (−53)
 * are stored as sent; the higher resolutions 9..52 are first reduced to 8, as Prometheus's remote-write receiver
 * does. The histogram must then pass Prometheus's validation ({@link HistogramValidation}, whose messages are
 * reported). Amphora additionally refuses a histogram that mixes integer and float members, which Prometheus would
 * silently half-ignore.
 */
public final class HistogramChecks {
    private HistogramChecks() {}

    /** A schema that is stored as is or after reducing its resolution. */
    static boolean hasValidSchema(NativeHistogram h) {
        return HistogramValidation.isValidSchema(h.schema())
                || (h.schema() > HistogramValidation.MAX_EXPONENTIAL_SCHEMA
                        && h.schema() <= HistogramValidation.MAX_RESERVED_EXPONENTIAL_SCHEMA);
    }

    /**
     * The integer histogram to store for {@code h}, a valid integer histogram (see {@link #problem}), with its
     * resolution reduced to schema 8 when it is finer.
     */
    public static Histogram toHistogram(NativeHistogram h) {
        Histogram histogram = h.toHistogram();
        return histogram.schema() > HistogramValidation.MAX_EXPONENTIAL_SCHEMA
                ? histogram.reduceResolution(HistogramValidation.MAX_EXPONENTIAL_SCHEMA) : histogram;
    }

    /** The float histogram to store for {@code h}, a valid float histogram, with its resolution reduced as above. */
    public static FloatHistogram toFloatHistogram(NativeHistogram h) {
        FloatHistogram histogram = h.toFloatHistogram();
        return histogram.schema() > HistogramValidation.MAX_EXPONENTIAL_SCHEMA
                ? histogram.reduceResolution(HistogramValidation.MAX_EXPONENTIAL_SCHEMA) : histogram;
    }

    /** What is wrong with a histogram whose schema is valid (Prometheus's message), or null when nothing is. */
    static String problem(NativeHistogram h) {
        String mixture = mixedKindProblem(h);
        if (mixture != null) {
            return mixture;
        }
        try {
            return h.floatHistogram()
                    ? HistogramValidation.firstViolation(toFloatHistogram(h))
                    : HistogramValidation.firstViolation(toHistogram(h));
        } catch (HistogramException e) {
            // Reducing the resolution of a histogram whose spans and buckets disagree.
            return e.getMessage();
        } catch (IllegalArgumentException e) {
            // A span longer than any bucket array.
            return e.getMessage() + ": " + HistogramError.SPANS_BUCKETS_MISMATCH.text();
        }
    }

    private static String mixedKindProblem(NativeHistogram h) {
        if (h.floatHistogram()) {
            if (h.negativeDeltas().length > 0 || h.positiveDeltas().length > 0) {
                return "a float histogram (count_float set) must carry bucket counts, not integer deltas";
            }
            if (h.zeroCountInt() != 0) {
                return "a float histogram (count_float set) must not carry an integer zero count";
            }
        } else {
            if (h.negativeCounts().length > 0 || h.positiveCounts().length > 0) {
                return "an integer histogram must carry bucket deltas, not float counts";
            }
            if (h.zeroCountFloat() != 0) {
                return "an integer histogram must not carry a float zero count";
            }
        }
        return null;
    }
}
