package io.amphora.ring.ha;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@link HaTracker}; defaults follow Cortex and the managed-service quotas.
 *
 * @param updateTimeout how often, at most, the elected replica's last-seen time is written back to the KV store
 *         while it keeps sending; must be shorter than {@code failoverTimeout}, because other distributors judge the
 *         replica's silence by that stored time, which lags by up to this much
 * @param failoverTimeout how long the elected replica must have been silent before another replica of its cluster
 *         can take over
 * @param maxClusters the default per-tenant limit on HA clusters; 0 means no limit
 * @param staleClusterAge how long a cluster may go without any accepted sample before
 *         {@link HaTracker#removeStaleClusters()} forgets it (freeing its place under the limit); longer than
 *         {@code failoverTimeout}
 * @param maxCasAttempts how many lost compare-and-set races one decision tolerates before failing
 */
public record HaTrackerConfig(Duration updateTimeout, Duration failoverTimeout, int maxClusters,
        Duration staleClusterAge, int maxCasAttempts) {
    public static final Duration DEFAULT_UPDATE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CLUSTERS = 500;
    public static final Duration DEFAULT_STALE_CLUSTER_AGE = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_CAS_ATTEMPTS = 10;

    public HaTrackerConfig {
        requireNonNull(updateTimeout, "updateTimeout is null");
        requireNonNull(failoverTimeout, "failoverTimeout is null");
        requireNonNull(staleClusterAge, "staleClusterAge is null");
        requirePositive("updateTimeout", updateTimeout);
        requirePositive("failoverTimeout", failoverTimeout);
        if (failoverTimeout.compareTo(updateTimeout) <= 0) {
            throw new IllegalArgumentException("HA tracker failover timeout (" + failoverTimeout
                    + ") must be longer than the update timeout (" + updateTimeout + ")");
        }
        if (maxClusters < 0) {
            throw new IllegalArgumentException("maxClusters must not be negative: " + maxClusters);
        }
        if (staleClusterAge.compareTo(failoverTimeout) <= 0) {
            throw new IllegalArgumentException("HA tracker stale cluster age (" + staleClusterAge
                    + ") must be longer than the failover timeout (" + failoverTimeout + ")");
        }
        if (maxCasAttempts < 1) {
            throw new IllegalArgumentException("maxCasAttempts must be at least 1: " + maxCasAttempts);
        }
    }

    public static HaTrackerConfig defaults() {
        return new HaTrackerConfig(DEFAULT_UPDATE_TIMEOUT, DEFAULT_FAILOVER_TIMEOUT, DEFAULT_MAX_CLUSTERS,
                DEFAULT_STALE_CLUSTER_AGE, DEFAULT_MAX_CAS_ATTEMPTS);
    }

    public HaTrackerConfig withTimeouts(Duration update, Duration failover) {
        return new HaTrackerConfig(update, failover, maxClusters, staleClusterAge, maxCasAttempts);
    }

    public HaTrackerConfig withMaxClusters(int clusters) {
        return new HaTrackerConfig(updateTimeout, failoverTimeout, clusters, staleClusterAge, maxCasAttempts);
    }

    public HaTrackerConfig withStaleClusterAge(Duration age) {
        return new HaTrackerConfig(updateTimeout, failoverTimeout, maxClusters, age, maxCasAttempts);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
