package io.amphora.distributor.wiring;

import io.amphora.distributor.DistributorConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Binding shell for {@code amphora.distributor.*}; defaults live in {@link DistributorConfig}.
 *
 * @param replicationFactor ingesters per series (1 in the single process)
 * @param remoteTimeout how long a push to the ingesters may take
 * @param maxRecvMessageSize largest remote-write body, compressed or decompressed
 * @param haFailoverTimeout silence of the elected HA replica before another is elected
 * @param haUpdateTimeout how often the elected replica's last-seen time is written back
 */
@ConfigurationProperties("amphora.distributor")
public record DistributorProperties(Integer replicationFactor, Duration remoteTimeout, DataSize maxRecvMessageSize,
                                    Duration haFailoverTimeout, Duration haUpdateTimeout) {
    DistributorConfig toConfig() {
        return new DistributorConfig(
                replicationFactor != null ? replicationFactor : DistributorConfig.DEFAULT_REPLICATION_FACTOR,
                remoteTimeout != null ? remoteTimeout : DistributorConfig.DEFAULT_REMOTE_TIMEOUT,
                maxRecvMessageSize != null ? (int) Math.min(Integer.MAX_VALUE - 8, maxRecvMessageSize.toBytes())
                        : DistributorConfig.DEFAULT_MAX_RECV_MESSAGE_SIZE,
                haFailoverTimeout != null ? haFailoverTimeout : DistributorConfig.DEFAULT_HA_FAILOVER_TIMEOUT,
                haUpdateTimeout != null ? haUpdateTimeout : DistributorConfig.DEFAULT_HA_UPDATE_TIMEOUT)
                .validate();
    }
}
