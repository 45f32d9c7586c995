package io.amphora.prometheusapi;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code /api/v1/metadata}: a metric family's type ({@code counter}, {@code gauge}, ...,
 * {@code unknown}), unit and help text, each {@code ""} when not known.
 */
public record MetricMetadata(String type, String unit, String help) {
    public MetricMetadata {
        requireNonNull(type, "type is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(help, "help is null");
    }
}
