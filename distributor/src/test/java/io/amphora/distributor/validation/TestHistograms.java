package io.amphora.distributor.validation;

import io.amphora.distributor.remotewrite.BucketSpan;
import io.amphora.distributor.remotewrite.NativeHistogram;
import io.amphora.distributor.remotewrite.ResetHint;

import java.util.List;

/** Readable construction of {@link NativeHistogram}s for tests; every setter returns a changed copy. */
record TestHistograms(
        long timestamp,
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
        double[] customValues) {

    /** An integer histogram, schema 0, count 4 = zero bucket 1 + positive buckets 1 and 2. */
    static TestHistograms integer(long timestamp) {
        return new TestHistograms(timestamp, false, 4, 0, 10, 0, 0.001, 1, 0,
                List.of(), new long[0], new double[0],
                List.of(new BucketSpan(0, 2)), new long[] {1, 1}, new double[0], new double[0]);
    }

    /** A float histogram, schema 1, count 3.5 over a zero bucket 0.5 and buckets 1, 2. */
    static TestHistograms floating(long timestamp) {
        return new TestHistograms(timestamp, true, 0, 3.5, 10, 1, 0.001, 0, 0.5,
                List.of(new BucketSpan(-1, 1)), new long[0], new double[] {1},
                List.of(new BucketSpan(0, 1)), new long[0], new double[] {2}, new double[0]);
    }

    /** A custom-bucket (schema -53) integer histogram with bounds 1, 2 and counts 1, 2, 3 (+Inf bucket). */
    static TestHistograms custom(long timestamp) {
        return new TestHistograms(timestamp, false, 6, 0, 10, NativeHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 0,
                List.of(), new long[0], new double[0],
                List.of(new BucketSpan(0, 3)), new long[] {1, 1, 1}, new double[0], new double[] {1, 2});
    }

    TestHistograms countInt(long value) {
        return new TestHistograms(timestamp, floatHistogram, value, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms countFloat(double value) {
        return new TestHistograms(timestamp, floatHistogram, countInt, value, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms sum(double value) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, value, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms schema(int value) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, value, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms zeroThreshold(double value) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, value,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms zeroCountInt(long value) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                value, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms zeroCountFloat(double value) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, value, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms negative(List<BucketSpan> spans, long... deltas) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, spans, deltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms negativeCounts(List<BucketSpan> spans, double... counts) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, spans, negativeDeltas, counts, positiveSpans,
                positiveDeltas, positiveCounts, customValues);
    }

    TestHistograms positive(List<BucketSpan> spans, long... deltas) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, spans,
                deltas, positiveCounts, customValues);
    }

    TestHistograms positiveCounts(List<BucketSpan> spans, double... counts) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, spans,
                positiveDeltas, counts, customValues);
    }

    TestHistograms customValues(double... values) {
        return new TestHistograms(timestamp, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, values);
    }

    NativeHistogram build() {
        return new NativeHistogram(timestamp, 0, floatHistogram, countInt, countFloat, sum, schema, zeroThreshold,
                zeroCountInt, zeroCountFloat, negativeSpans, negativeDeltas, negativeCounts, positiveSpans,
                positiveDeltas, positiveCounts, ResetHint.UNKNOWN, customValues);
    }

    static List<BucketSpan> spans(long... offsetsAndLengths) {
        BucketSpan[] spans = new BucketSpan[offsetsAndLengths.length / 2];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = new BucketSpan((int) offsetsAndLengths[2 * i], offsetsAndLengths[2 * i + 1]);
        }
        return List.of(spans);
    }
}
