package io.amphora.prometheusapi;

import io.amphora.model.Labels;

import static java.util.Objects.requireNonNull;

/** An exemplar in a {@code /api/v1/query_exemplars} answer: its own labels (e.g. a trace id), value and time. */
public record Exemplar(Labels labels, double value, long timestampMillis) {
    public Exemplar {
        requireNonNull(labels, "labels is null");
    }
}
