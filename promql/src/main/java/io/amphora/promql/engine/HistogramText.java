package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.List;

import io.amphora.model.histogram.BucketBounds;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;

/**
 * Prometheus's text of a float histogram ({@code FloatHistogram.String()}), which {@code count_values} uses as a
 * label value: {@code {count:3, sum:5, [-4,-2):1, [-0.001,0.001]:1, (2,4]:1}} — populated buckets only, negative
 * ones from the lowest, bounds and counts in Go's {@code %g}.
 */
final class HistogramText {
    private HistogramText() {}

    static String format(FloatHistogram h) {
        StringBuilder sb = new StringBuilder("{count:").append(GoFloats.formatG(h.count())).append(", sum:")
                .append(GoFloats.formatG(h.sum()));
        double[] custom = h.customValues();
        List<String> negative = new ArrayList<>();
        forEachBucket(h, false, custom, negative);
        for (int i = negative.size() - 1; i >= 0; i--) {
            sb.append(", ").append(negative.get(i));
        }
        if (h.zeroCount() != 0) {
            sb.append(", [").append(GoFloats.formatG(-h.zeroThreshold())).append(',')
                    .append(GoFloats.formatG(h.zeroThreshold())).append("]:").append(GoFloats.formatG(h.zeroCount()));
        }
        List<String> positive = new ArrayList<>();
        forEachBucket(h, true, custom, positive);
        for (String b : positive) {
            sb.append(", ").append(b);
        }
        return sb.append('}').toString();
    }

    private static void forEachBucket(FloatHistogram h, boolean positive, double[] custom, List<String> out) {
        int spans = positive ? h.positiveSpanCount() : h.negativeSpanCount();
        int bucket = 0;
        int index = 0;
        for (int s = 0; s < spans; s++) {
            Span span = positive ? h.positiveSpan(s) : h.negativeSpan(s);
            index += span.offset();
            for (int k = 0; k < span.length(); k++) {
                double count = positive ? h.positiveBucket(bucket) : h.negativeBucket(bucket);
                bucket++;
                if (count != 0) {
                    out.add(bucket(h.schema(), index, positive, custom, count, h.usesCustomBuckets()));
                }
                index++;
            }
        }
    }

    private static String bucket(int schema, int index, boolean positive, double[] custom, double count,
            boolean customBuckets) {
        double lower;
        double upper;
        if (positive) {
            upper = BucketBounds.upperBound(index, schema, custom);
            lower = BucketBounds.upperBound(index - 1, schema, custom);
        } else {
            lower = -BucketBounds.upperBound(index, schema, custom);
            upper = -BucketBounds.upperBound(index - 1, schema, custom);
        }
        boolean lowerInclusive = customBuckets ? index == 0 : lower < 0;
        boolean upperInclusive = customBuckets || upper > 0;
        return (lowerInclusive ? "[" : "(") + GoFloats.formatG(lower) + "," + GoFloats.formatG(upper)
                + (upperInclusive ? "]" : ")") + ":" + GoFloats.formatG(count);
    }
}
