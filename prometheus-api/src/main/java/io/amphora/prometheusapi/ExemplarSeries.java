package io.amphora.prometheusapi;

import java.util.List;

import io.amphora.model.Labels;

import static java.util.Objects.requireNonNull;

/** The exemplars of one series in a {@code /api/v1/query_exemplars} answer. */
public record ExemplarSeries(Labels seriesLabels, List<Exemplar> exemplars) {
    public ExemplarSeries {
        requireNonNull(seriesLabels, "seriesLabels is null");
        exemplars = List.copyOf(requireNonNull(exemplars, "exemplars is null"));
    }
}
