package io.amphora.promql.engine;

import java.util.List;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;

/** What a plan node evaluates to over its evaluator's grid (the engine's own representation, not the API's). */
sealed interface EvalValue {

    /** An instant vector over all steps; the list is the parent's to modify. */
    record VectorValue(List<StepSeries> series) implements EvalValue {
        long sampleCount() {
            long n = 0;
            for (StepSeries s : series) {
                n += s.sampleCount();
            }
            return n;
        }
    }

    /** A scalar: one value at every step. */
    record ScalarValue(double[] values) implements EvalValue {}

    record StringResult(String value) implements EvalValue {}

    /** A range vector of raw points (a range selector or subquery at the top of an instant query). */
    record MatrixValue(List<RawSeries> series) implements EvalValue {}

    /**
     * One series' points in increasing time order, floats and histograms kept apart (a timestamp is in at most one
     * of them), each array filled up to its count.
     */
    final class RawSeries {
        Labels labels;
        boolean dropName;
        long[] floatTimes;
        double[] floatValues;
        int floatCount;
        long[] histogramTimes;
        FloatHistogram[] histograms;
        int histogramCount;

        RawSeries(Labels labels, boolean dropName, long[] floatTimes, double[] floatValues, int floatCount,
                long[] histogramTimes, FloatHistogram[] histograms, int histogramCount) {
            this.labels = labels;
            this.dropName = dropName;
            this.floatTimes = floatTimes;
            this.floatValues = floatValues;
            this.floatCount = floatCount;
            this.histogramTimes = histogramTimes;
            this.histograms = histograms;
            this.histogramCount = histogramCount;
        }

        int pointCount() {
            return floatCount + histogramCount;
        }

        long sampleCount() {
            long n = floatCount;
            for (int i = 0; i < histogramCount; i++) {
                n += Samples.histogramSize(histograms[i]);
            }
            return n;
        }
    }
}
