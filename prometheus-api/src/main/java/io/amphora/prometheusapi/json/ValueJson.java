package io.amphora.prometheusapi.json;

import io.amphora.model.Labels;
import io.amphora.model.histogram.BucketBounds;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Sample;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;

/**
 * Query results in the JSON of Prometheus's HTTP API, byte for byte as Prometheus 3 writes them, streamed straight
 * from the engine's arrays.
 *
 * <p>Vectors and matrices follow Prometheus's hand-written encoders: sample values as strings
 * ({@code jsonutil.MarshalFloat}), timestamps as seconds with a three-digit fraction ({@code 1435781451.781},
 * {@code 1.100}). Scalars and strings go through Go's {@code encoding/json} in Prometheus, so their timestamp is
 * the shortest float ({@code 1.1}) and a scalar's value never uses exponent notation.
 */
public final class ValueJson {
    private ValueJson() {}

    /** {@code "matrix"}, {@code "vector"}, {@code "scalar"} or {@code "string"}. */
    public static String resultType(QueryValue value) {
        return switch (value) {
            case Matrix _ -> "matrix";
            case Vector _ -> "vector";
            case Scalar _ -> "scalar";
            case StringValue _ -> "string";
        };
    }

    /** The {@code result} of a query: an array of series or samples, or a {@code [time, value]} pair. */
    public static void writeResult(JsonOutput out, QueryValue value) {
        switch (value) {
            case Matrix m -> {
                out.raw('[');
                boolean first = true;
                for (RangeSeries series : m.series()) {
                    if (!first) {
                        out.raw(',');
                    }
                    first = false;
                    writeSeries(out, series);
                }
                out.raw(']');
            }
            case Vector v -> {
                out.raw('[');
                boolean first = true;
                for (Sample sample : v.samples()) {
                    if (!first) {
                        out.raw(',');
                    }
                    first = false;
                    writeSample(out, sample);
                }
                out.raw(']');
            }
            case Scalar s -> {
                out.raw('[').goJsonNumber(s.timestamp() / 1000.0).raw(',').plainFloatString(s.value()).raw(']');
            }
            case StringValue s -> {
                out.raw('[').goJsonNumber(s.timestamp() / 1000.0).raw(',').goJsonString(s.value()).raw(']');
            }
        }
    }

    /** A label set as an object in label order; names and values without HTML escaping. */
    public static void writeLabels(JsonOutput out, Labels labels) {
        out.raw('{');
        int size = labels.size();
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.rawString(labels.name(i)).raw(':').rawString(labels.value(i));
        }
        out.raw('}');
    }

    /** {@code {"metric":{...},"value":[t,"v"]}} or, for a histogram sample, {@code "histogram":[t,{...}]}. */
    public static void writeSample(JsonOutput out, Sample sample) {
        out.raw("{\"metric\":");
        writeLabels(out, sample.labels());
        if (sample.histogram() == null) {
            out.raw(",\"value\":[").timestamp(sample.timestamp()).raw(',').sampleValue(sample.value()).raw(']');
        } else {
            out.raw(",\"histogram\":[").timestamp(sample.timestamp()).raw(',');
            writeHistogram(out, sample.histogram());
            out.raw(']');
        }
        out.raw('}');
    }

    /** {@code {"metric":{...},"values":[...],"histograms":[...]}}, each array only when it has points. */
    public static void writeSeries(JsonOutput out, RangeSeries series) {
        out.raw("{\"metric\":");
        writeLabels(out, series.labels());
        long[] floatTimestamps = series.floatTimestamps();
        double[] floatValues = series.floatValues();
        if (floatTimestamps.length > 0) {
            out.raw(",\"values\":[");
            for (int i = 0; i < floatTimestamps.length; i++) {
                if (i > 0) {
                    out.raw(',');
                }
                out.raw('[').timestamp(floatTimestamps[i]).raw(',').sampleValue(floatValues[i]).raw(']');
            }
            out.raw(']');
        }
        long[] histogramTimestamps = series.histogramTimestamps();
        FloatHistogram[] histograms = series.histograms();
        if (histogramTimestamps.length > 0) {
            out.raw(",\"histograms\":[");
            for (int i = 0; i < histogramTimestamps.length; i++) {
                if (i > 0) {
                    out.raw(',');
                }
                out.raw('[').timestamp(histogramTimestamps[i]).raw(',');
                writeHistogram(out, histograms[i]);
                out.raw(']');
            }
            out.raw(']');
        }
        out.raw('}');
    }

    /**
     * {@code {"count":"..","sum":"..","buckets":[[rule,"lower","upper","count"],...]}} as
     * {@code jsonutil.MarshalHistogram} writes it: buckets from the most negative to the most positive, the zero
     * bucket between the sides, buckets with a count of zero left out, and {@code buckets} left out when none is
     * left. The rule says which bounds are inclusive: 0 upper only, 1 lower only, 2 neither, 3 both. Bounds of
     * exponential buckets that reach into the zero bucket are clipped to its threshold.
     */
    public static void writeHistogram(JsonOutput out, FloatHistogram h) {
        out.raw("{\"count\":").sampleValue(h.count()).raw(",\"sum\":").sampleValue(h.sum());
        boolean custom = h.usesCustomBuckets();
        double[] customValues = custom ? h.customValues() : null;
        int schema = h.schema();
        double threshold = h.zeroThreshold();
        boolean any = false;

        int negativeCount = h.negativeBucketCount();
        if (negativeCount > 0) {
            int[] indexes = bucketIndexes(h, false, negativeCount);
            for (int i = negativeCount - 1; i >= 0; i--) {
                double count = h.negativeBucket(i);
                if (count == 0) {
                    continue;
                }
                int index = indexes[i];
                double lower = -bound(index, schema, customValues);
                double upper = -bound(index - 1, schema, customValues);
                if (upper < 0 && upper > -threshold) {
                    upper = -threshold;
                } else if (lower > 0 && lower < threshold) {
                    lower = threshold;
                }
                any = writeBucket(out, any, rule(custom, index, lower, upper), lower, upper, count);
            }
        }
        if (!custom && h.zeroCount() > 0) {
            any = writeBucket(out, any, 3, -threshold, threshold, h.zeroCount());
        }
        int positiveCount = h.positiveBucketCount();
        if (positiveCount > 0) {
            int[] indexes = bucketIndexes(h, true, positiveCount);
            for (int i = 0; i < positiveCount; i++) {
                double count = h.positiveBucket(i);
                if (count == 0) {
                    continue;
                }
                int index = indexes[i];
                double lower = bound(index - 1, schema, customValues);
                double upper = bound(index, schema, customValues);
                if (lower > 0 && lower < threshold) {
                    lower = threshold;
                } else if (upper < 0 && upper > -threshold) {
                    upper = -threshold;
                }
                any = writeBucket(out, any, rule(custom, index, lower, upper), lower, upper, count);
            }
        }
        if (any) {
            out.raw(']');
        }
        out.raw('}');
    }

    private static boolean writeBucket(
            JsonOutput out, boolean any, int rule, double lower, double upper, double count) {
        out.raw(any ? "," : ",\"buckets\":[");
        out.raw('[').raw((char) ('0' + rule)).raw(',').sampleValue(lower).raw(',').sampleValue(upper).raw(',')
                .sampleValue(count).raw(']');
        return true;
    }

    /** 0: (lower, upper]; 1: [lower, upper); 2: (lower, upper); 3: [lower, upper]. */
    private static int rule(boolean custom, int index, double lower, double upper) {
        boolean lowerInclusive;
        boolean upperInclusive;
        if (custom) {
            lowerInclusive = index == 0;
            upperInclusive = true;
        } else {
            lowerInclusive = lower < 0;
            upperInclusive = upper > 0;
        }
        if (lowerInclusive) {
            return upperInclusive ? 3 : 1;
        }
        return upperInclusive ? 0 : 2;
    }

    private static double bound(int index, int schema, double[] customValues) {
        return customValues != null
                ? BucketBounds.upperBound(index, schema, customValues)
                : BucketBounds.exponentialUpperBound(index, schema);
    }

    /** The absolute bucket index of each stored bucket of one side, from the spans' offsets and lengths. */
    private static int[] bucketIndexes(FloatHistogram h, boolean positive, int bucketCount) {
        int[] indexes = new int[bucketCount];
        int spanCount = positive ? h.positiveSpanCount() : h.negativeSpanCount();
        int next = 0;
        int index = 0;
        for (int s = 0; s < spanCount && next < bucketCount; s++) {
            Span span = positive ? h.positiveSpan(s) : h.negativeSpan(s);
            index += span.offset();
            for (int j = 0; j < span.length() && next < bucketCount; j++) {
                indexes[next++] = index++;
            }
        }
        if (next < bucketCount) {
            throw new IllegalArgumentException("histogram has " + bucketCount + " buckets but its spans hold " + next);
        }
        return indexes;
    }
}
