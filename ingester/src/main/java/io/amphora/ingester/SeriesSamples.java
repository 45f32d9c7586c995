package io.amphora.ingester;

import io.amphora.model.Labels;

import static java.util.Objects.requireNonNull;

/**
 * One series of a push: labels and samples in the order sent.
 *
 * @param index the series' position in the request, so failures can name it
 */
public record SeriesSamples(int index, Labels labels, long[] timestamps, double[] values) {
    public SeriesSamples {
        requireNonNull(labels, "labels is null");
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }
}
