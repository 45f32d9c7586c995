package io.amphora.distributor;

import io.amphora.distributor.remotewrite.RemoteWriteDecoder;

import java.time.Duration;

/**
 * The distributor's settings (properties {@code amphora.distributor.*}; reference: {@code docs/configuration.md}).
 *
 * @param replicationFactor how many ingesters receive each series; a write needs a quorum ({@code RF/2 + 1})
 * @param remoteTimeout how long a push to the ingesters may take before unanswered replicas count as failed
 * @param maxRecvMessageSize largest remote-write body accepted, compressed or decompressed (413 beyond)
 * @param haFailoverTimeout how long the elected replica of an HA pair must be silent before another is elected
 * @param haUpdateTimeout how often, at most, the elected replica's last-seen time is written to the KV store
 */
public record DistributorConfig(int replicationFactor, Duration remoteTimeout, int maxRecvMessageSize,
                                Duration haFailoverTimeout, Duration haUpdateTimeout) {
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_RECV_MESSAGE_SIZE = RemoteWriteDecoder.DEFAULT_MAX_DECOMPRESSED_BYTES;
    public static final Duration DEFAULT_HA_FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HA_UPDATE_TIMEOUT = Duration.ofSeconds(15);

    public static DistributorConfig defaults() {
        return new DistributorConfig(DEFAULT_REPLICATION_FACTOR, DEFAULT_REMOTE_TIMEOUT, DEFAULT_MAX_RECV_MESSAGE_SIZE,
                DEFAULT_HA_FAILOVER_TIMEOUT, DEFAULT_HA_UPDATE_TIMEOUT);
    }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public DistributorConfig validate() {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("amphora.distributor.replication-factor must be at least 1");
        }
        if (!remoteTimeout.isPositive()) {
            throw new IllegalArgumentException("amphora.distributor.remote-timeout must be positive");
        }
        if (maxRecvMessageSize < 1) {
            throw new IllegalArgumentException("amphora.distributor.max-recv-message-size must be positive");
        }
        if (!haFailoverTimeout.isPositive() || !haUpdateTimeout.isPositive()) {
            throw new IllegalArgumentException("amphora.distributor.ha-tracker timeouts must be positive");
        }
        if (haUpdateTimeout.compareTo(haFailoverTimeout) >= 0) {
            throw new IllegalArgumentException("amphora.distributor.ha-tracker.update-timeout must be shorter than failover-timeout");
        }
        return this;
    }
}
