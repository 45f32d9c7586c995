package io.amphora.prometheusapi;

import static java.util.Objects.requireNonNull;

/**
 * The {@code data} of {@code /api/v1/status/buildinfo}, the fields of Prometheus's own. Grafana reads
 * {@code version} to decide which Prometheus features it may use, so it should name the Prometheus version whose
 * API is served.
 */
public record BuildInfo(
        String version, String revision, String branch, String buildUser, String buildDate, String goVersion) {
    public BuildInfo {
        requireNonNull(version, "version is null");
        requireNonNull(revision, "revision is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(buildUser, "buildUser is null");
        requireNonNull(buildDate, "buildDate is null");
        requireNonNull(goVersion, "goVersion is null");
    }
}
