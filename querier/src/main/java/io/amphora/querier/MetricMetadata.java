package io.amphora.querier;

import static java.util.Objects.requireNonNull;

/**
 * Metadata of one metric family, as ingesters keep it ({@code /api/v1/metadata}).
 *
 * @param type Prometheus's type name: {@code counter}, {@code gauge}, {@code histogram}, ... or {@code unknown}
 */
public record MetricMetadata(String metricFamilyName, String type, String help, String unit) {
    public MetricMetadata {
        requireNonNull(metricFamilyName, "metricFamilyName is null");
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
    }
}
