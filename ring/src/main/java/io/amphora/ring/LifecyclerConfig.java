package io.amphora.ring;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How one instance takes part in a ring.
 *
 * @param ringKey where the ring lives in the KV store, e.g. {@link RingKeys#INGESTER}
 * @param instanceId unique within the ring and stable across restarts (so a restarted instance gets its tokens back)
 * @param address where clients reach this instance
 * @param zone its availability zone, or {@code ""}
 * @param numTokens how many tokens it claims
 * @param heartbeatPeriod how often the owner should call {@link Lifecycler#heartbeat()}; well below the ring's
 *         heartbeat timeout ({@link HashRing#DEFAULT_HEARTBEAT_TIMEOUT})
 * @param maxCasAttempts how many lost compare-and-set races an update tolerates before giving up
 */
public record LifecyclerConfig(String ringKey, String instanceId, String address, String zone, int numTokens,
        Duration heartbeatPeriod, int maxCasAttempts) {
    public static final int DEFAULT_NUM_TOKENS = 128;
    public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CAS_ATTEMPTS = 10;

    public LifecyclerConfig {
        requireNonNull(ringKey, "ringKey is null");
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(address, "address is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(heartbeatPeriod, "heartbeatPeriod is null");
        if (ringKey.isEmpty()) {
            throw new IllegalArgumentException("ringKey is empty");
        }
        if (instanceId.isEmpty()) {
            throw new IllegalArgumentException("instanceId is empty");
        }
        if (numTokens < 1) {
            throw new IllegalArgumentException("numTokens must be at least 1: " + numTokens);
        }
        if (heartbeatPeriod.isNegative() || heartbeatPeriod.isZero()) {
            throw new IllegalArgumentException("heartbeatPeriod must be positive: " + heartbeatPeriod);
        }
        if (maxCasAttempts < 1) {
            throw new IllegalArgumentException("maxCasAttempts must be at least 1: " + maxCasAttempts);
        }
    }

    /** The defaults for an instance of the ingester ring. */
    public static LifecyclerConfig ingester(String instanceId, String address, String zone) {
        return new LifecyclerConfig(RingKeys.INGESTER, instanceId, address, zone, DEFAULT_NUM_TOKENS,
                DEFAULT_HEARTBEAT_PERIOD, DEFAULT_MAX_CAS_ATTEMPTS);
    }

    public LifecyclerConfig withNumTokens(int tokens) {
        return new LifecyclerConfig(ringKey, instanceId, address, zone, tokens, heartbeatPeriod, maxCasAttempts);
    }

    public LifecyclerConfig withMaxCasAttempts(int attempts) {
        return new LifecyclerConfig(ringKey, instanceId, address, zone, numTokens, heartbeatPeriod, attempts);
    }
}
