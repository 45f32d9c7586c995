package io.amphora.ingester;

import io.amphora.model.Labels;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One series of a push: labels, float samples and native histogram samples, each in the order sent. The ingester
 * appends the floats first, then the histograms, as Prometheus's remote-write receiver does.
 *
 * @param index the series' position in the request, so failures can name it
 */
public record SeriesSamples(int index, Labels labels, long[] timestamps, double[] values, List<HistogramSample> histograms) {
    public SeriesSamples {
        requireNonNull(labels, "labels is null");
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        histograms = List.copyOf(requireNonNull(histograms, "histograms is null"));
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    /** A series with float samples only. */
    public SeriesSamples(int index, Labels labels, long[] timestamps, double[] values) {
        this(index, labels, timestamps, values, List.of());
    }

    /** Float and histogram samples together. */
    public int sampleCount() {
        return timestamps.length + histograms.size();
    }
}
