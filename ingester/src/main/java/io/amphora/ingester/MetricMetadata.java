package io.amphora.ingester;

import static java.util.Objects.requireNonNull;

/** Metadata of a metric family as Prometheus reports it: type name, help text, unit (empty when unknown). */
public record MetricMetadata(String metricFamilyName, String type, String help, String unit) {
    public MetricMetadata {
        requireNonNull(metricFamilyName, "metricFamilyName is null");
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
        if (metricFamilyName.isEmpty()) {
            throw new IllegalArgumentException("metric family name is empty");
        }
    }
}
