package io.amphora.distributor.remotewrite;

import static java.util.Objects.requireNonNull;

/**
 * The metadata a 2.0 series carries about its own metric family (which is implied by the series' {@code __name__}).
 * 1.0 series, and 2.0 series that omit it, carry {@link #NONE}. Empty help or unit means "not sent".
 */
public record SeriesMetadata(MetricType type, String help, String unit) {
    public static final SeriesMetadata NONE = new SeriesMetadata(MetricType.UNKNOWN, "", "");

    public SeriesMetadata {
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        requireNonNull(unit, "unit is null");
    }

    public boolean isNone() {
        return type == MetricType.UNKNOWN && help.isEmpty() && unit.isEmpty();
    }
}
