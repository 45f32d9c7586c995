package io.amphora.distributor.remotewrite;

import static java.util.Objects.requireNonNull;

/**
 * Metadata of one metric family as sent in a 1.0 request ({@code WriteRequest.metadata}). Strings are as sent:
 * they may be empty or over any limit; {@code SeriesValidator.validateMetadata} decides.
 */
public record MetricMetadata(String metricFamilyName, MetricType type, String help, String unit) {
    public MetricMetadata {
        requireNonNull(metricFamilyName, "metricFamilyName is null");
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
    }
}
