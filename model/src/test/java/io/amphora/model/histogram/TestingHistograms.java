package io.amphora.model.histogram;

/** Short constructors for the histograms of the tests in this package. */
final class TestingHistograms {
    static final Span[] NO_SPANS = new Span[0];
    static final double[] NONE = new double[0];

    private TestingHistograms() {}

    /** Spans from (offset, length) pairs. */
    static Span[] spans(int... offsetsAndLengths) {
        Span[] spans = new Span[offsetsAndLengths.length / 2];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = new Span(offsetsAndLengths[2 * i], offsetsAndLengths[2 * i + 1]);
        }
        return spans;
    }

    static double[] counts(double... counts) {
        return counts;
    }

    static FloatHistogram exponential(int schema, double zeroThreshold, double zeroCount, double count, double sum,
            Span[] positiveSpans, double[] positive, Span[] negativeSpans, double[] negative) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, schema, zeroThreshold, zeroCount, count, sum,
                positiveSpans, positive, negativeSpans, negative, NONE);
    }

    /** An exponential histogram with positive buckets only and no zero bucket. */
    static FloatHistogram positive(int schema, double count, double sum, Span[] spans, double... counts) {
        return exponential(schema, 0, 0, count, sum, spans, counts, NO_SPANS, NONE);
    }

    static FloatHistogram custom(double[] bounds, double count, double sum, Span[] spans, double... counts) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, Histogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, count, sum, spans,
                counts, NO_SPANS, NONE, bounds);
    }
}
