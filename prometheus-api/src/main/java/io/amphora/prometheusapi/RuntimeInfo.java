package io.amphora.prometheusapi;

import static java.util.Objects.requireNonNull;

/**
 * The {@code data} of {@code /api/v1/status/runtimeinfo}, with Prometheus's field names (some are Go runtime
 * notions: a Java server reports its nearest equivalents, e.g. live threads for {@code goroutineCount}).
 *
 * @param lastConfigTime Go's zero time ({@code 0001-01-01T00:00:00Z}) when no configuration was loaded
 * @param storageRetention e.g. {@code 15d}, or {@code 15d or 512MiB}
 */
public record RuntimeInfo(
        ApiTime startTime,
        String cwd,
        String hostname,
        ApiTime serverTime,
        boolean reloadConfigSuccess,
        ApiTime lastConfigTime,
        long corruptionCount,
        long goroutineCount,
        long gomaxprocs,
        long gomemlimit,
        String gogc,
        String godebug,
        String storageRetention) {
    public RuntimeInfo {
        requireNonNull(startTime, "startTime is null");
        requireNonNull(cwd, "cwd is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(serverTime, "serverTime is null");
        requireNonNull(lastConfigTime, "lastConfigTime is null");
        requireNonNull(gogc, "gogc is null");
        requireNonNull(godebug, "godebug is null");
        requireNonNull(storageRetention, "storageRetention is null");
    }
}
