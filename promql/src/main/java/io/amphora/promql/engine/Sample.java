package io.amphora.promql.engine;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;

import static java.util.Objects.requireNonNull;

/**
 * One element of an instant vector: a float sample ({@code histogram == null}) or a native histogram sample (then
 * {@code value} is meaningless and 0).
 */
public record Sample(Labels labels, long timestamp, double value, FloatHistogram histogram) {
    public Sample {
        requireNonNull(labels, "labels is null");
    }

    public static Sample ofFloat(Labels labels, long timestamp, double value) {
        return new Sample(labels, timestamp, value, null);
    }

    public static Sample ofHistogram(Labels labels, long timestamp, FloatHistogram histogram) {
        return new Sample(labels, timestamp, 0, requireNonNull(histogram, "histogram is null"));
    }

    public boolean isHistogram() {
        return histogram != null;
    }
}
